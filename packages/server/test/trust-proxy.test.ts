import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type RunningServer } from '@flex-checkout/server';
import { clientIp, type TrustProxy } from '../src/guards/index.js';
import { createPrice, createSession } from '../../../test/support/checkout.js';
import { useFlexServer } from '../../../test/support/flex-server.js';

/** The address `clientIp` finds for a request from `socket` carrying `forwarded`. */
async function addressSeen(trust: TrustProxy, socket: string | undefined, forwarded?: string): Promise<string> {
  const app = new Hono();
  app.get('/', (c) => c.text(clientIp(trust)(c)));
  const env = socket === undefined ? undefined : { incoming: { socket: { remoteAddress: socket } } };
  const res = await app.request('/', { headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } }, env);
  return res.text();
}

/**
 * Review finding 3 (issue 15): behind a proxy (`trustProxy`), the per-IP limit took the
 * first X-Forwarded-For hop, which the client writes: a new made-up address on each request
 * dodged the limit. It now takes the address the trusted proxy saw, as Express does.
 */
describe('finding 3: the per-IP limit behind a proxy uses the address the proxy saw', () => {
  it('trustProxy true (one proxy) takes the right-most hop, whatever the client put before it', async () => {
    expect(await addressSeen(true, '10.0.0.5', 'forged-by-client, 203.0.113.7')).toBe('203.0.113.7');
    expect(await addressSeen(1, '10.0.0.5', '198.51.100.99, 203.0.113.7')).toBe('203.0.113.7');
  });

  it('a number of hops skips that many proxies from the right', async () => {
    expect(await addressSeen(2, '10.0.0.5', '192.0.2.1, 203.0.113.7, 10.0.0.9')).toBe('203.0.113.7');
    // Fewer hops than proxies trusted: the left-most there is (nothing further to skip).
    expect(await addressSeen(3, '10.0.0.5', '203.0.113.7')).toBe('203.0.113.7');
  });

  it('a list of proxy addresses or ranges believes only hops from them', async () => {
    const proxies = ['10.0.0.0/8', '127.0.0.1'];
    expect(await addressSeen(proxies, '10.0.0.5', '192.0.2.1, 203.0.113.7, 10.1.2.3')).toBe('203.0.113.7');
    // A socket that is not one of the proxies: the header is the caller's own, and ignored.
    expect(await addressSeen(proxies, '198.51.100.4', '203.0.113.7')).toBe('198.51.100.4');
    expect(await addressSeen(['loopback'], '::ffff:127.0.0.1', '203.0.113.8')).toBe('203.0.113.8');
  });

  it('without trustProxy the header is ignored', async () => {
    expect(await addressSeen(false, '198.51.100.4', '203.0.113.7')).toBe('198.51.100.4');
  });

  it('refuses a trustProxy it cannot read when the server is created', () => {
    expect(() => clientIp(-1)).toThrow(/trustProxy/);
    expect(() => clientIp(['not an address'])).toThrow();
  });

  describe('over HTTP, behind one proxy (trustProxy: 1)', () => {
    const harness = useFlexServer('sqlite', 'embedded', { rateLimit: { perSession: 1000, perIp: 3 }, trustProxy: 1 });
    let server: RunningServer;
    let session: { checkout_session_id: string; client_secret: string };
    beforeAll(async () => {
      server = await serve(harness.flex.app, { port: 0, hostname: '127.0.0.1' });
      const price = (await createPrice(harness.sandbox, { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation' })).price_id;
      session = await createSession(harness.sandbox, { line_items: [{ price }] });
    });
    afterAll(() => server?.close());
    const read = (forwarded: string) =>
      fetch(`${server.url}/flex/sessions/${session.checkout_session_id}`, {
        headers: { authorization: `Bearer ${session.client_secret}`, 'x-forwarded-for': forwarded },
      }).then((res) => res.status);

    it("a client writing a new address before the proxy's each time is still limited; another real address is not", async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push(await read(`${randomUUID()}, 203.0.113.7`));
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(await read('203.0.113.7, 198.51.100.2')).toBe(200);
    });
  });
});
