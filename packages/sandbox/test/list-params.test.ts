import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { useSandbox, type SandboxHarness } from '../../../test/support/sandbox.js';
import { checkoutOnSession, createPrice, createSession } from '../../../test/support/checkout.js';
import { DAY_S, must } from './support/billing.js';

/** The list parameters Flex documents beyond paging, on both databases and both profiles' shapes. */
describeEachDatabase("Flex's list filters", (kind) => {
  const sandbox = useSandbox(kind);
  const call = (...args: Parameters<SandboxHarness['call']>) => sandbox.call(...args);
  let product: { product_id: string; price_id: string };

  beforeAll(async () => {
    product = await createPrice(call, { visit_type: null, hsa_fsa_eligibility: 'not_eligible', name: 'Listed' }, { unit_amount: 1200 });
  });

  it('products by active, client_reference_id and metadata[key]', async () => {
    const tagged = must(
      await call('POST', '/v1/products', { body: { product: { name: 'Tagged', client_reference_id: 'sku-9', metadata: { line: 'summer' } } } }),
      'p',
    ).product;
    must(await call('POST', '/v1/products', { body: { product: { name: 'Old', active: false, metadata: { line: 'summer' } } } }), 'old');
    const ids = async (q: string) => must(await call('GET', `/v1/products?limit=100&${q}`), q).products.map((p: any) => p.name);
    expect(await ids('client_reference_id=sku-9')).toEqual(['Tagged']);
    expect(await ids('metadata[line]=summer')).toEqual(['Old', 'Tagged']);
    expect(await ids('metadata[line]=summer&active=true')).toEqual(['Tagged']);
    expect(await ids('active=false')).toContain('Old');
    expect((await ids('active=true')).includes('Old')).toBe(false);
    expect(tagged.client_reference_id).toBe('sku-9');
  });

  it('prices by active, with expand_product', async () => {
    const inactive = must(
      await call('POST', '/v1/prices', { body: { price: { product: product.product_id, unit_amount: 900, active: false } } }),
      'price',
    ).price;
    const active = must(await call('GET', `/v1/prices?product=${product.product_id}&active=true&expand_product=true`), 'active').prices;
    expect(active.map((p: any) => p.price_id)).toEqual([product.price_id]);
    expect(active[0].product).toMatchObject({ product_id: product.product_id, name: 'Listed' });
    expect(must(await call('GET', `/v1/prices?product=${product.product_id}&active=false`), 'inactive').prices.map((p: any) => p.price_id)).toEqual([
      inactive.price_id,
    ]);
    expect((await call('GET', '/v1/prices?active=maybe')).status).toBe(422);
  });

  it('sessions and payment intents by interval (days); payment intents and subscriptions with the customer expanded', async () => {
    const old = await createSession(call, { line_items: [{ price: product.price_id }] });
    must(await call('POST', '/v1/test_helpers/advance_time', { body: { seconds: 3 * DAY_S } }), 'advance');
    const fresh = await checkoutOnSession(call, { line_items: [{ price: product.price_id }] });
    const recent = must(await call('GET', '/v1/checkout/sessions?interval=1&limit=100'), 'recent').checkout_sessions.map((s: any) => s.checkout_session_id);
    expect(recent).toContain(fresh.checkout_session_id);
    expect(recent).not.toContain(old.checkout_session_id);
    expect(must(await call('GET', '/v1/checkout/sessions?interval=7&limit=100'), 'week').checkout_sessions.map((s: any) => s.checkout_session_id)).toContain(
      old.checkout_session_id,
    );
    expect((await call('GET', '/v1/checkout/sessions?interval=soon')).status).toBe(422);
    const pis = must(await call('GET', `/v1/payment_intents?interval=1&customer=${fresh.customer}&expand=customer`), 'pis').payment_intents;
    expect(pis).toHaveLength(1);
    expect(pis[0].customer).toMatchObject({ customer_id: fresh.customer });

    const plan = await createPrice(
      call,
      { visit_type: null, hsa_fsa_eligibility: 'not_eligible', name: 'Monthly' },
      { unit_amount: 500, recurring: { interval: 'monthly' } },
    );
    const sub = await checkoutOnSession(call, { mode: 'subscription', line_items: [{ price: plan.price_id }] });
    const listed = must(await call('GET', `/v1/subscriptions?customer=${sub.customer}&expand_customer=true`), 'subs').subscriptions;
    expect(listed[0].customer).toMatchObject({ customer_id: sub.customer });
  });

  it('invoices, refunds and disputes default to 20 a page; the rest to 10', async () => {
    for (let i = 0; i < 11; i++) must(await call('POST', '/v1/coupons', { body: { coupon: { amount_off: 100 + i } } }), 'coupon');
    expect(must(await call('GET', '/v1/coupons'), 'coupons').coupons).toHaveLength(10);
  });
});
