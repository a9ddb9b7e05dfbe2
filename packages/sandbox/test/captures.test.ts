import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { useSandbox, type SandboxHarness } from '../../../test/support/sandbox.js';
import {
  CARDS,
  authenticate,
  browserOf,
  checkoutOnHostedPage,
  checkoutOnSession,
  createPrice,
  createSession,
  tokenFor,
} from '../../../test/support/checkout.js';
import { eventsAbout, must, DAY_S } from './support/billing.js';

const getPi = async (call: SandboxHarness['call'], id: string) => must(await call('GET', `/v1/payment_intents/${id}`), 'pi').payment_intent;

describeEachDatabase('manual capture', (kind) => {
  const sandbox = useSandbox(kind);
  const call = (...args: Parameters<SandboxHarness['call']>) => sandbox.call(...args);
  const page = (path: string, init: RequestInit = {}) => Promise.resolve(sandbox.app.request(path, init));
  let kit: { price_id: string; product_id: string }, socks: { price_id: string; product_id: string };

  beforeAll(async () => {
    kit = await createPrice(call, { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation', name: 'First aid kit' }, { unit_amount: 6000 });
    socks = await createPrice(call, { visit_type: null, hsa_fsa_eligibility: 'not_eligible', name: 'Socks' }, { unit_amount: 4000 });
  });
  const authorized = (extra: Record<string, unknown> = {}) =>
    checkoutOnSession(call, { capture_method: 'manual', line_items: [{ price: kit.price_id }, { price: socks.price_id }], ...extra });

  it('the in-page confirm authorizes: the session completes with the money held, not taken', async () => {
    const done = await authorized();
    expect(done).toMatchObject({ status: 'complete', capture_method: 'manual', amount_total: 10000, amount_received: 0, captures: [] });
    const pi = await getPi(call, done.payment_intent);
    expect(pi).toMatchObject({
      status: 'requires_capture',
      amount: 10000,
      amount_capturable: 10000,
      amount_received: 0,
      capture_method: 'manual',
      latest_charge: expect.stringMatching(/^fch_/),
    });
    expect(pi.capture_before - Math.floor(Date.parse(pi.created_at) / 1000)).toBeGreaterThanOrEqual(7 * DAY_S - 1);
    expect(await eventsAbout(call, 'payment_intent.amount_capturable_updated', 'payment_intent_id', pi.payment_intent_id)).toHaveLength(1);
    expect(await eventsAbout(call, 'payment_intent.succeeded', 'payment_intent_id', pi.payment_intent_id)).toHaveLength(0);
    // The shopper's view says what is held, so the page can say "authorized", not "paid".
    const view = must(await browserOf(call, done).view(), 'view').checkout_session;
    expect(view.completion).toMatchObject({ amount_received: 0, amount_authorized: 10000 });
  });

  it('the hosted page authorizes too', async () => {
    const done = await checkoutOnHostedPage(page, call, { capture_method: 'manual', line_items: [{ price: kit.price_id }] });
    expect((await getPi(call, done.payment_intent)).status).toBe('requires_capture');
  });

  it('a 3-D Secure card authorizes once authenticated', async () => {
    const session = await createSession(call, { capture_method: 'manual', line_items: [{ price: kit.price_id }] });
    const browser = browserOf(call, session);
    must(await browser.details({ email: 'tds@example.com', first_name: 'T', last_name: 'S' }), 'details');
    const confirmed = must(await browser.confirm(await tokenFor(call, CARDS.threeDSecure)), 'confirm');
    expect(confirmed.status).toBe('requires_action');
    must(await authenticate(call, confirmed.next_action.client_secret, 'complete'), 'authenticate');
    const done = must(await call('GET', `/v1/checkout/sessions/${session.checkout_session_id}`), 'session').checkout_session;
    expect(await getPi(call, done.payment_intent)).toMatchObject({ status: 'requires_capture', amount_capturable: 6000, amount_received: 0 });
  });

  it('captures in parts, never past the authorization; the last capture releases the rest', async () => {
    const done = await authorized();
    const path = `/v1/checkout/sessions/${done.checkout_session_id}`;
    const preview = must(
      await call('POST', `${path}/capture_allocation`, { body: { checkout_session: { line_items: [{ product: kit.product_id }] } } }),
      'preview',
    );
    expect(preview.allocations).toEqual([{ payment_method_id: done.payment_method, last4: '4242', amount: 6000 }]);
    const over = await call('POST', `${path}/capture`, { body: { checkout_session: { amount: 10001 } } });
    expect(over.status).toBe(422);
    expect(over.body.detail[0].msg).toMatch(/more than the authorization still holds/);

    const first = must(
      await call('POST', `${path}/capture`, {
        body: { checkout_session: { line_items: [{ price: kit.price_id }], final_capture: false, capture_metadata: { box: '1' } } },
      }),
      'first',
    );
    expect(first.capture).toMatchObject({
      amount_captured: 6000,
      final_capture: false,
      metadata: { box: '1' },
      items: [{ amount_captured: 6000, price: kit.price_id, payment_intent: done.payment_intent }],
    });
    expect(first.checkout_session).toMatchObject({ amount_received: 6000, captures: [first.capture] });
    expect(await getPi(call, done.payment_intent)).toMatchObject({ status: 'requires_capture', amount_received: 6000, amount_capturable: 4000 });

    const second = must(await call('POST', `${path}/capture`, { body: { checkout_session: { amount: 1500 } } }), 'final');
    expect(second.capture).toMatchObject({ amount_captured: 1500, final_capture: true });
    expect(await getPi(call, done.payment_intent)).toMatchObject({ status: 'succeeded', amount_received: 7500, amount_capturable: 0 });
    expect((await call('POST', `${path}/capture`, { body: {} })).status).toBe(409);

    const listed = must(await call('GET', `/v1/captures?checkout_session=${done.checkout_session_id}`), 'list').captures;
    expect(listed.map((c: any) => c.capture_id)).toEqual([second.capture.capture_id, first.capture.capture_id]);
    const patched = must(await call('PATCH', `/v1/captures/${first.capture.capture_id}`, { body: { capture: { metadata: { box: '2' } } } }), 'patch');
    expect(patched.capture).toEqual({ ...first.capture, metadata: { box: '2' } });
    expect(must(await call('GET', `/v1/captures/${first.capture.capture_id}`), 'get').capture).toEqual(patched.capture);
    // What was captured is in the balance, each capture with its fee.
    const txns = must(await call('GET', '/v1/balance_transactions?type=charge&limit=100'), 'txns').balance_transactions.filter(
      (t: any) => t.flex_payment_intent_id === done.payment_intent,
    );
    expect(txns.map((t: any) => [t.amount, t.fee]).sort()).toEqual([
      [1500, 74],
      [6000, 204],
    ]);
    // And only what was captured can be refunded.
    expect((await call('POST', '/v1/refunds', { body: { refund: { payment_intent_id: done.payment_intent, amount: 7501 } } })).status).toBe(422);
  });

  it('never captures past the authorization, across concurrent requests: 1 of 5 racing captures of 60% succeeds', async () => {
    const done = await authorized();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        call('POST', `/v1/checkout/sessions/${done.checkout_session_id}/capture`, { body: { checkout_session: { amount: 6000, final_capture: false } } }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 422, 422, 422, 422]);
    const pi = await getPi(call, done.payment_intent);
    expect(pi).toMatchObject({ amount_received: 6000, amount_capturable: 4000 });
    const rows = await (sandbox.db.store.db as any)
      .selectFrom('captures')
      .select(sql<number>`count(*)`.as('n'))
      .where('checkout_session_id', '=', done.checkout_session_id)
      .executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(1);
  });

  it('cancel releases the authorization; nothing can be captured or refunded after', async () => {
    const done = await authorized();
    const canceled = must(await call('POST', `/v1/checkout/sessions/${done.checkout_session_id}/cancel`, { body: {} }), 'cancel');
    expect(canceled.checkout_session.amount_received).toBe(0);
    expect(await getPi(call, done.payment_intent)).toMatchObject({ status: 'canceled', cancellation_reason: 'requested_by_customer', amount_capturable: 0 });
    expect((await call('POST', `/v1/checkout/sessions/${done.checkout_session_id}/capture`, { body: {} })).status).toBe(409);
    expect((await call('POST', `/v1/checkout/sessions/${done.checkout_session_id}/cancel`, { body: {} })).status).toBe(409);
    expect((await call('POST', `/v1/checkout/sessions/${done.checkout_session_id}/refund`, { body: {} })).status).toBe(409);
  });

  it('an authorization lapses after 7 days on the sandbox clock; reauth holds it again, then it can be captured', async () => {
    const done = await authorized();
    const held = await getPi(call, done.payment_intent);
    const reauthEarly = must(await call('POST', `/v1/checkout/sessions/${done.checkout_session_id}/reauth`, { body: {} }), 'reauth');
    expect(reauthEarly.checkout_session.checkout_session_id).toBe(done.checkout_session_id);
    const renewed = await getPi(call, done.payment_intent);
    expect(renewed.capture_before).toBeGreaterThanOrEqual(held.capture_before);

    must(await call('POST', '/v1/test_helpers/advance_time', { body: { to: renewed.capture_before + 1 } }), 'advance');
    const lapsed = await getPi(call, done.payment_intent);
    expect(lapsed).toMatchObject({ status: 'canceled', cancellation_reason: 'automatic', amount_capturable: 0 });
    expect(await eventsAbout(call, 'charge.expired', 'payment_intent_id', done.payment_intent)).toHaveLength(1);
    const refused = await call('POST', `/v1/checkout/sessions/${done.checkout_session_id}/capture`, { body: {} });
    expect(refused.status).toBe(409);
    expect(refused.body.detail[0].msg).toMatch(/lapsed/);

    must(await call('POST', `/v1/checkout/sessions/${done.checkout_session_id}/reauth`, {}), 'reauth after lapse');
    expect(await getPi(call, done.payment_intent)).toMatchObject({ status: 'requires_capture', amount_capturable: 10000 });
    const captured = must(await call('POST', `/v1/checkout/sessions/${done.checkout_session_id}/capture`, { body: {} }), 'capture');
    expect(captured.capture.amount_captured).toBe(10000);
  });

  it('refuses manual capture where it cannot apply, and capture on an automatic session', async () => {
    const sub = await createPrice(
      call,
      { visit_type: null, hsa_fsa_eligibility: 'not_eligible', name: 'Club' },
      { unit_amount: 1000, recurring: { interval: 'monthly' } },
    );
    const refused = await call('POST', '/v1/checkout/sessions', {
      body: { checkout_session: { mode: 'subscription', capture_method: 'manual', line_items: [{ price: sub.price_id }] } },
    });
    expect(refused.status).toBe(422);
    const auto = await checkoutOnSession(call, { line_items: [{ price: socks.price_id }] });
    for (const action of ['capture', 'capture_allocation', 'reauth', 'cancel']) {
      const answer = await call('POST', `/v1/checkout/sessions/${auto.checkout_session_id}/${action}`, { body: {} });
      expect(answer.status, action).toBe(409);
      expect(answer.body.detail).toHaveLength(1);
    }
    expect((await call('POST', `/v1/checkout/sessions/${auto.checkout_session_id}/capture`, { body: { checkout_session: { amount: 'all' } } })).status).toBe(
      400,
    );
  });
});
