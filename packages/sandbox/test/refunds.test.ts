import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { useSandbox, type SandboxHarness } from '../../../test/support/sandbox.js';
import { checkoutOnSession, createPrice, createSession } from '../../../test/support/checkout.js';
import { eventsAbout, must } from './support/billing.js';

/** What the refunds table holds for one payment intent, read straight from the database. */
async function refundedRows(sandbox: SandboxHarness, paymentIntent: string): Promise<{ count: number; total: number }> {
  const row = await (sandbox.db.store.db as any)
    .selectFrom('refunds')
    .select([sql<number>`count(*)`.as('n'), sql<number>`coalesce(sum(amount), 0)`.as('total')])
    .where('payment_intent_id', '=', paymentIntent)
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), total: Number(row.total) };
}

describeEachDatabase('refunds', (kind) => {
  const sandbox = useSandbox(kind);
  const call = (...args: Parameters<SandboxHarness['call']>) => sandbox.call(...args);
  let vitamins: { price_id: string; product_id: string }, mat: { price_id: string; product_id: string };

  beforeAll(async () => {
    vitamins = await createPrice(call, { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation', name: 'Vitamins' }, { unit_amount: 2500 });
    mat = await createPrice(call, { visit_type: null, hsa_fsa_eligibility: 'not_eligible', name: 'Mat' }, { unit_amount: 5000 });
  });

  const paidSession = (extra: Record<string, unknown> = {}) =>
    checkoutOnSession(call, { line_items: [{ price: vitamins.price_id, quantity: 2 }, { price: mat.price_id }], ...extra });

  it('refunds a whole session with {}: the session, the refund, the balance and the events agree', async () => {
    const done = await paidSession();
    expect(done).toMatchObject({
      amount_total: 10000,
      amount_received: 10000,
      amount_refunded: 0,
      payment_intent: done.payment_intent_id,
      payment_intents: [done.payment_intent_id],
    });
    const answer = must(await call('POST', `/v1/checkout/sessions/${done.checkout_session_id}/refund`, { body: {} }), 'refund');
    expect(answer.refunds).toEqual([
      expect.objectContaining({
        refund_id: expect.stringMatching(/^fre_/),
        amount: 10000,
        status: 'succeeded',
        payment_intent_id: done.payment_intent_id,
        reference_status: 'available',
      }),
    ]);
    expect(answer.checkout_session).toMatchObject({ amount_refunded: 10000, refunds: answer.refunds });
    const refund = answer.refunds[0];
    expect(must(await call('GET', `/v1/refunds/${refund.refund_id}`), 'get').refund).toEqual(refund);
    expect((await eventsAbout(call, 'refund.created', 'refund_id', refund.refund_id)).length).toBe(1);
    const charged = await eventsAbout(call, 'charge.refunded', 'payment_intent_id', done.payment_intent_id);
    expect(charged.at(-1)!.object).toMatchObject({ amount_refunded: 10000, refunded: true, charge_id: done.latest_charge });
    const txns = must(await call('GET', '/v1/balance_transactions?type=refund&limit=100'), 'txns').balance_transactions;
    expect(txns.find((t: any) => t.source_id === refund.refund_id)).toMatchObject({ amount: -10000, fee: 0, net: -10000, type: 'refund' });

    // Nothing is left: a second refund is refused and writes nothing.
    const again = await call('POST', `/v1/checkout/sessions/${done.checkout_session_id}/refund`, { body: {} });
    expect(again.status).toBe(422);
    expect(await refundedRows(sandbox, done.payment_intent_id)).toEqual({ count: 1, total: 10000 });
  });

  it('refunds by line (whole or part) and by amount; a line never gives back more than it cost', async () => {
    const done = await paidSession();
    const path = `/v1/checkout/sessions/${done.checkout_session_id}/refund`;
    const first = must(
      await call('POST', path, { body: { checkout_session: { line_items: [{ product: mat.product_id }], refund_metadata: { why: 'damaged' } } } }),
      'by line',
    );
    expect(first.refunds[0]).toMatchObject({
      amount: 5000,
      metadata: { why: 'damaged' },
      items: [{ price: mat.price_id, amount: 5000, line_item_id: expect.stringMatching(/^fli_/) }],
    });
    const over = await call('POST', path, { body: { checkout_session: { line_items: [{ price: mat.price_id, amount_to_refund: 1 }] } } });
    expect(over.status).toBe(422);
    const part = must(await call('POST', path, { body: { checkout_session: { line_items: [{ price: vitamins.price_id, amount_to_refund: 1000 }] } } }), 'part');
    expect(part.refunds[0].amount).toBe(1000);
    const byAmount = must(await call('POST', path, { body: { checkout_session: { amount: 1500 } } }), 'amount');
    expect(byAmount.checkout_session.amount_refunded).toBe(7500);
    // 2500 is left; 2501 is one cent too many, and nothing is written.
    const tooMuch = await call('POST', path, { body: { checkout_session: { amount: 2501 } } });
    expect(tooMuch.status).toBe(422);
    expect(await refundedRows(sandbox, done.payment_intent_id)).toEqual({ count: 3, total: 7500 });
    expect(must(await call('GET', `/v1/refunds?checkout_session=${done.checkout_session_id}`), 'list').refunds).toHaveLength(3);
  });

  it('previews a refund across the cards (one card: all of it), checking the cards given', async () => {
    const done = await paidSession();
    const path = `/v1/checkout/sessions/${done.checkout_session_id}/refund_allocation`;
    const preview = must(await call('POST', path, { body: { checkout_session: { amount: 3000 } } }), 'allocation');
    expect(preview).toEqual({ allocations: [{ payment_method_id: done.payment_method, last4: '4242', amount: 3000 }] });
    const wrong = await call('POST', path, {
      body: { checkout_session: { amount: 3000, payment_methods: [{ payment_method_id: done.payment_method, amount: 2000 }] } },
    });
    expect(wrong.status).toBe(422);
    expect(await refundedRows(sandbox, done.payment_intent_id)).toEqual({ count: 0, total: 0 });
  });

  it('refunds by payment intent (POST /v1/refunds), with reason and a default of what is left', async () => {
    const done = await paidSession();
    const partial = must(
      await call('POST', '/v1/refunds', { body: { refund: { payment_intent_id: done.payment_intent_id, amount: 4000, reason: 'requested_by_customer' } } }),
      'partial',
    );
    expect(partial.refund).toMatchObject({ amount: 4000, reason: 'requested_by_customer', checkout_session_id: done.checkout_session_id });
    const rest = must(await call('POST', '/v1/refunds', { body: { refund: { payment_intent_id: done.payment_intent_id } } }), 'rest');
    expect(rest.refund.amount).toBe(6000);
    const session = must(await call('GET', `/v1/checkout/sessions/${done.checkout_session_id}`), 'session').checkout_session;
    expect(session).toMatchObject({ amount_received: 10000, amount_refunded: 10000 });
    expect(session.refunds.map((r: any) => r.amount)).toEqual([4000, 6000]);
  });

  it('never refunds more than was received, across concurrent requests: 2 of 6 racing refunds of 40% succeed', async () => {
    const done = await paidSession();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => call('POST', '/v1/refunds', { body: { refund: { payment_intent_id: done.payment_intent_id, amount: 4000 } } })),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 200, 422, 422, 422, 422]);
    for (const a of answers.filter((x) => x.status !== 200)) expect(a.body.detail[0].msg).toMatch(/more than is left to refund/);
    expect(await refundedRows(sandbox, done.payment_intent_id)).toEqual({ count: 2, total: 8000 });
    const session = must(await call('GET', `/v1/checkout/sessions/${done.checkout_session_id}`), 'session').checkout_session;
    expect(session.amount_refunded).toBe(8000);
    expect(session.refunds).toHaveLength(2);
  });

  it('answers an open session, an unknown one and bad bodies in the error shape, writing nothing', async () => {
    const open = await createSession(call, { line_items: [{ price: mat.price_id }] });
    const notComplete = await call('POST', `/v1/checkout/sessions/${open.checkout_session_id}/refund`, { body: {} });
    expect(notComplete.status).toBe(422);
    expect(notComplete.body.detail[0].msg).toMatch(/Checkout Session Not Complete/);
    expect((await call('POST', '/v1/checkout/sessions/fcs_00000000000000000000000001/refund', { body: {} })).status).toBe(404);
    expect((await call('POST', '/v1/refunds', { body: { refund: { payment_intent_id: 'fpi_00000000000000000000000001' } } })).status).toBe(404);
    expect((await call('POST', '/v1/refunds', { body: { refund: { payment_intent_id: 'nope' } } })).status).toBe(422);
    expect((await call('POST', '/v1/refunds', { body: { refund: { payment_intent_id: open.checkout_session_id, amount: -1 } } })).status).toBe(422);
    expect((await call('POST', '/v1/refunds', { body: { refund: { surprise: 1 } } })).status).toBe(400);
    const count = await (sandbox.db.store.db as any)
      .selectFrom('refunds')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBeGreaterThan(0); // earlier tests' refunds, none of these
    expect(must(await call('GET', '/v1/refunds?limit=100'), 'all').refunds.every((r: any) => r.checkout_session_id !== open.checkout_session_id)).toBe(true);
  });

  it('lists 20 a page by default (Flex documents 20 on refunds), by status and payment intent', async () => {
    const list = must(await call('GET', '/v1/refunds?status=succeeded'), 'list');
    expect(list.refunds.length).toBeGreaterThan(0);
    expect(list.refunds.length).toBeLessThanOrEqual(20);
    expect(list.refunds.every((r: any) => r.status === 'succeeded')).toBe(true);
  });
});
