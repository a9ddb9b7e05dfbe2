import { describe, expect, it } from 'vitest';
import { HostedSession } from '@flex-checkout/protocol';
import { hostedViews } from '../src/checkout/hosted-view.js';

/**
 * The hosted view built from an upstream that answers only as Flex documents
 * (flex-api.md §5): no inline lines, no currency, no `setup_future_use` on the session,
 * `shipping_options` as one object. And a session with fields in shapes nobody documented
 * still gives a view and a status, not a 500.
 */
describe("the hosted view from Flex's documented shapes", () => {
  const base = {
    checkout_session_id: 'fcs_01kdocs',
    status: 'open',
    mode: 'payment',
    amount_total: 6499,
    amount_subtotal: 5999,
    created_at: 1767225600,
    expires_at: 1767229200,
    customer: 'fcus_01kdocs',
    payment_intent: 'fpi_01kdocs',
    redirect_url: 'https://checkout.withflex.com/pay/c/fcs_01kdocs',
    total_details: { amount_discount: 0, amount_tax: 0, amount_shipping: 500 },
    shipping_options: { shipping_rate_id: 'fshr_01', shipping_amount: 500, display_name: 'Ground' },
  };
  const line = { line_item_id: 'fli_1', description: 'Sleep kit', quantity: 1, amount_total: 5999, price: { unit_amount: 5999, currency: 'usd' } };

  /** A docs-only upstream; `paths` records what was asked. */
  function upstream(session: Record<string, unknown>, offSession: boolean, listed: Record<string, unknown>[] = [], intentFields: Record<string, unknown> = {}) {
    const paths: string[] = [];
    const views = hostedViews((path) => {
      paths.push(path);
      if (path.startsWith('/v1/payment_intents?')) return Promise.resolve({ payment_intents: listed });
      if (path.endsWith('/line_items')) return Promise.resolve({ line_items: [line] });
      if (path.startsWith('/v1/checkout/sessions/')) return Promise.resolve({ checkout_session: session });
      if (path.startsWith('/v1/payment_intents/'))
        return Promise.resolve({
          payment_intent: { payment_intent_id: 'fpi_01kdocs', status: 'succeeded', amount_received: 6499, payment_method: 'fpm_01kdocs', ...intentFields },
        });
      if (path.includes('/payment_methods/'))
        return Promise.resolve({
          payment_method: { payment_method_id: 'fpm_01kdocs', off_session: offSession, card: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2030 } },
        });
      return Promise.reject(new Error(`not documented here: ${path}`));
    });
    const view = async () => HostedSession.parse(await views.view(session.checkout_session_id as string, 'http://shop.test', (u) => u));
    return { views, view, paths };
  }

  it('shows the shipping option Flex gives as one object, and reads the lines from …/line_items', async () => {
    const { view, paths } = upstream(base, false);
    const v = await view();
    expect(v.shipping).toEqual({ display_name: 'Ground', amount: 500 });
    expect(v.line_items).toMatchObject([{ name: 'Sleep kit', amount_total: 5999, currency: 'usd' }]);
    expect(v.currency).toBe('usd');
    expect(v.setup_future_use).toBeNull();
    expect(paths).toContain('/v1/checkout/sessions/fcs_01kdocs/line_items');
  });

  it("a complete session: setup_future_use from the saved card's off_session, which the session itself does not carry", async () => {
    const saved = await upstream({ ...base, status: 'complete' }, true).view();
    expect(saved.setup_future_use).toBe('off_session');
    expect(saved.completion).toMatchObject({ payment_method: 'fpm_01kdocs', card: { brand: 'visa', last4: '4242' }, amount_received: 6499 });
    expect(saved.completion).not.toHaveProperty('savedOffSession');
    const notSaved = await upstream({ ...base, status: 'complete' }, false).view();
    expect(notSaved.setup_future_use).toBeNull();
  });

  it('a held payment: what is authorized is read from amount_capturable, whatever the status is called (Flex documents only "canceled")', async () => {
    const held = { status: 'authorized', amount_received: 0, amount_capturable: 6499 };
    const v = await upstream({ ...base, status: 'complete' }, true, [], held).view();
    expect(v.completion).toMatchObject({ amount_received: 0, amount_authorized: 6499 });
    const captured = await upstream({ ...base, status: 'complete' }, true, [], { amount_capturable: 0 }).view();
    expect(captured.completion).toMatchObject({ amount_received: 6499, amount_authorized: 0 });
  });

  it("an older page's complete session (no payment_intent, customer expanded): the intent found by the documented checkout_session filter", async () => {
    const { payment_intent: _none, ...older } = { ...base, status: 'complete', customer: { customer_id: 'fcus_01kdocs', email: 'sam@example.com' } };
    const intent = { payment_intent_id: 'fpi_01kolder', status: 'succeeded', amount_received: 6499, payment_method: 'fpm_01kdocs', customer: 'fcus_01kdocs' };
    const { view, paths } = upstream(older, true, [intent]);
    const v = await view();
    expect(paths).toContain('/v1/payment_intents?checkout_session=fcs_01kdocs&limit=10');
    expect(v.completion).toMatchObject({
      payment_intent: 'fpi_01kolder',
      payment_method: 'fpm_01kdocs',
      card: { brand: 'visa', last4: '4242' },
      amount_received: 6499,
    });
    expect(v.setup_future_use).toBe('off_session');

    // An upstream that ignored the filter and answered another customer's intent: not taken.
    const other = upstream(older, true, [{ ...intent, customer: 'fcus_01kother' }]);
    expect((await other.view()).completion).toMatchObject({ payment_intent: null, payment_method: null, card: null });
    expect(other.paths.some((p) => p.includes('/payment_methods/'))).toBe(false);
  });

  it("no shipping and no tax as Flex's example writes them (zeros, an unnamed option, tax_rate {}): no $0.00 rows; a named free rate is shown", async () => {
    const none = {
      ...base,
      total_details: { amount_discount: 0, amount_tax: 0, amount_shipping: 0 },
      shipping_options: { shipping_rate_id: null, shipping_amount: 0, display_name: null },
      tax_rate: {},
    };
    expect(await upstream(none, false).view()).toMatchObject({ shipping: null, tax: null });
    const free = { ...none, shipping_options: { shipping_rate_id: 'fshr_free', shipping_amount: 0, display_name: 'Free delivery' } };
    expect(await upstream(free, false).view()).toMatchObject({ shipping: { display_name: 'Free delivery', amount: 0 }, tax: null });
  });

  it('a field in a shape nobody documented: the view and the status poll still answer', async () => {
    const odd = { ...base, shipping_options: 'ground', total_details: 'none', tax_rate: [], discounts: { coupon: 'x' }, line_items: { data: [] } };
    const { views, view } = upstream(odd, false);
    const v = await view();
    expect(v).toMatchObject({ checkout_session_id: 'fcs_01kdocs', status: 'open', shipping: null, tax: null, discounts: [] });
    expect(v.line_items).toHaveLength(1);
    expect(await views.status('fcs_01kdocs', 'http://shop.test')).toBe('open');
  });
});
