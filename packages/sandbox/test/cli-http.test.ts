import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxApp, DEFAULT_SECRET_KEY, openStore } from '@flex-checkout/sandbox';
import { startSandboxProcess, type RunningSandbox } from '../../../test/support/process.js';
import { oversizedThenNormal, rawClient, until, type RawClient } from '../../../test/support/http-probes.js';
import { DRAIN_LIMIT } from '../src/http/body-limit.js';

const auth = { authorization: `Bearer ${DEFAULT_SECRET_KEY}` };

/**
 * Review findings 10 and 11 (issue 15) on the sandbox's own server (`flex-sandbox`): a 413
 * left the keep-alive connection half-read, so the client's next request on it failed; and
 * with no timeouts a client trickling bytes held a socket for minutes, and each abandoned
 * upload was logged at level error as "unhandled".
 */
describe('the flex-sandbox server', () => {
  let dir: string;
  let sandbox: RunningSandbox;
  const clients: RawClient[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flex-sandbox-cli-'));
    sandbox = await startSandboxProcess(join(dir, 'sandbox.sqlite'), ['--headers-timeout-ms', '300', '--request-timeout-ms', '600']);
  });
  afterAll(async () => {
    for (const client of clients) client.socket.destroy();
    await sandbox?.kill();
    rmSync(dir, { recursive: true, force: true });
  });
  const port = () => Number(new URL(sandbox.url).port);
  const raw = async () => {
    const client = await rawClient(port());
    clients.push(client);
    return client;
  };

  describe('finding 10: after a 413, on a keep-alive connection', () => {
    const list = () => fetch(`${sandbox.url}/v1/products`, { headers: auth });

    it('a 2 MB body sent chunked: every one gets its 413, every next request succeeds', async () => {
      const send = (body: ReadableStream<Uint8Array>) =>
        fetch(`${sandbox.url}/v1/products`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
      const rounds = await oversizedThenNormal(send, list);
      expect(rounds).toEqual(rounds.map(() => ({ oversized: 413, normal: 200 })));
    });

    it('a body past what is drained (32 MB): its connection is closed, and the next request still succeeds', async () => {
      const send = (body: ReadableStream<Uint8Array>) =>
        fetch(`${sandbox.url}/v1/products`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
      const rounds = await oversizedThenNormal(send, list, { rounds: 2, bytes: 32 * 1024 * 1024 });
      expect(rounds.map((r) => r.normal)).toEqual([200, 200]);
    });

    it('a 2 MB body with a Content-Length: the same', async () => {
      const big = JSON.stringify({ product: { name: 'x'.repeat(2 * 1024 * 1024) } });
      const send = () => fetch(`${sandbox.url}/v1/products`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: big });
      const rounds = await oversizedThenNormal(send, list);
      expect(rounds).toEqual(rounds.map(() => ({ oversized: 413, normal: 200 })));
    });
  });

  describe('finding 11: timeouts, and aborts logged as aborts', () => {
    it('closes a connection whose headers never finish (408)', async () => {
      const client = await raw();
      client.socket.write('POST /v1/products HTTP/1.1\r\nHost: sandbox.test\r\n');
      await client.closedWithin(5_000);
      expect(client.received()).toMatch(/^HTTP\/1\.1 408/);
    });

    it('closes a connection whose body never finishes (408)', async () => {
      const client = await raw();
      client.socket.write(
        `POST /v1/products HTTP/1.1\r\nHost: sandbox.test\r\nAuthorization: Bearer ${DEFAULT_SECRET_KEY}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"product":`,
      );
      await client.closedWithin(5_000);
      expect(client.received()).toMatch(/^HTTP\/1\.1 408/);
    });

    it.each([
      ['with a Content-Length', 'Content-Length: 1000\r\n\r\n{"product":'],
      ['chunked', 'Transfer-Encoding: chunked\r\n\r\n5\r\n{"a":\r\n'],
    ])('logs a client that hangs up mid-body (%s) as "client aborted" at info, never "unhandled"', async (_, rest) => {
      const before = sandbox.output().length;
      const client = await raw();
      client.socket.write(
        `POST /v1/products HTTP/1.1\r\nHost: sandbox.test\r\nAuthorization: Bearer ${DEFAULT_SECRET_KEY}\r\nContent-Type: application/json\r\n${rest}`,
      );
      // Let the body's first bytes reach the server before hanging up.
      await new Promise<void>((resolve) => client.socket.write('', () => resolve()));
      setTimeout(() => client.socket.destroy(), 100);
      await until(() => sandbox.output().slice(before).includes('"client aborted"'), 'a "client aborted" line');
      // Every such line is an info "client aborted" (the 408 test's socket may be logged here too).
      const lines = sandbox
        .output()
        .slice(before)
        .split('\n')
        .filter((l) => l.includes('client aborted') || l.includes('unhandled'));
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(JSON.parse(line)).toEqual({ level: 'info', msg: 'client aborted', method: 'POST', path: '/v1/products' });
    });
  });
});

describe('finding 10: the 413 in each profile', () => {
  it.each(['default', 'flex'] as const)("%s profile: in the profile's error shape; Connection: close past what is drained", async (profile) => {
    const store = await openStore({ url: ':memory:' });
    try {
      const app = createSandboxApp({ store, profile });
      const send = (bytes: number) =>
        app.request('/v1/products', {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json', 'content-length': String(bytes) },
          body: 'x'.repeat(bytes),
        });
      const res = await send(1024 * 1024 + 1);
      expect(res.status).toBe(413);
      const body = await res.json();
      if (profile === 'default') expect(body).toEqual({ detail: [{ loc: ['body'], msg: 'The body is larger than 1 MB', type: 'payload_too_large' }] });
      else expect(JSON.stringify(body)).toContain('The body is larger than 1 MB');
      const huge = await send(DRAIN_LIMIT + 1);
      expect(huge.status).toBe(413);
      expect(huge.headers.get('connection')).toBe('close');
    } finally {
      await store.close();
    }
  });
});
