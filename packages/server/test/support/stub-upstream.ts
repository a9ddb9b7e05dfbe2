import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the stub received it. */
export interface StubRequest {
  method: string;
  /** Path and query: `/v1/products?limit=1`. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What the stub answers: a status with headers and a body (JSON or not), or `drop`: the connection closed with no answer. */
export type StubAnswer = { status: number; headers?: Record<string, string>; body?: string } | 'drop';

export interface StubUpstream {
  /** `http://127.0.0.1:<port>`, for `httpUpstream`. */
  url: string;
  /** Every request received, in order. */
  requests: StubRequest[];
  close(): Promise<void>;
}

/**
 * A stand-in upstream on a loopback port, over real HTTP: each request is answered by
 * `answer` (given the request and its 1-based number). For the answers a healthy sandbox
 * never gives: a 503, a 429 without a body, an HTML page, a connection dropped after the
 * request was read.
 */
export async function stubUpstream(answer: (request: StubRequest, n: number) => StubAnswer | Promise<StubAnswer>): Promise<StubUpstream> {
  const requests: StubRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: StubRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(request);
      void (async () => {
        let reply: StubAnswer;
        try {
          reply = await answer(request, requests.length);
        } catch (error) {
          reply = { status: 599, body: String(error) };
        }
        if (reply === 'drop') {
          req.socket.destroy();
          return;
        }
        res.writeHead(reply.status, reply.headers ?? {});
        res.end(reply.body ?? '');
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A JSON answer. */
export const jsonAnswer = (status: number, body: unknown, headers: Record<string, string> = {}): StubAnswer => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
