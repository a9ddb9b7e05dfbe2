import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { countAll, countRows, createCustomer, createProductWithPrice, expectError, ok, storedObject, unknownId } from '../../../test/support/factories.js';
import { useSandbox, type Call } from '../../../test/support/sandbox.js';

const LINES = ['body', 'checkout_session', 'line_items'];

/** A line that, alone, would create a product and a price. */
const inlineLine = (name: string, extra: Record<string, unknown> = {}) => ({
  price_data: { unit_amount: 2500, product_data: { name, ...extra } },
});

describeEachDatabase('atomicity', (kind) => {
  const sandbox = useSandbox(kind);
  const call: Call = (method, path, options) => sandbox.call(method, path, options);
  const createSessionAnswer = (fields: Record<string, unknown>, headers: Record<string, string> = {}) =>
    call('POST', '/v1/checkout/sessions', { body: { checkout_session: fields }, headers });

  let gymPrice: string;
  let monthlyPrice: string;
  let customerId: string;

  beforeAll(async () => {
    gymPrice = (await createProductWithPrice(call, { name: 'Gym', visit_type: 'gym', hsa_fsa_eligibility: 'letter_of_medical_necessity' })).price.price_id;
    monthlyPrice = (await createProductWithPrice(call, { name: 'Plan' }, { recurring: { interval: 'monthly' } })).price.price_id;
    customerId = (await createCustomer(call)).customer_id;
  });

  /** Runs a request that must fail and asserts that no table gained or lost a row. */
  async function expectNothingWritten(run: () => Promise<void>) {
    const before = await countAll(sandbox);
    await run();
    expect(await countAll(sandbox)).toEqual(before);
  }

  describe('a checkout session that fails after creating its inline product and price', () => {
    it('leaves nothing behind when a later line names an unknown price', async () => {
      await expectNothingWritten(async () => {
        const res = await createSessionAnswer({ line_items: [inlineLine('Made then undone'), { price: unknownId('fprice_') }] });
        expectError(res, 404, [...LINES, 1, 'price'], 'not_found');
      });
      const names = (await sandbox.db.store.db.selectFrom('products').select('data').execute()).map((r) => JSON.parse(r.data).name);
      expect(names).not.toContain('Made then undone');
    });

    it('leaves nothing behind when a later inline line names an unknown product', async () => {
      await expectNothingWritten(async () => {
        const res = await createSessionAnswer({
          line_items: [inlineLine('First'), inlineLine('Second'), { price_data: { unit_amount: 100, product: unknownId('fprod_') } }],
        });
        expectError(res, 404, [...LINES, 2, 'price_data', 'product'], 'not_found');
      });
    });

    it('leaves nothing behind when the lines need letters for different visit types', async () => {
      await expectNothingWritten(async () => {
        const res = await createSessionAnswer({
          line_items: [
            inlineLine('Gym LMN', { visit_type: 'gym', hsa_fsa_eligibility: 'letter_of_medical_necessity' }),
            inlineLine('Skin LMN', { visit_type: 'skincare', hsa_fsa_eligibility: 'letter_of_medical_necessity' }),
          ],
        });
        expectError(res, 422, LINES, 'invalid_request_error', /visit types/);
      });
    });

    it('leaves nothing behind when an inline recurring price is in a payment session', async () => {
      await expectNothingWritten(async () => {
        const res = await createSessionAnswer({
          line_items: [{ price_data: { unit_amount: 100, recurring: { interval: 'monthly' }, product_data: { name: 'Recurring inline' } } }],
        });
        expectError(res, 422, [...LINES, 0, 'price'], 'invalid_request_error');
      });
    });

    it('leaves nothing behind when the total is zero', async () => {
      await expectNothingWritten(async () => {
        const res = await createSessionAnswer({ line_items: [{ price_data: { unit_amount: 0, product_data: { name: 'Free inline' } } }] });
        expectError(res, 422, LINES, 'invalid_request_error');
      });
    });

    it('leaves nothing behind when a later line is inactive, or in a subscription without a recurring price', async () => {
      const inactive = (await createProductWithPrice(call, { name: 'Retired' }, { active: false })).price.price_id;
      await expectNothingWritten(async () => {
        expectError(await createSessionAnswer({ line_items: [inlineLine('A'), { price: inactive }] }), 422, [...LINES, 1, 'price'], 'invalid_request_error');
        expectError(await createSessionAnswer({ mode: 'subscription', line_items: [inlineLine('B')] }), 422, LINES, 'invalid_request_error');
      });
    });

    it('leaves nothing behind when the customer is unknown', async () => {
      await expectNothingWritten(async () => {
        const res = await createSessionAnswer({ customer: unknownId('fcus_'), line_items: [inlineLine('C')] });
        expectError(res, 404, ['body', 'checkout_session', 'customer'], 'not_found');
      });
    });

    it('leaves nothing behind with an Idempotency-Key, and its replay writes nothing either', async () => {
      const headers = { 'idempotency-key': `atomic-${Date.now()}` };
      const fields = { line_items: [inlineLine('Keyed'), { price: unknownId('fprice_') }] };
      await expectNothingWritten(async () => {
        expectError(await createSessionAnswer(fields, headers), 404, [...LINES, 1, 'price'], 'not_found');
        expectError(await createSessionAnswer(fields, headers), 404, [...LINES, 1, 'price'], 'not_found');
      });
    });

    it('writes all of it when nothing fails', async () => {
      const before = await countAll(sandbox);
      const res = await createSessionAnswer({ customer: customerId, line_items: [inlineLine('Kept 1'), inlineLine('Kept 2'), { price: gymPrice }] });
      ok(res);
      expect(await countAll(sandbox)).toEqual({
        ...before,
        products: before.products! + 2,
        prices: before.prices! + 2,
        checkout_sessions: before.checkout_sessions! + 1,
      });
    });
  });

  describe('updates that fail', () => {
    it('leave the object as it was', async () => {
      const { product, price } = await createProductWithPrice(call, { name: 'Stable' });
      expectError(
        await call('POST', `/v1/products/${product.product_id}`, {
          body: { product: { name: 'Changed', hsa_fsa_eligibility: 'letter_of_medical_necessity' } },
        }),
        422,
        ['body', 'product', 'visit_type'],
        'invalid_request_error',
      );
      expect(await storedObject(sandbox, 'products', product.product_id)).toEqual(product);
      expectError(
        await call('POST', `/v1/prices/${price.price_id}`, { body: { price: { description: 'Changed', unit_amount: 1 } } }),
        422,
        ['body', 'price', 'unit_amount'],
        'invalid_request_error',
      );
      expect(await storedObject(sandbox, 'prices', price.price_id)).toEqual(price);
    });
  });

  it('keeps the catalog usable after a failed request (the transaction was released)', async () => {
    const before = await countRows(sandbox, 'checkout_sessions');
    expectError(await createSessionAnswer({ line_items: [inlineLine('X'), { price: unknownId('fprice_') }] }), 404, [...LINES, 1, 'price'], 'not_found');
    ok(await createSessionAnswer({ line_items: [{ price: gymPrice }] }));
    expect(await countRows(sandbox, 'checkout_sessions')).toBe(before + 1);
    expectError(await createSessionAnswer({ mode: 'payment', line_items: [{ price: monthlyPrice }] }), 422, [...LINES, 0, 'price'], 'invalid_request_error');
  });
});
