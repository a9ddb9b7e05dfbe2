import { expect, it } from 'vitest';
import { hostedViews } from '../src/checkout/hosted-view.js';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { useSandbox } from '../../../test/support/sandbox.js';
import { browserOf, checkoutOnHostedPage, checkoutOnSession, createPrice, createSession } from '../../../test/support/checkout.js';

/**
 * One number, everywhere the shopper or the merchant sees it: a coupon's total in the browser's
 * view (in-page), the companion server's hosted view and the hosted page, then the amount
 * charged and the invoice, for a payment and for a subscription, on both databases.
 */
describeEachDatabase("a coupon's total is one number everywhere", (kind) => {
  const sandbox = useSandbox(kind);
  const page = (path: string, init: RequestInit = {}) => Promise.resolve(sandbox.app.request(path, init));
  const read = async (path: string) => {
    const answer = await sandbox.call('GET', path);
    if (answer.status !== 200) throw new Error(`${path}: ${answer.status}`);
    return answer.body;
  };
  const money = (cents: number) => `$${(cents / 100).toFixed(2)}`;
  const ok = (a: { status: number; body: any }) => {
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    return a.body;
  };

  for (const kindOfSession of ['payment', 'subscription'] as const) {
    it(`${kindOfSession}: the views, the page, the charge and the invoice agree`, async () => {
      const recurring = kindOfSession === 'subscription' ? { recurring: { interval: 'monthly' } } : {};
      const price = await createPrice(
        sandbox.call,
        { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation', name: `Plan ${kindOfSession}` },
        { unit_amount: 4999, ...recurring },
      );
      const coupon = ok(await sandbox.call('POST', '/v1/coupons', { body: { coupon: { name: 'Third off', percent_off: 33.33, duration: 'forever' } } })).coupon;
      const rate = ok(await sandbox.call('POST', '/v1/shipping_rates', { body: { shipping_rate: { display_name: 'Post', amount: 399 } } })).shipping_rate;
      const body = {
        mode: kindOfSession,
        line_items: [{ price: price.price_id, quantity: 3 }],
        discounts: [{ coupon: coupon.coupon_id }],
        shipping_rate_id: rate.shipping_rate_id,
        tax_rate: { amount: 871, display_name: 'Tax' },
      };
      // 14997 − round(14997 × 33.33%) = 14997 − 4999 = 9998; + 399 + 871.
      const expected = 11268;
      const session = await createSession(sandbox.call, body);
      expect(session).toMatchObject({ amount_total: expected, total_details: { amount_discount: 4999, amount_shipping: 399, amount_tax: 871 } });

      const inPage = ok(await browserOf(sandbox.call, session).view()).checkout_session;
      const hosted = await hostedViews(read).view(session.checkout_session_id, 'http://localhost', (u) => u);
      for (const view of [inPage, hosted]) {
        expect(view).toMatchObject({ amount_total: expected, amount_due_now: expected, amount_subtotal: 14997 });
        expect(view.discounts).toEqual([expect.objectContaining({ name: 'Third off', amount: 4999 })]);
        expect(view.shipping).toEqual({ display_name: 'Post', amount: 399 });
        expect(view.tax).toEqual({ display_name: 'Tax', amount: 871 });
      }
      const html = await (await page(`/pay/c/${session.checkout_session_id}`)).text();
      expect(html).toContain(money(expected));
      expect(html).toContain(`−${money(4999)}`);

      for (const paid of [await checkoutOnSession(sandbox.call, body), await checkoutOnHostedPage(page, sandbox.call, body)]) {
        expect(paid.amount_received).toBe(expected);
        expect(ok(await sandbox.call('GET', `/v1/payment_intents/${paid.payment_intent}`)).payment_intent.amount_received).toBe(expected);
        if (kindOfSession === 'subscription') {
          const subscription = ok(await sandbox.call('GET', `/v1/subscriptions/${paid.subscription}`)).subscription;
          // The first invoice (both checkouts are paid before either renews).
          const invoice = ok(await sandbox.call('GET', `/v1/invoices?subscription=${paid.subscription}&limit=100`)).invoices.find(
            (i: any) => i.billing_reason === 'subscription_create',
          );
          expect(invoice).toMatchObject({ total: expected, amount_paid: expected, amount_discount: 4999, amount_shipping: 399, amount_tax: 871 });
          // The next period: the same coupon (forever), no shipping or tax of the checkout.
          const now = ok(await sandbox.call('GET', '/v1/test_helpers/clock')).test_clock.now;
          const end = Date.parse(subscription.current_period_end) / 1000;
          if (end > now) ok(await sandbox.call('POST', '/v1/test_helpers/advance_time', { body: { to: end } }));
          const renewed = ok(await sandbox.call('GET', `/v1/subscriptions/${paid.subscription}`)).subscription;
          const next = ok(await sandbox.call('GET', `/v1/invoices/${renewed.latest_invoice}`)).invoice;
          expect(next).toMatchObject({ status: 'paid', total: 9998, amount_discount: 4999 });
          expect(ok(await sandbox.call('GET', `/v1/payment_intents/${next.payment_intent}`)).payment_intent.amount_received).toBe(9998);
        }
      }
    });
  }
});
