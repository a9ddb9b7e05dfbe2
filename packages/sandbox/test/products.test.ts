import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { ISO_8601, countRows, createProduct, expectError, idPattern, ok, storedObject, unknownId } from '../../../test/support/factories.js';
import { useSandbox, type Call } from '../../../test/support/sandbox.js';

describeEachDatabase('products', (kind) => {
  const sandbox = useSandbox(kind);
  const call: Call = (method, path, options) => sandbox.call(method, path, options);

  describe('POST /v1/products', () => {
    it('creates a product with every field and answers it whole', async () => {
      const before = Date.now();
      const res = await call('POST', '/v1/products', {
        body: {
          product: {
            name: 'Gym membership',
            description: 'A month at the gym',
            visit_type: 'gym',
            hsa_fsa_eligibility: 'letter_of_medical_necessity',
            active: true,
            upc_code: '012345678905',
            gtin: '00012345678905',
            reference_gtin: '00012345678912',
            url: 'https://shop.example/gym',
            client_reference_id: 'sku-gym-1',
            document_description: 'Gym membership',
            receipt_description: 'Gym',
            categories: ['fitness'],
            image_urls: ['https://shop.example/gym.png'],
            metadata: { sku: 'GYM-1' },
          },
        },
      });
      const { product } = ok(res);
      expect(product).toEqual({
        product_id: expect.stringMatching(idPattern('fprod_')),
        name: 'Gym membership',
        description: 'A month at the gym',
        visit_type: 'gym',
        hsa_fsa_eligibility: 'letter_of_medical_necessity',
        active: true,
        upc_code: '012345678905',
        gtin: '00012345678905',
        reference_gtin: '00012345678912',
        url: 'https://shop.example/gym',
        client_reference_id: 'sku-gym-1',
        document_description: 'Gym membership',
        receipt_description: 'Gym',
        categories: ['fitness'],
        image_urls: ['https://shop.example/gym.png'],
        metadata: { sku: 'GYM-1' },
        created_at: expect.stringMatching(ISO_8601),
        test_mode: true,
      });
      // The sandbox clock starts at the wall clock.
      expect(Date.parse(product.created_at)).toBeGreaterThanOrEqual(before - 1000);
      expect(Date.parse(product.created_at)).toBeLessThanOrEqual(Date.now() + 1000);
      expect(await storedObject(sandbox, 'products', product.product_id)).toEqual(product);
    });

    it('fills every field it was not given with its default', async () => {
      const product = await createProduct(call, { name: 'Vitamins' });
      expect(product).toEqual({
        product_id: expect.stringMatching(idPattern('fprod_')),
        name: 'Vitamins',
        description: null,
        visit_type: null,
        hsa_fsa_eligibility: 'not_eligible',
        active: true,
        upc_code: null,
        gtin: null,
        reference_gtin: null,
        url: null,
        client_reference_id: null,
        document_description: null,
        receipt_description: null,
        categories: [],
        image_urls: [],
        metadata: null,
        created_at: expect.stringMatching(ISO_8601),
        test_mode: true,
      });
    });

    it.each(['letter_of_medical_necessity', 'auto_substantiation', 'not_eligible'])('takes hsa_fsa_eligibility %s', async (eligibility) => {
      const product = await createProduct(call, { hsa_fsa_eligibility: eligibility, visit_type: 'sleep' });
      expect(product.hsa_fsa_eligibility).toBe(eligibility);
    });

    it('gives each product its own ID', async () => {
      const a = await createProduct(call);
      const b = await createProduct(call);
      expect(a.product_id).not.toBe(b.product_id);
    });

    it('refuses a product that needs a letter of medical necessity but has no visit_type, and writes nothing', async () => {
      const before = await countRows(sandbox, 'products');
      for (const visit of [{}, { visit_type: null }]) {
        const res = await call('POST', '/v1/products', {
          body: { product: { name: 'Massage', hsa_fsa_eligibility: 'letter_of_medical_necessity', ...visit } },
        });
        expectError(res, 422, ['body', 'product', 'visit_type'], 'value_error', /visit_type/);
      }
      expect(await countRows(sandbox, 'products')).toBe(before);
    });

    it.each([
      ['hsa_fsa_eligibility', 'an unknown value', 'sometimes'],
      ['visit_type', 'an unknown value', 'dentist'],
      ['upc_code', 'three digits', '123'],
      ['gtin', 'seven digits', '1234567'],
      ['name', 'empty', ''],
      ['name', 'blank', '   '],
      ['name', '251 characters', 'x'.repeat(251)],
      ['description', '5001 characters', 'x'.repeat(5001)],
    ])('refuses %s (%s) with 422 at that field', async (field, _, value) => {
      const res = await call('POST', '/v1/products', { body: { product: { name: 'Thing', [field]: value } } });
      expectError(res, 422, ['body', 'product', field], 'value_error');
    });

    it.each(['12345678', '012345678905', '0012345678905', '00012345678905'])('accepts the %s-shaped GTIN', async (gtin) => {
      expect((await createProduct(call, { gtin })).gtin).toBe(gtin);
    });

    it('refuses metadata with too many keys or too long a value', async () => {
      const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
      expectError(
        await call('POST', '/v1/products', { body: { product: { name: 'A', metadata: many } } }),
        422,
        ['body', 'product', 'metadata'],
        'value_error',
      );
      const long = { note: 'x'.repeat(501) };
      expectError(
        await call('POST', '/v1/products', { body: { product: { name: 'A', metadata: long } } }),
        422,
        ['body', 'product', 'metadata', 'note'],
        'value_error',
      );
    });

    it('refuses metadata values that are not strings as a malformed request', async () => {
      const res = await call('POST', '/v1/products', { body: { product: { name: 'A', metadata: { count: 1 } } } });
      expectError(res, 400, ['body', 'product', 'metadata', 'count'], 'type_error');
    });

    it('refuses an ID or timestamp chosen by the caller', async () => {
      const res = await call('POST', '/v1/products', { body: { product: { name: 'A', product_id: unknownId('fprod_') } } });
      expectError(res, 400, ['body', 'product', 'product_id'], 'extra_forbidden');
    });
  });

  describe('GET /v1/products/{id}', () => {
    it('answers the stored product', async () => {
      const product = await createProduct(call, { description: 'Sleep study', visit_type: 'sleep' });
      const res = await call('GET', `/v1/products/${product.product_id}`);
      expect(ok(res)).toEqual({ product });
    });

    it('answers 404 for an ID it does not hold', async () => {
      const id = unknownId('fprod_');
      expectError(await call('GET', `/v1/products/${id}`), 404, ['path', 'id'], 'not_found', `No such product: '${id}'`);
    });
  });

  describe('GET /v1/products', () => {
    it('lists products newest first', async () => {
      const older = await createProduct(call, { name: 'Older' });
      const newer = await createProduct(call, { name: 'Newer' });
      const { products, has_more } = ok(await call('GET', '/v1/products?limit=2'));
      expect(products).toEqual([newer, older]);
      expect(has_more).toBe(true);
    });
  });

  describe('POST /v1/products/{id}', () => {
    it('changes the given fields, keeps the others, and persists the change', async () => {
      const product = await createProduct(call, { name: 'Old name', description: 'Old', metadata: { a: '1' } });
      const res = await call('POST', `/v1/products/${product.product_id}`, {
        body: { product: { name: 'New name', description: null, active: false, metadata: { b: '2' }, visit_type: 'nutrition' } },
      });
      const expected = { ...product, name: 'New name', description: null, active: false, metadata: { b: '2' }, visit_type: 'nutrition' };
      expect(ok(res)).toEqual({ product: expected });
      expect(ok(await call('GET', `/v1/products/${product.product_id}`))).toEqual({ product: expected });
      expect(await storedObject(sandbox, 'products', product.product_id)).toEqual(expected);
    });

    it('can make a product need a letter when it names a visit_type', async () => {
      const product = await createProduct(call);
      const res = await call('POST', `/v1/products/${product.product_id}`, {
        body: { product: { hsa_fsa_eligibility: 'letter_of_medical_necessity', visit_type: 'massage' } },
      });
      expect(ok(res).product).toMatchObject({ hsa_fsa_eligibility: 'letter_of_medical_necessity', visit_type: 'massage' });
    });

    it('refuses to leave a letter-of-medical-necessity product without a visit_type, and keeps it as it was', async () => {
      const plain = await createProduct(call);
      expectError(
        await call('POST', `/v1/products/${plain.product_id}`, { body: { product: { hsa_fsa_eligibility: 'letter_of_medical_necessity' } } }),
        422,
        ['body', 'product', 'visit_type'],
        'invalid_request_error',
      );
      expect(await storedObject(sandbox, 'products', plain.product_id)).toEqual(plain);

      const lmn = await createProduct(call, { hsa_fsa_eligibility: 'letter_of_medical_necessity', visit_type: 'gym' });
      expectError(
        await call('POST', `/v1/products/${lmn.product_id}`, { body: { product: { visit_type: null } } }),
        422,
        ['body', 'product', 'visit_type'],
        'invalid_request_error',
      );
      expect(await storedObject(sandbox, 'products', lmn.product_id)).toEqual(lmn);
    });

    it('answers the product unchanged for an empty change', async () => {
      const product = await createProduct(call);
      expect(ok(await call('POST', `/v1/products/${product.product_id}`, { body: { product: {} } }))).toEqual({ product });
    });

    it.each(['product_id', 'created_at', 'test_mode'])('refuses to change %s', async (field) => {
      const product = await createProduct(call);
      const res = await call('POST', `/v1/products/${product.product_id}`, { body: { product: { [field]: product[field] } } });
      expectError(res, 400, ['body', 'product', field], 'extra_forbidden');
      expect(await storedObject(sandbox, 'products', product.product_id)).toEqual(product);
    });

    it('refuses an invalid value', async () => {
      const product = await createProduct(call);
      expectError(
        await call('POST', `/v1/products/${product.product_id}`, { body: { product: { name: '' } } }),
        422,
        ['body', 'product', 'name'],
        'value_error',
      );
      expectError(
        await call('POST', `/v1/products/${product.product_id}`, { body: { product: { name: null } } }),
        400,
        ['body', 'product', 'name'],
        'type_error',
      );
    });

    it('answers 404 for an ID it does not hold, and creates nothing', async () => {
      const before = await countRows(sandbox, 'products');
      const id = unknownId('fprod_');
      expectError(await call('POST', `/v1/products/${id}`, { body: { product: { name: 'X' } } }), 404, ['path', 'id'], 'not_found');
      expect(await countRows(sandbox, 'products')).toBe(before);
    });
  });
});
