import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { useSandbox, type SandboxHarness } from '../../../test/support/sandbox.js';
import { browserOf, checkoutOnHostedPage, checkoutOnSession, createPrice, createSession, tokenFor } from '../../../test/support/checkout.js';
import { advanceTo, getSubscription, must } from './support/billing.js';

describeEachDatabase('coupons, promo codes, shipping and tax', (kind) => {
  const sandbox = useSandbox(kind);
  const call = (...args: Parameters<SandboxHarness['call']>) => sandbox.call(...args);
  const page = (path: string, init: RequestInit = {}) => Promise.resolve(sandbox.app.request(path, init));
  let vitamins: { price_id: string; product_id: string }, mat: { price_id: string; product_id: string }, plan: { price_id: string; product_id: string };
  let ground: string;

  const coupon = async (fields: Record<string, unknown>) => must(await call('POST', '/v1/coupons', { body: { coupon: fields } }), 'coupon').coupon;
  const promo = async (fields: Record<string, unknown>) => must(await call('POST', '/v1/promo_codes', { body: { promo_code: fields } }), 'promo').promo_code;

  beforeAll(async () => {
    vitamins = await createPrice(call, { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation', name: 'Vitamins' }, { unit_amount: 2500 });
    mat = await createPrice(call, { visit_type: null, hsa_fsa_eligibility: 'not_eligible', name: 'Mat' }, { unit_amount: 5000 });
    plan = await createPrice(
      call,
      { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation', name: 'Supplements club' },
      { unit_amount: 3000, recurring: { interval: 'monthly' } },
    );
    ground = must(await call('POST', '/v1/shipping_rates', { body: { shipping_rate: { display_name: 'Ground', amount: 700 } } }), 'rate').shipping_rate
      .shipping_rate_id;
  });

  it('one total everywhere: the session, the browser view, the hosted page, the line items, the charge and the balance', async () => {
    const tenOffVitamins = await coupon({ name: 'Ten off vitamins', percent_off: 10, applies_to: { products: [vitamins.product_id] } });
    const body = {
      line_items: [{ price: vitamins.price_id, quantity: 3 }, { price: mat.price_id }],
      discounts: [{ coupon: tenOffVitamins.coupon_id }],
      shipping_rate_id: ground,
      tax_rate: { amount: 412, display_name: 'Sales tax' },
    };
    const session = await createSession(call, body);
    // 7500 + 5000 = 12500; 10% of the vitamins (750) off; 700 shipping; 412 tax.
    expect(session).toMatchObject({
      amount_subtotal: 12500,
      amount_total: 12862,
      total_details: { amount_discount: 750, amount_shipping: 700, amount_tax: 412 },
      discounts: [{ coupon: tenOffVitamins.coupon_id, promo_code: null }],
      shipping_options: [{ shipping_rate_id: ground, shipping_amount: 700, display_name: 'Ground' }],
      tax_rate: { amount: 412, display_name: 'Sales tax' },
    });
    expect(session.line_items.map((l: any) => [l.amount_subtotal, l.amount_discount, l.amount_total])).toEqual([
      [7500, 750, 6750],
      [5000, 0, 5000],
    ]);
    const view = must(await browserOf(call, session).view(), 'view').checkout_session;
    expect(view).toMatchObject({
      amount_subtotal: 12500,
      amount_total: 12862,
      amount_due_now: 12862,
      discounts: [{ name: 'Ten off vitamins', code: null, percent_off: 10, amount_off: null, duration: 'once', amount: 750 }],
      shipping: { display_name: 'Ground', amount: 700 },
      tax: { display_name: 'Sales tax', amount: 412 },
    });
    const html = await (await page(`/pay/c/${session.checkout_session_id}`)).text();
    expect(html).toContain('$128.62');
    expect(html).toContain('−$7.50');
    const lines = must(await call('GET', `/v1/checkout/sessions/${session.checkout_session_id}/line_items`), 'lines').line_items;
    expect(lines.map((l: any) => l.amount_discount)).toEqual([750, 0]);

    const paid = await checkoutOnSession(call, body);
    const pi = must(await call('GET', `/v1/payment_intents/${paid.payment_intent}`), 'pi').payment_intent;
    expect(pi).toMatchObject({ amount: 12862, amount_received: 12862 });
    expect(paid.amount_received).toBe(12862);
    expect(must(await call('GET', `/v1/coupons/${tenOffVitamins.coupon_id}`), 'coupon').coupon.times_redeemed).toBe(1);
  });

  it('a repeating coupon on a subscription: the first invoice is what the shopper paid; renewals are discounted for its months, then full price', async () => {
    const twoMonths = await coupon({ name: 'Two months 20% off', percent_off: 20, duration: 'repeating', duration_in_months: 2 });
    const done = await checkoutOnSession(call, {
      mode: 'subscription',
      line_items: [{ price: plan.price_id }],
      discounts: [{ coupon: twoMonths.coupon_id }],
      tax_rate: 150,
    });
    expect(done).toMatchObject({ amount_total: 2550, amount_received: 2550 });
    const sub = await getSubscription(call, done.subscription);
    expect(sub.discount).toMatchObject({ coupon: { coupon_id: twoMonths.coupon_id }, end: expect.any(String) });
    const first = must(await call('GET', `/v1/invoices/${sub.latest_invoice}`), 'invoice').invoice;
    expect(first).toMatchObject({
      subtotal: 3000,
      amount_discount: 600,
      amount_tax: 150,
      total: 2550,
      amount_due: 2550,
      amount_paid: 2550,
      payment_intent: done.payment_intent,
    });

    const totals: number[] = [];
    let current = sub;
    for (let i = 0; i < 3; i++) {
      await advanceTo(call, current.current_period_end);
      current = await getSubscription(call, sub.subscription_id);
      const invoice = must(await call('GET', `/v1/invoices/${current.latest_invoice}`), 'renewal').invoice;
      expect(invoice.status).toBe('paid');
      totals.push(invoice.total);
    }
    // Month 2 still discounted (the coupon runs two months from the start); months 3 and 4 are full price.
    expect(totals).toEqual([2400, 3000, 3000]);
  });

  it('a coupon past its redemptions: refused at create, and at completion for a session made before it ran out (409, nothing charged)', async () => {
    const once = await coupon({ amount_off: 1000, max_redemptions: 1 });
    const body = { line_items: [{ price: mat.price_id }], discounts: [{ coupon: once.coupon_id }] };
    const a = await createSession(call, body);
    const b = await createSession(call, body);
    const confirm = async (s: any, email: string) => {
      const browser = browserOf(call, s);
      must(await browser.details({ email, first_name: 'A', last_name: 'B' }), 'details');
      return browser.confirm(await tokenFor(call, '4242424242424242'));
    };
    expect((await confirm(a, 'a@example.com')).status).toBe(200);
    const refused = await confirm(b, 'b@example.com');
    expect(refused.status).toBe(409);
    expect(refused.body.detail[0].msg).toMatch(/max_redemptions/);
    const after = must(await call('GET', `/v1/checkout/sessions/${b.checkout_session_id}`), 'b').checkout_session;
    expect(after).toMatchObject({ status: 'open', amount_received: 0, payment_intent: null });
    expect(must(await call('GET', `/v1/payment_intents?checkout_session=${b.checkout_session_id}`), 'pis').payment_intents).toEqual([]);
    expect(must(await call('GET', `/v1/coupons/${once.coupon_id}`), 'coupon').coupon).toMatchObject({ times_redeemed: 1, valid: false });
    const late = await call('POST', '/v1/checkout/sessions', { body: { checkout_session: body } });
    expect(late.status).toBe(422);
  });

  it('two sessions racing for a coupon’s last redemption: exactly one completes', async () => {
    const last = await coupon({ percent_off: 50, max_redemptions: 1 });
    const body = { line_items: [{ price: mat.price_id }], discounts: [{ coupon: last.coupon_id }] };
    const sessions = [await createSession(call, body), await createSession(call, body), await createSession(call, body)];
    const tokens = await Promise.all(sessions.map(() => tokenFor(call, '4242424242424242')));
    for (const [i, s] of sessions.entries())
      must(await browserOf(call, s).details({ email: `race${i}@example.com`, first_name: 'R', last_name: 'C' }), 'details');
    const answers = await Promise.all(sessions.map((s, i) => browserOf(call, s).confirm(tokens[i]!)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    expect(must(await call('GET', `/v1/coupons/${last.coupon_id}`), 'coupon').coupon.times_redeemed).toBe(1);
  });

  it('promo codes: the shopper types one in-page (case does not matter), it can be removed; inactive, used-up and other customers’ codes are refused', async () => {
    const quarter = await coupon({ name: 'Quarter off', percent_off: 25 });
    const code = await promo({ coupon_id: quarter.coupon_id, code: 'SPRING25', max_redemptions: 5 });
    expect(code).toMatchObject({ code: 'SPRING25', active: true, coupon: { coupon_id: quarter.coupon_id } });
    expect((await call('POST', '/v1/promo_codes', { body: { promo_code: { coupon_id: quarter.coupon_id, code: 'spring25' } } })).status).toBe(409);
    const session = await createSession(call, { line_items: [{ price: mat.price_id }], allow_promotion_codes: true });
    const base = `/v1/client/checkout_sessions/${session.checkout_session_id}/promotion_code`;
    const as = { key: session.client_secret };
    const applied = must(await call('POST', base, { ...as, body: { code: 'spring25' } }), 'apply').checkout_session;
    expect(applied).toMatchObject({ amount_total: 3750, discounts: [{ name: 'Quarter off', code: 'SPRING25', amount: 1250 }], allow_promotion_codes: true });
    const removed = must(await call('POST', base, { ...as, body: { code: null } }), 'remove').checkout_session;
    expect(removed).toMatchObject({ amount_total: 5000, discounts: [] });
    expect((await call('POST', base, { ...as, body: { code: 'NOPE' } })).status).toBe(422);

    must(await call('POST', `/v1/promo_codes/${code.promo_code_id}`, { body: { promo_code: { active: false } } }), 'deactivate');
    expect((await call('POST', base, { ...as, body: { code: 'SPRING25' } })).status).toBe(422);
    expect(must(await call('GET', '/v1/promo_codes?active=false'), 'list').promo_codes.map((p: any) => p.promo_code_id)).toContain(code.promo_code_id);

    const customer = must(await call('POST', '/v1/customers', { body: { customer: { email: 'vip@example.com' } } }), 'customer').customer;
    const vip = await promo({ coupon_id: quarter.coupon_id, code: 'VIPONLY', customer: customer.customer_id });
    expect((await call('POST', base, { ...as, body: { code: 'VIPONLY' } })).status).toBe(422);
    const theirs = await createSession(call, {
      line_items: [{ price: mat.price_id }],
      customer: customer.customer_id,
      discounts: [{ promo_code: vip.promo_code_id }],
    });
    expect(theirs.amount_total).toBe(3750);
    const noCodes = await createSession(call, { line_items: [{ price: mat.price_id }] });
    expect(
      (
        await call('POST', `/v1/client/checkout_sessions/${noCodes.checkout_session_id}/promotion_code`, {
          key: noCodes.client_secret,
          body: { code: 'SPRING25' },
        })
      ).status,
    ).toBe(422);
  });

  it('shipping: the address is collected before paying (in-page and on the hosted page), kept on the session and the customer', async () => {
    const body = {
      line_items: [{ price: mat.price_id }],
      shipping_address_collection: true,
      shipping_options: [{ shipping_rate_data: { display_name: 'Courier', amount: 1500 } }],
    };
    const session = await createSession(call, body);
    expect(session).toMatchObject({
      amount_total: 6500,
      shipping_address_collection: true,
      shipping_options: [{ display_name: 'Courier', shipping_amount: 1500 }],
    });
    const browser = browserOf(call, session);
    must(await browser.details({ email: 'ship@example.com', first_name: 'S', last_name: 'P' }), 'details');
    const early = await browser.confirm(await tokenFor(call, '4242424242424242'));
    expect(early.status).toBe(422);
    expect(early.body.detail[0].loc).toEqual(['body', 'shipping_details']);
    const addressed = must(
      await call('POST', `/v1/client/checkout_sessions/${session.checkout_session_id}/shipping_details`, {
        key: session.client_secret,
        body: { line1: '1 Main St', city: 'Springfield', state: 'IL', postal_code: '62701' },
      }),
      'address',
    ).checkout_session;
    expect(addressed.shipping_address).toEqual({ line1: '1 Main St', line2: null, city: 'Springfield', state: 'IL', postal_code: '62701', country: 'US' });
    expect(must(await browser.confirm(await tokenFor(call, '4242424242424242')), 'confirm').status).toBe('complete');
    const done = must(await call('GET', `/v1/checkout/sessions/${session.checkout_session_id}`), 'done').checkout_session;
    expect(done.shipping_details).toMatchObject({ shipping_address_id: expect.stringMatching(/^fsh_/), line1: '1 Main St', country: 'US' });
    expect(must(await call('GET', `/v1/customers/${done.customer}`), 'customer').customer.shipping).toMatchObject({ line1: '1 Main St', city: 'Springfield' });

    const hosted = await checkoutOnHostedPage(page, call, { ...body, shipping_address_collection: { allowed_countries: ['US', 'CA'] } });
    expect(hosted.shipping_details).toMatchObject({ line1: '1 Main St', postal_code: '10001', country: 'US' });
  });

  it('the hosted page takes a promo code under its summary and asks for the address with the card, field by field', async () => {
    const c = await coupon({ amount_off: 500 });
    await promo({ coupon_id: c.coupon_id, code: 'HOSTED5' });
    const session = await createSession(call, { line_items: [{ price: mat.price_id }], allow_promotion_codes: true, shipping_address_collection: true });
    const base = `/pay/c/${session.checkout_session_id}`;
    const form = (fields: [string, string][]) => ({
      method: 'POST',
      redirect: 'manual' as const,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    const first = await (await page(base)).text();
    expect(first).toContain('name="code"');
    expect(first).toContain('name="ship_line1"');
    const wrong = await page(`${base}/promotion_code`, form([['code', 'NOPE']]));
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('This promo code is not valid.');
    expect((await page(`${base}/promotion_code`, form([['code', 'hosted5']]))).status).toBe(303);
    const priced = await (await page(base)).text();
    expect(priced).toContain('Discount (HOSTED5)');
    expect(priced).toContain('$45.00');
    const missing = await page(
      `${base}/pay`,
      form([
        ['email', 'h@example.com'],
        ['first_name', 'H'],
        ['last_name', 'P'],
        ['number', '4242424242424242'],
        ['expiry', '12 / 34'],
        ['cvc', '123'],
        ['postal_code', '10001'],
      ]),
    );
    expect(missing.status).toBe(422);
    const refused = await missing.text();
    expect(refused).toContain('id="ship_line1-error"');
    expect(refused).toContain('href="#ship_city"');
    expect(must(await call('GET', `/v1/checkout/sessions/${session.checkout_session_id}`), 's').checkout_session).toMatchObject({
      status: 'open',
      amount_total: 4500,
    });
  });

  it('refuses bad coupons, codes, rates and taxes in the error shape, writing nothing', async () => {
    const bad = [
      { coupon: {} },
      { coupon: { percent_off: 10, amount_off: 100 } },
      { coupon: { percent_off: 101 } },
      { coupon: { percent_off: 10, duration: 'repeating' } },
      { coupon: { percent_off: 10, applies_to: { products: ['fprod_00000000000000000000000001'] } } },
    ];
    for (const b of bad) expect([400, 404, 422]).toContain((await call('POST', '/v1/coupons', { body: b })).status);
    expect((await call('POST', '/v1/promo_codes', { body: { promo_code: { coupon_id: 'fcoup_00000000000000000000000001' } } })).status).toBe(404);
    expect((await call('POST', '/v1/shipping_rates', { body: { shipping_rate: { display_name: '', amount: 1 } } })).status).toBe(422);
    const rate = must(await call('PUT', `/v1/shipping_rates/${ground}`, { body: { shipping_rate: { metadata: { zone: 'A' } } } }), 'put').shipping_rate;
    expect(rate).toMatchObject({ amount: 700, metadata: { zone: 'A' }, active: true });
    expect((await call('PUT', `/v1/shipping_rates/${ground}`, { body: { shipping_rate: { amount: 1 } } })).status).toBe(400);
    const other = await coupon({ percent_off: 5, applies_to: { products: [plan.product_id] } });
    const elsewhere = await call('POST', '/v1/checkout/sessions', {
      body: { checkout_session: { line_items: [{ price: mat.price_id }], discounts: [{ coupon: other.coupon_id }] } },
    });
    expect(elsewhere.status).toBe(422);
    expect((await call('POST', '/v1/checkout/sessions', { body: { checkout_session: { mode: 'setup', tax_rate: 10 } } })).status).toBe(422);
    expect(
      (
        await call('POST', '/v1/checkout/sessions', {
          body: { checkout_session: { line_items: [{ price: mat.price_id }], shipping_rate_id: 'fshr_00000000000000000000000001' } },
        })
      ).status,
    ).toBe(404);
  });

  it('two requests racing for one promo code: one is made, the other is told (409), never a 5xx', async () => {
    const c = await coupon({ percent_off: 5 });
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => call('POST', '/v1/promo_codes', { body: { promo_code: { coupon_id: c.coupon_id, code: 'RACE5' } } })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409]);
    expect(must(await call('GET', '/v1/promo_codes?code=race5'), 'list').promo_codes).toHaveLength(1);
  });

  it('a coupon that covers everything: nothing is charged, the card is saved', async () => {
    const all = await coupon({ amount_off: 99999 });
    const done = await checkoutOnSession(call, { line_items: [{ price: mat.price_id }], discounts: [{ coupon: all.coupon_id }] });
    expect(done).toMatchObject({
      status: 'complete',
      amount_total: 0,
      amount_received: 0,
      payment_intent: null,
      setup_intent: expect.stringMatching(/^fseti_/),
    });
  });
});
