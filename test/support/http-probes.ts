import { connect, type Socket } from 'node:net';

/**
 * Probes of a server's HTTP hygiene, shared by the sandbox's, the companion server's and the
 * demo's tests: what a keep-alive client sees after a refused body, and what becomes of a
 * client that sends slowly or hangs up.
 */

/** A body of `bytes` sent chunked (no Content-Length), so the server must read it to refuse it. */
export function chunkedBody(bytes: number): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      controller.enqueue(chunk);
      sent += chunk.length;
    },
  });
}

export interface Round {
  oversized: number | string;
  normal: number | string;
}

/**
 * Node's fetch keeps connections alive: sends an oversized body, then a normal request, on
 * the same agent, `rounds` times. A socket left half-read shows up as a thrown fetch
 * ("fetch failed", UND_ERR_SOCKET) instead of a status.
 */
export async function oversizedThenNormal(
  oversized: (body: ReadableStream<Uint8Array>) => Promise<Response>,
  normal: () => Promise<Response>,
  { rounds = 4, bytes = 2 * 1024 * 1024 } = {},
): Promise<Round[]> {
  const outcome = async (send: () => Promise<Response>) => {
    try {
      const res = await send();
      await res.arrayBuffer();
      return res.status;
    } catch (error) {
      return `${String(error)} ${String((error as { cause?: { code?: string } }).cause?.code ?? '')}`.trim();
    }
  };
  const results: Round[] = [];
  for (let i = 0; i < rounds; i++) {
    results.push({ oversized: await outcome(() => oversized(chunkedBody(bytes))), normal: await outcome(normal) });
  }
  return results;
}

/** A raw TCP client: what it was sent back, and when the server closed the connection. */
export interface RawClient {
  socket: Socket;
  received: () => string;
  /** Resolves when the server ends or destroys the connection; rejects after `ms`. */
  closedWithin(ms: number): Promise<void>;
}

export async function rawClient(port: number, host = '127.0.0.1'): Promise<RawClient> {
  const socket = connect(port, host);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString()));
  socket.on('error', () => {}); // a reset is one way of being closed
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    socket,
    received: () => received,
    closedWithin: (ms) =>
      Promise.race([
        closed,
        new Promise<void>((_, reject) =>
          setTimeout(() => reject(new Error(`the server kept the connection open over ${ms} ms; it sent: ${JSON.stringify(received)}`)), ms).unref(),
        ),
      ]),
  };
}

/** Polls `condition` until it holds or `ms` pass (then throws `what`). */
export async function until(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
