import { describe, expect, it } from 'vitest';
import { Capture, Coupon, Dispute, PromoCode, Refund, ShippingRate, Subscription } from '@flex-checkout/protocol';
import { ConflictError, NotFoundError, ValidationError } from '../src/client/index.js';
import { hostedViews } from '../src/checkout/hosted-view.js';
import { createPrice } from '../../../test/support/checkout.js';
import { failure, useEmbedded, useHttp, type Harness } from './support/client-harness.js';

const unique = () => Math.random().toString(36).slice(2, 8);

const moneySuite = (h: Harness) => {
  const plain = (name: string, unit_amount: number) =>
    createPrice(h.call, { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation', name }, { unit_amount });

  it('refunds: a session by line and by amount, a payment intent, the allocation, lists by filter; never past what is left', async () => {
    const kit = await plain(`Kit ${unique()}`, 3000);
    const session = await h.checkout({ line_items: [{ price: kit.price_id, quantity: 2 }] }, { email: `r-${unique()}@example.com` });
    const preview = await h.client.checkoutSessions.refundAllocation(session.checkout_session_id, { amount: 1000 });
    expect(preview.allocations).toEqual([{ payment_method_id: session.payment_method, last4: '4242', amount: 1000 }]);
    const byLine = await h.client.checkoutSessions.refund(
      session.checkout_session_id,
      { line_items: [{ price: kit.price_id, amount_to_refund: 2500 }] },
      { idempotencyKey: `line-${session.checkout_session_id}` },
    );
    expect(Refund.safeParse(byLine.refunds[0]).error).toBeUndefined();
    expect(byLine.checkout_session).toMatchObject({ amount_refunded: 2500, amount_received: 6000 });
    // The same key replays where keys are honoured (the sandbox's extension; Flex documents none): refunded once.
    if (h.profile === 'default') {
      expect(
        (
          await h.client.checkoutSessions.refund(
            session.checkout_session_id,
            { line_items: [{ price: kit.price_id, amount_to_refund: 2500 }] },
            { idempotencyKey: `line-${session.checkout_session_id}` },
          )
        ).refunds,
      ).toEqual(byLine.refunds);
    }
    const byIntent = await h.client.refunds.create({ payment_intent_id: session.payment_intent, amount: 1500, reason: 'requested_by_customer' });
    expect(await h.client.refunds.retrieve(byIntent.refund_id)).toEqual(byIntent);
    const over = await failure(h.client.refunds.create({ payment_intent_id: session.payment_intent, amount: 2001 }));
    expect(over).toBeInstanceOf(ValidationError);
    expect(over.status).toBe(422);
    const listed = await h.client.refunds.list({ checkout_session: session.checkout_session_id });
    expect(listed.data.map((r) => r.amount)).toEqual([1500, 2500]);
    const every: string[] = [];
    for await (const r of h.client.refunds.all({ payment_intent: session.payment_intent, limit: 1 })) every.push(r.refund_id);
    expect(every).toHaveLength(2);
    expect(await failure(h.client.checkoutSessions.refund('fcs_00000000000000000000000001'))).toBeInstanceOf(NotFoundError);
  });

  it('manual capture: authorize, preview, capture in parts, list and label captures, reauthorize; cancel another', async () => {
    const kit = await plain(`Held ${unique()}`, 5000);
    const session = await h.checkout({ capture_method: 'manual', line_items: [{ price: kit.price_id }] }, { email: `c-${unique()}@example.com` });
    expect((await h.client.paymentIntents.retrieve(session.payment_intent)).status).toBe('requires_capture');
    const read = async (path: string) => (await h.call('GET', path)).body;
    const held = await hostedViews(read).view(session.checkout_session_id, 'http://localhost', (u) => u);
    expect(held.completion).toMatchObject({ amount_received: 0, amount_authorized: 5000 });
    expect((await h.client.checkoutSessions.captureAllocation(session.checkout_session_id, { amount: 2000 })).allocations[0]!.amount).toBe(2000);
    expect(await failure(h.client.checkoutSessions.capture(session.checkout_session_id, { amount: 5001 }))).toBeInstanceOf(ValidationError);
    const first = await h.client.checkoutSessions.capture(session.checkout_session_id, { amount: 2000, final_capture: false });
    expect(Capture.safeParse(first.capture).error).toBeUndefined();
    expect(first.checkout_session?.amount_received).toBe(2000);
    const renewed = await h.client.checkoutSessions.reauthorize(session.checkout_session_id);
    expect(renewed.checkout_session_id).toBe(session.checkout_session_id);
    const last = await h.client.checkoutSessions.capture(session.checkout_session_id);
    expect(last.capture).toMatchObject({ amount_captured: 3000, final_capture: true });
    const { data } = await h.client.captures.list({ checkout_session: session.checkout_session_id });
    expect(data.map((c) => c.amount_captured)).toEqual([3000, 2000]);
    const labeled = await h.client.captures.update(first.capture!.capture_id, { metadata: { shipment: 'A' } });
    expect(await h.client.captures.retrieve(first.capture!.capture_id)).toEqual(labeled);
    expect(await failure(h.client.checkoutSessions.cancelAuthorization(session.checkout_session_id))).toBeInstanceOf(ConflictError);

    const other = await h.checkout({ capture_method: 'manual', line_items: [{ price: kit.price_id }] }, { email: `c2-${unique()}@example.com` });
    const released = await h.client.checkoutSessions.cancelAuthorization(other.checkout_session_id);
    expect(released.amount_received).toBe(0);
    expect((await h.client.paymentIntents.retrieve(other.payment_intent)).status).toBe('canceled');
  });

  it('coupons, promo codes and shipping rates change what the session costs; the summary, the charge and the hosted view agree', async () => {
    const kit = await plain(`Priced ${unique()}`, 8000);
    const coupon = await h.client.coupons.create({ name: 'Fifteen off', percent_off: 15, max_redemptions: 5 });
    expect(Coupon.safeParse(coupon).error).toBeUndefined();
    expect(await h.client.coupons.retrieve(coupon.coupon_id)).toEqual(coupon);
    const code = await h.client.promoCodes.create({ coupon_id: coupon.coupon_id, code: `FIFTEEN${unique().toUpperCase()}` });
    expect(PromoCode.safeParse(code).error).toBeUndefined();
    expect((await h.client.promoCodes.list({ active: true })).data.map((p) => p.promo_code_id)).toContain(code.promo_code_id);
    const rate = await h.client.shippingRates.create({ display_name: 'Ground', amount: 650 });
    expect(ShippingRate.safeParse(rate).error).toBeUndefined();
    expect(await h.client.shippingRates.update(rate.shipping_rate_id, { metadata: { zone: '1' } })).toMatchObject({ metadata: { zone: '1' }, amount: 650 });

    const body = {
      line_items: [{ price: kit.price_id }],
      discounts: [{ promo_code: code.promo_code_id }],
      shipping_rate_id: rate.shipping_rate_id,
      tax_rate: { amount: 560, display_name: 'Sales tax' },
    };
    const open = await h.client.checkoutSessions.create(body);
    // 8000 − 1200 + 650 + 560.
    expect(open).toMatchObject({ amount_subtotal: 8000, amount_total: 8010, total_details: { amount_discount: 1200, amount_shipping: 650, amount_tax: 560 } });
    expect((await h.client.checkoutSessions.lineItems(open.checkout_session_id))[0]).toMatchObject({
      amount_subtotal: 8000,
      amount_discount: 1200,
      amount_total: 6800,
    });

    // What the companion server shows for a hosted session is read with the secret key, as from Flex.
    const views = hostedViews(async (path) => {
      const answer = await h.call('GET', path);
      if (answer.status !== 200) throw new Error(`${path}: ${answer.status}`);
      return answer.body;
    });
    const view = await views.view(open.checkout_session_id, 'http://localhost', (u) => u);
    expect(view).toMatchObject({
      amount_total: 8010,
      amount_due_now: 8010,
      amount_subtotal: 8000,
      // Flex's session names no discounts, only their sum (total_details), which the summary shows as one line.
      discounts: h.profile === 'default' ? [{ name: 'Fifteen off', percent_off: 15, amount: 1200 }] : [],
      total_details: { amount_discount: 1200 },
      shipping: { display_name: 'Ground', amount: 650 },
      tax: { display_name: 'Sales tax', amount: 560 },
    });
    expect(view.line_items[0]).toMatchObject({ amount_subtotal: 8000, amount_discount: 1200, amount_total: 6800 });
    const page = await (await h.page(`/pay/c/${open.checkout_session_id}`)).text();
    expect(page).toContain('$80.10');

    const paid = await h.checkout(body, { email: `p-${unique()}@example.com` });
    expect((await h.client.paymentIntents.retrieve(paid.payment_intent)).amount_received).toBe(8010);
    expect((await h.client.coupons.retrieve(coupon.coupon_id)).times_redeemed).toBe(1);
    const deactivated = await h.client.promoCodes.update(code.promo_code_id, { active: false });
    expect(deactivated.active).toBe(false);
    expect(await failure(h.client.checkoutSessions.create(body))).toBeInstanceOf(ValidationError);
    if (h.profile === 'flex') {
      // The sandbox's additions are not Flex's.
      expect(await failure(h.client.coupons.list())).toBeInstanceOf(NotFoundError);
      expect(await failure(h.client.promoCodes.retrieve(code.promo_code_id))).toBeInstanceOf(NotFoundError);
      expect(await failure(h.client.shippingRates.retrieve(rate.shipping_rate_id))).toBeInstanceOf(NotFoundError);
    } else {
      expect((await h.client.coupons.list()).data.map((c) => c.coupon_id)).toContain(coupon.coupon_id);
      expect(await h.client.shippingRates.retrieve(rate.shipping_rate_id)).toMatchObject({ display_name: 'Ground' });
    }
  });

  it('disputes: list by payment intent and status, answer with evidence, concede another; the balance shows the fees and payouts pay out the net', async () => {
    const kit = await plain(`Disputed ${unique()}`, 6000);
    const session = await h.checkout({ line_items: [{ price: kit.price_id }] }, { card: '4000000000000259', email: `d-${unique()}@example.com` });
    const { data: open } = await h.client.disputes.list({ payment_intent: session.payment_intent, statuses: 'needs_response' });
    expect(open).toHaveLength(1);
    expect(Dispute.safeParse(open[0]).error).toBeUndefined();
    const answered = await h.client.disputes.update(open[0]!.dispute_id, { evidence: { uncategorized_text: 'winning_evidence' }, submit: true });
    expect(answered.status).toBe('won');
    expect(await failure(h.client.disputes.close(open[0]!.dispute_id))).toBeInstanceOf(ConflictError);

    const other = await h.checkout({ line_items: [{ price: kit.price_id }] }, { email: `d2-${unique()}@example.com` });
    const opened = (await h.call('POST', '/v1/test_helpers/disputes', { body: { payment_intent: other.payment_intent, amount: 1000 } })).body.dispute;
    expect((await h.client.disputes.close(opened.dispute_id)).status).toBe('lost');
    expect((await h.client.disputes.retrieve(opened.dispute_id)).status).toBe('lost');

    const charges = (await h.client.balanceTransactions.list({ type: 'charge', limit: 100 })).data.filter(
      (t) => t.flex_payment_intent_id === other.payment_intent,
    );
    expect(charges).toEqual([expect.objectContaining({ amount: 6000, fee: 204, net: 5796 })]);
    await h.call('POST', '/v1/test_helpers/advance_time', { body: { seconds: 3 * 24 * 3600 } });
    const payouts = await h.client.payouts.list({ limit: 100 });
    expect(payouts.data.length).toBeGreaterThan(0);
    const paidOut = (await h.client.balanceTransactions.list({ payout: payouts.data[0]!.payout_id, limit: 100 })).data;
    expect(paidOut.find((t) => t.type === 'payout')!.amount).toBe(-payouts.data[0]!.amount);
  });

  it('subscriptions: create for a customer with a saved card, with a coupon; cancel at period end with a partial refund', async () => {
    const plan = await createPrice(
      h.call,
      { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation', name: `Plan ${unique()}` },
      { unit_amount: 2000, recurring: { interval: 'monthly' } },
    );
    const one = await plain(`Starter ${unique()}`, 1000);
    const first = await h.checkout({ line_items: [{ price: one.price_id }], setup_future_use: 'off_session' }, { email: `s-${unique()}@example.com` });
    const coupon = await h.client.coupons.create({ amount_off: 500, duration: 'forever' });
    const sub = await h.client.subscriptions.create(
      { customer: first.customer, items: [{ price: plan.price_id }], coupon: coupon.coupon_id },
      { idempotencyKey: `sub-${first.customer}` },
    );
    expect(Subscription.safeParse(sub).error).toBeUndefined();
    expect(sub).toMatchObject({
      status: 'active',
      customer: first.customer,
      checkout_session: null,
      discount: { coupon: { coupon_id: coupon.coupon_id }, end: null },
    });
    const invoice = (await h.client.invoices.list({ subscription: sub.subscription_id })).data[0]!;
    expect(invoice).toMatchObject({ status: 'paid', subtotal: 2000, amount_discount: 500, total: 1500 });
    const flagged = await h.client.subscriptions.cancel(sub.subscription_id, { cancel_at_period_end: true, refund_amount: 500 });
    expect(flagged).toMatchObject({ status: 'active', cancel_at_period_end: true });
    expect((await h.client.refunds.list({ payment_intent: invoice.payment_intent! })).data.map((r) => r.amount)).toEqual([500]);
    const noCard = await h.client.customers.create({ email: `none-${unique()}@example.com` });
    const incomplete = await h.client.subscriptions.create({ customer: noCard.customer_id, items: [{ price: plan.price_id }] });
    expect(incomplete.status).toBe('incomplete');
    expect(await failure(h.client.subscriptions.create({ customer: noCard.customer_id, items: [] }))).toBeInstanceOf(ValidationError);
  });

  it('events: retry sends an event again (to one webhook); an unknown event is NotFoundError', async () => {
    const webhook = await h.client.webhooks.create({ url: 'http://127.0.0.1:9/hooks', events: ['*'] });
    expect(await failure(h.client.events.retry('fevt_00000000000000000000000001', { webhookId: webhook.webhook_id }))).toBeInstanceOf(NotFoundError);
    if (h.profile === 'default') {
      const [event] = (await h.client.events.list({ limit: 1 })).data;
      const retried = await h.client.events.retry(event!.event_id, { webhookId: webhook.webhook_id });
      expect(retried).toMatchObject({ event_id: event!.event_id, event_type: event!.event_type, test_mode: true });
    }
  });
};

describe('typed client, money and pricing, embedded sandbox', () => moneySuite(useEmbedded()));
describe('typed client, money and pricing, over HTTP', () => moneySuite(useHttp()));
describe('typed client, money and pricing, embedded sandbox, flex profile', () => moneySuite(useEmbedded('flex')));
describe('typed client, money and pricing, over HTTP, flex profile', () => moneySuite(useHttp('flex')));
