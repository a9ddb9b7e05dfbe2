import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { useSandbox, type SandboxHarness } from '../../../test/support/sandbox.js';
import { checkoutOnSession, createPrice } from '../../../test/support/checkout.js';
import { eventsAbout, must, DAY_S } from './support/billing.js';

const DISPUTING_CARD = '4000000000000259';

describeEachDatabase('disputes, balance transactions and payouts', (kind) => {
  const sandbox = useSandbox(kind);
  const call = (...args: Parameters<SandboxHarness['call']>) => sandbox.call(...args);
  let price: { price_id: string };

  beforeAll(async () => {
    price = await createPrice(call, { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation', name: 'Thermometer' }, { unit_amount: 8000 });
  });

  it('the disputing test card is charged, then disputed: funds withdrawn with the fee, the charge frozen, evidence wins it back', async () => {
    const done = await checkoutOnSession(call, { line_items: [{ price: price.price_id }] }, { card: DISPUTING_CARD });
    expect(done).toMatchObject({ amount_received: 8000, amount_disputed: 8000, disputes: [expect.stringMatching(/^fdsp_/)] });
    const id = done.disputes[0];
    const dispute = must(await call('GET', `/v1/disputes/${id}`), 'dispute').dispute;
    expect(dispute).toMatchObject({
      status: 'needs_response',
      reason: 'fraudulent',
      amount: 8000,
      charge_id: done.latest_charge,
      payment_intent_id: done.payment_intent,
      is_charge_refundable: false,
    });
    expect(dispute.balance_transactions).toEqual([
      expect.objectContaining({ amount: -8000, fee: 1500, dispute_fee_amount: 1500, net: -9500, reporting_category: 'dispute' }),
    ]);
    expect(await eventsAbout(call, 'charge.dispute.created', 'dispute_id', id)).toHaveLength(1);
    // Frozen while open.
    expect((await call('POST', `/v1/checkout/sessions/${done.checkout_session_id}/refund`, { body: {} })).status).toBe(409);

    const listed = must(await call('GET', `/v1/disputes?payment_intent=${done.payment_intent}&statuses=needs_response,under_review`), 'list').disputes;
    expect(listed.map((d: any) => d.dispute_id)).toEqual([id]);
    const saved = must(await call('POST', `/v1/disputes/${id}`, { body: { dispute: { evidence: { customer_name: 'Sam Shopper' } } } }), 'save').dispute;
    expect(saved).toMatchObject({
      status: 'needs_response',
      evidence: { customer_name: 'Sam Shopper' },
      evidence_details: { has_evidence: true, submission_count: 0 },
    });
    const won = must(
      await call('POST', `/v1/disputes/${id}`, { body: { dispute: { evidence: { uncategorized_text: 'winning_evidence' }, submit: true } } }),
      'submit',
    ).dispute;
    expect(won).toMatchObject({ status: 'won', is_charge_refundable: true, evidence_details: { submission_count: 1 } });
    expect(won.balance_transactions.map((t: any) => t.amount)).toEqual([-8000, 8000]);
    expect(await eventsAbout(call, 'charge.dispute.funds_reinstated', 'dispute_id', id)).toHaveLength(1);
    expect(must(await call('GET', `/v1/checkout/sessions/${done.checkout_session_id}`), 's').checkout_session.amount_disputed).toBe(0);
    // Decided: no more evidence, no closing.
    expect((await call('POST', `/v1/disputes/${id}`, { body: { dispute: { submit: true } } })).status).toBe(409);
    expect((await call('POST', `/v1/disputes/${id}/close`, {})).status).toBe(409);
    // Won back: refundable again.
    expect(
      must(await call('POST', `/v1/checkout/sessions/${done.checkout_session_id}/refund`, { body: { checkout_session: { amount: 1000 } } }), 'refund')
        .refunds[0].amount,
    ).toBe(1000);
  });

  it('the test helper opens a partial dispute; closing concedes it, and refunds stop at what it did not take', async () => {
    const done = await checkoutOnSession(call, { line_items: [{ price: price.price_id }] });
    const opened = must(
      await call('POST', '/v1/test_helpers/disputes', { body: { payment_intent: done.payment_intent, amount: 3000, reason: 'product_not_received' } }),
      'open',
    ).dispute;
    const closed = must(await call('POST', `/v1/disputes/${opened.dispute_id}/close`, {}), 'close').dispute;
    expect(closed.status).toBe('lost');
    expect(await eventsAbout(call, 'charge.dispute.closed', 'dispute_id', opened.dispute_id)).toHaveLength(1);
    expect((await call('POST', '/v1/refunds', { body: { refund: { payment_intent_id: done.payment_intent, amount: 5001 } } })).status).toBe(422);
    expect(must(await call('POST', '/v1/refunds', { body: { refund: { payment_intent_id: done.payment_intent } } }), 'rest').refund.amount).toBe(5000);
    // Nothing left to dispute.
    expect((await call('POST', '/v1/test_helpers/disputes', { body: { payment_intent: done.payment_intent } })).status).toBe(422);
    expect((await call('GET', '/v1/disputes/fdsp_00000000000000000000000001')).status).toBe(404);
    expect((await call('POST', `/v1/disputes/${opened.dispute_id}`, { body: { dispute: { evidence: { not_a_field: 'x' } } } })).status).toBe(400);
  });

  it('pays out the available balance daily: payouts are the sum of what they took, net of fees', async () => {
    const done = await checkoutOnSession(call, { line_items: [{ price: price.price_id }] });
    const charge = must(await call('GET', '/v1/balance_transactions?type=charge&limit=100'), 'txns').balance_transactions.find(
      (t: any) => t.flex_payment_intent_id === done.payment_intent,
    );
    expect(charge).toMatchObject({
      amount: 8000,
      fee: 262,
      transaction_fee_amount: 262,
      net: 7738,
      status: 'pending',
      payout_id: null,
      checkout_session_id: done.checkout_session_id,
    });
    must(await call('POST', '/v1/test_helpers/advance_time', { body: { seconds: 4 * DAY_S } }), 'advance');
    const payouts = must(await call('GET', '/v1/payouts?limit=100'), 'payouts').payouts;
    expect(payouts.length).toBeGreaterThan(0);
    for (const payout of payouts) {
      const taken = must(await call('GET', `/v1/balance_transactions?payout=${payout.payout_id}&limit=100`), 'taken').balance_transactions;
      const paidIn = taken.filter((t: any) => t.type !== 'payout');
      expect(payout.amount).toBe(paidIn.reduce((s: number, t: any) => s + t.net, 0));
      expect(taken.find((t: any) => t.type === 'payout')).toMatchObject({ amount: -payout.amount, source_id: payout.payout_id });
      expect(payout).toMatchObject({ status: 'paid', source_type: 'card', currency: 'usd' });
    }
    const after = must(await call('GET', '/v1/balance_transactions?type=charge&limit=100'), 'after').balance_transactions.find(
      (t: any) => t.balance_transaction_id === charge.balance_transaction_id,
    );
    expect(after).toMatchObject({ status: 'available', payout_id: expect.stringMatching(/^fpo_/) });
    // Listing again pays nothing twice.
    expect(must(await call('GET', '/v1/payouts?limit=100'), 'again').payouts).toEqual(payouts);
    const one = must(await call('GET', `/v1/payouts?payout_id=${payouts[0].payout_id}`), 'one').payouts;
    expect(one).toEqual([payouts[0]]);
    expect((await call('GET', '/v1/payouts?start_date=yesterday')).status).toBe(422);
  });
});
