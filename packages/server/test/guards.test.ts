import { beforeAll, describe, expect, it } from 'vitest';
import { createPrice, createSession } from '../../../test/support/checkout.js';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { useFlexServer } from '../../../test/support/flex-server.js';

/** The widget routes' rate limits: a 429 in the one error shape, with how long to wait. */
describe('rate limits on the widget routes', () => {
  describe('per checkout session', () => {
    const server = useFlexServer('sqlite', 'embedded', { rateLimit: { perSession: 5, perIp: 1000 } });
    let price: string;
    beforeAll(async () => {
      price = (await createPrice(server.sandbox, { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation' })).price_id;
    });

    it('answers 429 once a session has made its calls for the minute; other sessions are not affected', async () => {
      const busy = await createSession(server.sandbox, { line_items: [{ price }] });
      const read = (s: { checkout_session_id: string; client_secret: string }) =>
        server.call('GET', `/flex/sessions/${s.checkout_session_id}`, { key: s.client_secret });
      for (let i = 0; i < 5; i++) expect((await read(busy)).status).toBe(200);
      const limited = await read(busy);
      expect(limited.status).toBe(429);
      expect(limited.body).toEqual({
        detail: [{ loc: [], msg: 'Too many requests for this checkout session. Wait a minute and try again.', type: 'rate_limit_error' }],
      });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      const other = await createSession(server.sandbox, { line_items: [{ price }] });
      expect((await read(other)).status).toBe(200);
    });
  });

  // The counts live in the server's database: on both of them.
  describeEachDatabase('finding 2: a wrong secret counts against its sender, never against the session', (kind) => {
    const server = useFlexServer(kind, 'embedded', { rateLimit: { perSession: 5, perIp: 1000 }, trustProxy: true });

    it('a stranger who knows the session ID cannot lock its shopper out; the stranger is limited instead', async () => {
      const price = (await createPrice(server.sandbox, { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation' })).price_id;
      const session = await createSession(server.sandbox, { line_items: [{ price }] });
      const path = `/flex/sessions/${session.checkout_session_id}`;
      const stranger = () =>
        server.call('GET', path, { key: `${session.checkout_session_id}_secret_guessguess`, headers: { 'x-forwarded-for': '203.0.113.66' } });
      const statuses: number[] = [];
      for (let i = 0; i < 35; i++) statuses.push((await stranger()).status);
      // Thirty refusals a minute, then the stranger is told to wait.
      expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
      // The shopper, from their own address, still has all five of the session's calls.
      const shopper = () => server.call('GET', path, { key: session.client_secret, headers: { 'x-forwarded-for': '198.51.100.7' } });
      for (let i = 0; i < 5; i++) expect((await shopper()).status).toBe(200);
      expect((await shopper()).status).toBe(429);
    });
  });

  describe('per address', () => {
    // Behind a proxy that sets X-Forwarded-For (trustProxy); see below for without.
    const server = useFlexServer('sqlite', 'embedded', { rateLimit: { perSession: 1000, perIp: 4 }, trustProxy: true });

    it('answers 429 once an address has made its calls for the minute, whichever sessions it reads', async () => {
      const price = (await createPrice(server.sandbox, { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation' })).price_id;
      const sessions = await Promise.all([1, 2, 3, 4, 5].map(() => createSession(server.sandbox, { line_items: [{ price }] })));
      const from = (ip: string, s: { checkout_session_id: string; client_secret: string }) =>
        server.call('GET', `/flex/sessions/${s.checkout_session_id}`, { key: s.client_secret, headers: { 'x-forwarded-for': ip } });
      for (const s of sessions.slice(0, 4)) expect((await from('203.0.113.7', s)).status).toBe(200);
      const limited = await from('203.0.113.7', sessions[4]);
      expect(limited.status).toBe(429);
      expect(limited.body.detail[0]).toMatchObject({ type: 'rate_limit_error', msg: expect.stringContaining('this address') });
      expect((await from('198.51.100.2', sessions[4])).status).toBe(200);
    });
  });

  describe('without a trusted proxy', () => {
    const server = useFlexServer('sqlite', 'embedded', { rateLimit: { perSession: 1000, perIp: 3 } });

    it('ignores X-Forwarded-For: a caller cannot dodge the limit by sending another address each time', async () => {
      const price = (await createPrice(server.sandbox, { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation' })).price_id;
      const session = await createSession(server.sandbox, { line_items: [{ price }] });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const answer = await server.call('GET', `/flex/sessions/${session.checkout_session_id}`, {
          key: session.client_secret,
          headers: { 'x-forwarded-for': `192.0.2.${i}` },
        });
        statuses.push(answer.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
    });
  });
});
