import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request the receiver got. */
export interface Received {
  /** `svix-id`: the event's ID, the same on every attempt. */
  id: string;
  body: string;
  /** Whether the signature verified with the `standardwebhooks` library under the endpoint's secret. */
  verified: boolean;
  /** What the receiver answered (null: it held the request open and never answered). */
  status: number | null;
  /** This request's number among the requests for the same ID (1 for the first). */
  nth: number;
}

/** What to do with a request: answer this status, or hold it open (never answer). */
export type Decide = (request: { id: string; nth: number }) => number | 'hold';

export interface Receiver {
  url: string;
  /** Set once the endpoint is created: its `whsec_` secret. */
  secret: string | undefined;
  decide: Decide;
  received: Received[];
  /** The events handed to the "handler": verified and answered 2xx, once per ID. */
  handled: Map<string, string>;
  /** Resolves once `n` distinct events were handled. */
  handledCount(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A merchant's webhook endpoint on a loopback port: it verifies every delivery with the
 * `standardwebhooks` reference library (the Svix header names mapped onto the standard's),
 * answers as `decide` says, and hands each verified event to its "handler" once per ID.
 */
export async function startReceiver(decide: Decide = () => 200): Promise<Receiver> {
  const held = new Set<ServerResponse>();
  const receiver: Receiver = {
    url: '',
    secret: undefined,
    decide,
    received: [],
    handled: new Map(),
    async handledCount(n, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      while (receiver.handled.size < n) {
        if (Date.now() > until) throw new Error(`only ${receiver.handled.size} of ${n} events were handled in ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    close: async () => {
      for (const res of held) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const id = String(req.headers['svix-id'] ?? '');
    let verified: boolean;
    try {
      new Webhook(receiver.secret!).verify(body, {
        'webhook-id': id,
        'webhook-timestamp': String(req.headers['svix-timestamp'] ?? ''),
        'webhook-signature': String(req.headers['svix-signature'] ?? ''),
      });
      verified = true;
    } catch {
      verified = false;
    }
    const nth = receiver.received.filter((r) => r.id === id).length + 1;
    const decision = verified ? receiver.decide({ id, nth }) : 400;
    const entry: Received = { id, body, verified, status: decision === 'hold' ? null : decision, nth };
    receiver.received.push(entry);
    if (decision === 'hold') {
      held.add(res);
      return;
    }
    if (decision >= 200 && decision < 300 && !receiver.handled.has(id)) receiver.handled.set(id, body);
    res.writeHead(decision, { 'content-type': 'application/json' }).end('{}');
  };
  // A failure while answering (the sender gave up mid-body) drops the connection, as a
  // receiver that crashed would.
  const server = createServer((req, res) => {
    answer(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
  return receiver;
}
