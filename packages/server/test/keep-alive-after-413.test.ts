import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type RunningServer } from '@flex-checkout/server';
import { createPrice, createSession } from '../../../test/support/checkout.js';
import { useFlexServer } from '../../../test/support/flex-server.js';
import { oversizedThenNormal } from '../../../test/support/http-probes.js';

/**
 * Review finding 10 (issue 15): a 413 left the connection half-read, so the next request a
 * keep-alive client (Node's fetch) sent on that socket failed with a reset. A refused body
 * is now answered with `Connection: close`.
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
  ])('%s: the 413 closes the connection and the next request on the agent succeeds', async (_, path) => {
    const rounds = await oversizedThenNormal(post(path()), view);
    expect(rounds).toEqual(rounds.map(() => ({ oversized: 413, normal: 200 })));
  });

  it('answers the 413 in the error shape, with Connection: close', async () => {
    const res = await post(`/flex/sessions/${session.checkout_session_id}/customer_details`)(new Blob(['x'.repeat(100 * 1024)]).stream());
    expect(res.status).toBe(413);
    expect(res.headers.get('connection')).toBe('close');
    expect(await res.json()).toEqual({ detail: [{ loc: ['body'], msg: 'The body is larger than 64 KB', type: 'payload_too_large' }] });
  });
});
