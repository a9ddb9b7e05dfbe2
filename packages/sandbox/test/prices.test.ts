import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { ISO_8601, countRows, createPrice, createProduct, expectError, idPattern, ok, storedObject, unknownId } from '../../../test/support/factories.js';
import { useSandbox, type Call } from '../../../test/support/sandbox.js';

describeEachDatabase('prices', (kind) => {
  const sandbox = useSandbox(kind);
  const call: Call = (method, path, options) => sandbox.call(method, path, options);
  let productId: string;

  beforeAll(async () => {
    productId = (await createProduct(call, { name: 'Gym membership', visit_type: 'gym', hsa_fsa_eligibility: 'letter_of_medical_necessity' })).product_id;
  });

  describe('POST /v1/prices', () => {
    it('creates a one-time price with its defaults', async () => {
      const res = await call('POST', '/v1/prices', { body: { price: { product: productId, unit_amount: 4999 } } });
      const { price } = ok(res);
      expect(price).toEqual({
        price_id: expect.stringMatching(idPattern('fprice_')),
        product: productId,
        unit_amount: 4999,
        price: 4999,
        currency: 'usd',
        description: null,
        recurring: null,
        type: 'one_time',
        active: true,
        metadata: null,
        created_at: expect.stringMatching(ISO_8601),
        test_mode: true,
      });
      expect(await storedObject(sandbox, 'prices', price.price_id)).toEqual(price);
      const row = await sandbox.db.store.db.selectFrom('prices').select('product_id').where('id', '=', price.price_id).executeTakeFirst();
      expect(row).toEqual({ product_id: productId });
    });

    it('creates a recurring price, filling interval_count and trial_period_days', async () => {
      const price = await createPrice(call, productId, {
        unit_amount: 1999,
        currency: 'eur',
        description: 'Monthly',
        recurring: { interval: 'monthly' },
        active: false,
        metadata: { plan: 'basic' },
      });
      expect(price).toMatchObject({
        unit_amount: 1999,
        price: 1999,
        currency: 'eur',
        description: 'Monthly',
        recurring: { interval: 'monthly', interval_count: 1, trial_period_days: null },
        type: 'recurring',
        active: false,
        metadata: { plan: 'basic' },
      });
    });

    it.each(['daily', 'weekly', 'monthly', 'yearly'])('takes the %s interval with a count and a trial', async (interval) => {
      const price = await createPrice(call, productId, { recurring: { interval, interval_count: 3, trial_period_days: 14 } });
      expect(price.recurring).toEqual({ interval, interval_count: 3, trial_period_days: 14 });
      expect(price.type).toBe('recurring');
    });

    it('takes an explicit recurring: null as a one-time price', async () => {
      const price = await createPrice(call, productId, { recurring: null });
      expect(price).toMatchObject({ recurring: null, type: 'one_time' });
    });

    it('takes a zero unit_amount (a free price)', async () => {
      expect((await createPrice(call, productId, { unit_amount: 0 })).unit_amount).toBe(0);
    });

    it('answers 404 at body.price.product for a product it does not hold, and writes nothing', async () => {
      const before = await countRows(sandbox, 'prices');
      const id = unknownId('fprod_');
      const res = await call('POST', '/v1/prices', { body: { price: { product: id, unit_amount: 100 } } });
      expectError(res, 404, ['body', 'price', 'product'], 'not_found', `No such product: '${id}'`);
      expect(await countRows(sandbox, 'prices')).toBe(before);
    });

    it('names the missing fields', async () => {
      const res = await call('POST', '/v1/prices', { body: { price: {} } });
      expect(res.status).toBe(422);
      expect(res.body.detail).toEqual(
        expect.arrayContaining([
          { loc: ['body', 'price', 'product'], msg: 'Field required', type: 'missing' },
          { loc: ['body', 'price', 'unit_amount'], msg: 'Field required', type: 'missing' },
        ]),
      );
      expect(res.body.detail).toHaveLength(2);
    });

    it.each([
      [['unit_amount'], { unit_amount: -1 }],
      [['unit_amount'], { unit_amount: 1.5 }],
      [['unit_amount'], { unit_amount: 100_000_000 }],
      [['currency'], { currency: 'USD' }],
      [['currency'], { currency: 'us' }],
      [['recurring', 'interval'], { recurring: { interval: 'hourly' } }],
      [['recurring', 'interval_count'], { recurring: { interval: 'monthly', interval_count: 0 } }],
      [['recurring', 'trial_period_days'], { recurring: { interval: 'monthly', trial_period_days: 0 } }],
      [['product'], { product: 'prod_123' }],
    ])('refuses %j with 422 at that field', async (loc, fields) => {
      const res = await call('POST', '/v1/prices', { body: { price: { product: productId, unit_amount: 100, ...fields } } });
      expectError(res, 422, ['body', 'price', ...loc], 'value_error');
    });

    it('refuses an amount sent as a string as a malformed request', async () => {
      const res = await call('POST', '/v1/prices', { body: { price: { product: productId, unit_amount: '100' } } });
      expectError(res, 400, ['body', 'price', 'unit_amount'], 'type_error');
    });

    it('refuses a type chosen by the caller (it follows from recurring)', async () => {
      const res = await call('POST', '/v1/prices', { body: { price: { product: productId, unit_amount: 100, type: 'recurring' } } });
      expectError(res, 400, ['body', 'price', 'type'], 'extra_forbidden');
    });
  });

  describe('GET /v1/prices/{id}', () => {
    it('answers the stored price', async () => {
      const price = await createPrice(call, productId);
      expect(ok(await call('GET', `/v1/prices/${price.price_id}`))).toEqual({ price });
    });

    it('answers 404 for an ID it does not hold', async () => {
      expectError(await call('GET', `/v1/prices/${unknownId('fprice_')}`), 404, ['path', 'id'], 'not_found');
    });
  });

  describe('GET /v1/prices', () => {
    it('filters by ?product=, newest first', async () => {
      const a = await createProduct(call, { name: 'A' });
      const b = await createProduct(call, { name: 'B' });
      const a1 = await createPrice(call, a.product_id, { unit_amount: 100 });
      const b1 = await createPrice(call, b.product_id, { unit_amount: 200 });
      const a2 = await createPrice(call, a.product_id, { unit_amount: 300 });
      expect(ok(await call('GET', `/v1/prices?product=${a.product_id}`))).toEqual({ prices: [a2, a1], has_more: false });
      expect(ok(await call('GET', `/v1/prices?product=${b.product_id}`))).toEqual({ prices: [b1], has_more: false });
      expect(ok(await call('GET', `/v1/prices?product=${unknownId('fprod_')}`))).toEqual({ prices: [], has_more: false });
    });

    it('lists the prices of every product without the filter', async () => {
      const { prices } = ok(await call('GET', '/v1/prices?limit=100'));
      expect(prices.length).toBe(await countRows(sandbox, 'prices'));
      expect(new Set(prices.map((p: any) => p.product)).size).toBeGreaterThan(1);
    });
  });

  describe('POST /v1/prices/{id}', () => {
    it('changes description, active and metadata, and persists them', async () => {
      const price = await createPrice(call, productId, { description: 'Old', metadata: { a: '1' } });
      const res = await call('POST', `/v1/prices/${price.price_id}`, {
        body: { price: { description: 'New', active: false, metadata: { b: '2' } } },
      });
      const expected = { ...price, description: 'New', active: false, metadata: { b: '2' } };
      expect(ok(res)).toEqual({ price: expected });
      expect(ok(await call('GET', `/v1/prices/${price.price_id}`))).toEqual({ price: expected });
      expect(await storedObject(sandbox, 'prices', price.price_id)).toEqual(expected);
    });

    it.each([
      ['unit_amount', 100],
      ['currency', 'eur'],
      ['recurring', { interval: 'monthly' }],
      ['product', 'fprod_01HW5MXAPBE79RHMMJJGB4ACAB'],
      ['type', 'recurring'],
    ])('refuses to change %s, saying why, and keeps the price as it was', async (field, value) => {
      const price = await createPrice(call, productId, { unit_amount: 5000 });
      const res = await call('POST', `/v1/prices/${price.price_id}`, { body: { price: { [field]: value, description: 'also this' } } });
      expectError(res, 422, ['body', 'price', field], 'invalid_request_error', /cannot change/);
      expect(await storedObject(sandbox, 'prices', price.price_id)).toEqual(price);
    });

    it('refuses an unknown field as a malformed request', async () => {
      const price = await createPrice(call, productId);
      expectError(
        await call('POST', `/v1/prices/${price.price_id}`, { body: { price: { nickname: 'x' } } }),
        400,
        ['body', 'price', 'nickname'],
        'extra_forbidden',
      );
    });

    it('answers 404 for an ID it does not hold', async () => {
      expectError(await call('POST', `/v1/prices/${unknownId('fprice_')}`, { body: { price: { active: false } } }), 404, ['path', 'id'], 'not_found');
    });
  });
});
