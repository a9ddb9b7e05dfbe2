import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type RunningServer } from '@flex-checkout/server';
import { DRAIN_LIMIT } from '../src/guards/body-limit.js';
import { createPrice, createSession } from '../../../test/support/checkout.js';
import { useFlexServer } from '../../../test/support/flex-server.js';
import { oversizedThenNormal } from '../../../test/support/http-probes.js';

/**
 * Review finding 10 (issue 15): a 413 left the connection half-read, so the next request a
 * keep-alive client (Node's fetch) sent on that socket failed with a reset. A refused body
 * is now read to its end before the 413 (up to DRAIN_LIMIT), or answered with
 * `Connection: close` when it is larger than that.
 */
describe('finding 10: the companion server after a 413, on a keep-alive connection', () => {
  const harness = useFlexServer('sqlite', 'embedded', { webhookSecret: `whsec_${Buffer.from('k'.repeat(32)).toString('base64')}` });
  let server: RunningServer;
  let session: { checkout_session_id: string; client_secret: string };
  beforeAll(async () => {
    server = await serve(harness.flex.app, { port: 0, hostname: '127.0.0.1' });
    const price = (await createPrice(harness.sandbox, { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation' })).price_id;
    session = await createSession(harness.sandbox, { line_items: [{ price }] });
  });
  afterAll(() => server?.close());

  const view = () => fetch(`${server.url}/flex/sessions/${session.checkout_session_id}`, { headers: { authorization: `Bearer ${session.client_secret}` } });
  const post = (path: string) => (body: ReadableStream<Uint8Array>) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.client_secret}`, 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);

  it.each([
    ['a widget route (64 KB limit)', () => `/flex/sessions/${session.checkout_session_id}/customer_details`],
    ['the webhook route (1 MB limit)', () => '/flex/webhooks'],
  ])('%s: a 2 MB body gets its 413 and the next request on the agent succeeds', async (_, path) => {
    const rounds = await oversizedThenNormal(post(path()), view);
    expect(rounds).toEqual(rounds.map(() => ({ oversized: 413, normal: 200 })));
  });

  it('a body past what is drained: the connection is closed, and the next request on the agent still succeeds', async () => {
    const rounds = await oversizedThenNormal(post(`/flex/sessions/${session.checkout_session_id}/customer_details`), view, {
      rounds: 2,
      bytes: DRAIN_LIMIT * 2,
    });
    expect(rounds.map((r) => r.normal)).toEqual([200, 200]);
    const declared = await fetch(`${server.url}/flex/sessions/${session.checkout_session_id}/customer_details`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.client_secret}`, 'content-type': 'application/json', 'content-length': String(DRAIN_LIMIT + 1) },
      body: 'x'.repeat(DRAIN_LIMIT + 1),
    }).catch((error: unknown) => error);
    if (declared instanceof Response) {
      expect(declared.status).toBe(413);
      expect(declared.headers.get('connection')).toBe('close');
    }
    expect((await view()).status).toBe(200);
  });

  it('answers the 413 in the error shape', async () => {
    const res = await post(`/flex/sessions/${session.checkout_session_id}/customer_details`)(new Blob(['x'.repeat(100 * 1024)]).stream());
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ detail: [{ loc: ['body'], msg: 'The body is larger than 64 KB', type: 'payload_too_large' }] });
  });
});
