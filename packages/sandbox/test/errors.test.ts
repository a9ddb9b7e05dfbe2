import { ErrorBody } from '@flex-checkout/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import {
  countAll,
  createCustomer,
  createProductWithPrice,
  createSession,
  expectError,
  expectErrorShape,
  ok,
  unknownId,
} from '../../../test/support/factories.js';
import { useSandbox, type Call } from '../../../test/support/sandbox.js';

/** The API key the Flex guide shows: a real-looking key that is not the sandbox's. */
const GUIDE_KEY = 'fsk_MzkxYzU2MTAtZGYxOC00OWUyLThlODQtYTA0ODMwNjhiYmVm';

describeEachDatabase('errors', (kind) => {
  const sandbox = useSandbox(kind);
  const call: Call = (method, path, options) => sandbox.call(method, path, options);
  let ids: { product: string; price: string; customer: string; session: string };

  beforeAll(async () => {
    const { product, price } = await createProductWithPrice(call);
    const customer = await createCustomer(call);
    const session = await createSession(call, { line_items: [{ price: price.price_id }] });
    ids = { product: product.product_id, price: price.price_id, customer: customer.customer_id, session: session.checkout_session_id };
  });

  describe('authentication', () => {
    it('takes the sandbox key, with the scheme in any case', async () => {
      expect((await call('GET', '/v1/products', { key: 'fsk_test_sandbox' })).status).toBe(200);
      expect((await call('GET', '/v1/products', { key: null, headers: { authorization: 'bearer fsk_test_sandbox' } })).status).toBe(200);
    });

    it('answers 401 without an Authorization header', async () => {
      const res = await call('GET', '/v1/products', { key: null });
      expectError(res, 401, ['header', 'authorization'], 'authentication_error');
    });

    it.each([
      ['another test key', 'Bearer fsk_test_other'],
      ["the guide's key", `Bearer ${GUIDE_KEY}`],
      ['the publishable key', 'Bearer fpk_test_sandbox'],
      ['the key with a suffix', 'Bearer fsk_test_sandboxx'],
      ['basic auth', `Basic ${Buffer.from('fsk_test_sandbox:').toString('base64')}`],
      ['a bare key', 'fsk_test_sandbox'],
      ['an empty bearer', 'Bearer '],
    ])('answers 401 for %s and never echoes it', async (_, header) => {
      const res = await call('GET', '/v1/products', { key: null, headers: { authorization: header } });
      expectError(res, 401, ['header', 'authorization'], 'authentication_error');
      const given = header.replace(/^\S+\s+/, '');
      if (given.length > 0) {
        expect(JSON.stringify(res.body)).not.toContain(given);
        for (const [, value] of res.headers) expect(value).not.toContain(given);
      }
    });

    it('answers 401 on every route, and a refused write writes nothing', async () => {
      const before = await countAll(sandbox);
      const routes: [string, string, unknown?][] = [
        ['GET', '/v1/products'],
        ['POST', '/v1/products', { product: { name: 'X' } }],
        ['GET', `/v1/prices/${ids.price}`],
        ['POST', '/v1/prices', { price: { product: ids.product, unit_amount: 1 } }],
        ['POST', '/v1/customers', { customer: { email: 'x@example.com' } }],
        ['POST', '/v1/checkout/sessions', { checkout_session: { line_items: [{ price: ids.price }] } }],
        ['POST', `/v1/checkout/sessions/${ids.session}/expire`],
        ['GET', '/v1/no/such/route'],
      ];
      for (const [method, path, body] of routes) {
        const res = await call(method, path, { key: 'fsk_test_other', body });
        expectError(res, 401, ['header', 'authorization'], 'authentication_error');
      }
      expect(await countAll(sandbox)).toEqual(before);
      expect(ok(await call('GET', `/v1/checkout/sessions/${ids.session}`)).checkout_session.status).toBe('open');
    });
  });

  describe('malformed and invalid bodies', () => {
    it('answers 400 json_invalid for a body that is not JSON', async () => {
      for (const body of ['{"product": {"name": "A"', "{'product': {}}", 'product=A', '{"product": {"name": "A"}} x']) {
        const res = await call('POST', '/v1/products', { body });
        expect(res.body).toEqual({ detail: [{ loc: ['body'], msg: 'The body is not valid JSON', type: 'json_invalid' }] });
        expect(res.status).toBe(400);
      }
    });

    it('answers 400 extra_forbidden pointing at an unknown field, at any depth', async () => {
      expectError(
        await call('POST', '/v1/products', { body: { product: { name: 'A', colour: 'red' } } }),
        400,
        ['body', 'product', 'colour'],
        'extra_forbidden',
        'Unknown field',
      );
      expectError(await call('POST', '/v1/products', { body: { product: { name: 'A' }, expand: ['x'] } }), 400, ['body', 'expand'], 'extra_forbidden');
      expectError(
        await call('POST', '/v1/checkout/sessions', { body: { checkout_session: { line_items: [{ price: ids.price, discount: 5 }] } } }),
        400,
        ['body', 'checkout_session', 'line_items', 0, 'discount'],
        'extra_forbidden',
      );
    });

    it('answers 400 type_error for a field of the wrong JSON type', async () => {
      expectError(await call('POST', '/v1/products', { body: { product: { name: 5 } } }), 400, ['body', 'product', 'name'], 'type_error', 'Expected string');
      expectError(await call('POST', '/v1/products', { body: { product: { name: 'A', active: 'yes' } } }), 400, ['body', 'product', 'active'], 'type_error');
      expectError(await call('POST', '/v1/products', { body: { product: 'A' } }), 400, ['body', 'product'], 'type_error');
      expectError(
        await call('POST', '/v1/checkout/sessions', { body: { checkout_session: { line_items: {} } } }),
        400,
        ['body', 'checkout_session', 'line_items'],
        'type_error',
      );
    });

    it('answers 422 value_error for a number of the right type but not a whole one', async () => {
      expectError(
        await call('POST', '/v1/prices', { body: { price: { product: ids.product, unit_amount: 10.5 } } }),
        422,
        ['body', 'price', 'unit_amount'],
        'value_error',
        'Expected an integer',
      );
    });

    it('answers 422 missing for a required field left out, and for an empty body', async () => {
      expectError(
        await call('POST', '/v1/products', { body: { product: { description: 'no name' } } }),
        422,
        ['body', 'product', 'name'],
        'missing',
        'Field required',
      );
      expectError(await call('POST', '/v1/products', { body: {} }), 422, ['body', 'product'], 'missing');
      expectError(await call('POST', '/v1/products', { body: '' }), 422, ['body', 'product'], 'missing');
    });

    it('names every problem in one answer', async () => {
      const res = await call('POST', '/v1/products', { body: { product: { name: 5, colour: 'red', hsa_fsa_eligibility: 'maybe' } } });
      expect(res.status).toBe(400);
      expect(res.body.detail).toEqual(
        expect.arrayContaining([
          { loc: ['body', 'product', 'name'], msg: 'Expected string', type: 'type_error' },
          { loc: ['body', 'product', 'colour'], msg: 'Unknown field', type: 'extra_forbidden' },
          expect.objectContaining({ loc: ['body', 'product', 'hsa_fsa_eligibility'], type: 'value_error' }),
        ]),
      );
      expect(res.body.detail).toHaveLength(3);
    });

    it('answers 413 for a body over 1 MB, with or without a Content-Length, and writes nothing', async () => {
      const before = await countAll(sandbox);
      const body = JSON.stringify({ product: { name: 'A', description: 'x'.repeat(1024 * 1024) } });
      const withLength: Record<string, string>[] = [{}, { 'content-length': String(Buffer.byteLength(body)) }];
      for (const headers of withLength) {
        const res = await call('POST', '/v1/products', { body, headers });
        expectError(res, 413, ['body'], 'payload_too_large');
      }
      // Not JSON at all, still too large.
      expectError(await call('POST', '/v1/customers', { body: 'x'.repeat(1024 * 1024 + 1) }), 413, ['body'], 'payload_too_large');
      expect(await countAll(sandbox)).toEqual(before);
    });

    it('reads a body just under 1 MB', async () => {
      const body = JSON.stringify({ product: { name: 'A', description: 'x'.repeat(1000 * 1000) } });
      expect(Buffer.byteLength(body)).toBeLessThan(1024 * 1024);
      expectError(await call('POST', '/v1/products', { body }), 422, ['body', 'product', 'description'], 'value_error');
    });

    it('refuses a NUL character in any text with 422, on every database', async () => {
      const before = await countAll(sandbox);
      expectError(await call('POST', '/v1/products', { body: { product: { name: 'a\u0000b' } } }), 422, ['body', 'product', 'name'], 'value_error');
      expectError(
        await call('POST', '/v1/products', { body: { product: { name: 'A', metadata: { 'k\u0000': 'v' } } } }),
        422,
        ['body', 'product', 'metadata', 'k\u0000'],
        'value_error',
      );
      expectError(
        await call('POST', '/v1/checkout/sessions', { body: { checkout_session: { client_reference_id: '\u0000', line_items: [{ price: ids.price }] } } }),
        422,
        ['body', 'checkout_session', 'client_reference_id'],
        'value_error',
      );
      expect(await countAll(sandbox)).toEqual(before);
    });
  });

  describe('unknown routes and objects', () => {
    it.each([
      ['GET', '/v1/nothing'],
      ['GET', '/v2/products'],
      ['GET', '/nothing'],
      ['DELETE', '/v1/products'],
      ['PUT', `/v1/products/${unknownId('fprod_')}`],
      ['GET', '/v1/checkout/sessions/fcs_x/line_items/extra'],
    ])('answers 404 in the error shape for %s %s', async (method, path) => {
      const res = await call(method, path);
      expectError(res, 404, ['path'], 'not_found', `No route for ${method} ${path}`);
    });

    it.each<[string, string, string, unknown?]>([
      ['GET', '/v1/products/{id}', 'fprod_'],
      ['POST', '/v1/products/{id}', 'fprod_', { product: { name: 'X' } }],
      ['GET', '/v1/prices/{id}', 'fprice_'],
      ['POST', '/v1/prices/{id}', 'fprice_', { price: { active: false } }],
      ['GET', '/v1/customers/{id}', 'fcus_'],
      ['POST', '/v1/customers/{id}', 'fcus_', { customer: { first_name: 'X' } }],
      ['GET', '/v1/checkout/sessions/{id}', 'fcs_'],
      ['POST', '/v1/checkout/sessions/{id}/expire', 'fcs_'],
    ])('answers 404 at ["path","id"] for %s %s with an unknown ID', async (method, template, prefix, body) => {
      for (const id of [unknownId(prefix), 'not-an-id', '%00', 'x'.repeat(2000)]) {
        const res = await call(method, template.replace('{id}', id), { body });
        expectError(res, 404, ['path', 'id'], 'not_found');
      }
    });

    it('does not let another kind of ID stand in for the one asked for', async () => {
      expectError(await call('GET', `/v1/products/${ids.price}`), 404, ['path', 'id'], 'not_found');
      expectError(await call('GET', `/v1/customers/${ids.session}`), 404, ['path', 'id'], 'not_found');
    });
  });

  describe('bad query strings', () => {
    it('refuses a NUL character in a filter or cursor instead of failing', async () => {
      expectError(await call('GET', '/v1/prices?product=%00'), 422, ['query', 'product'], 'value_error');
      expectError(await call('GET', '/v1/checkout/sessions?customer=a%00'), 422, ['query', 'customer'], 'value_error');
      expectError(await call('GET', '/v1/products?starting_after=%00'), 422, ['query', 'starting_after'], 'value_error');
    });
  });

  describe('garbage bodies never answer 500', () => {
    const deepArray = '['.repeat(50_000) + ']'.repeat(50_000);
    const deepObject = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);

    /** JSON bodies, sent as the exact text given; `$` stands for the endpoint's wrapper key. */
    const GARBAGE: [string, string][] = [
      ['null', 'null'],
      ['an empty array', '[]'],
      ['a string', '"x"'],
      ['a number', '42'],
      ['true', 'true'],
      ['not JSON', 'x'],
      ['a NUL byte', '\u0000'],
      ['the wrapper as null', '{"$": null}'],
      ['the wrapper as an array', '{"$": []}'],
      ['the wrapper as a string', '{"$": "x"}'],
      ['the wrapper as a number', '{"$": 1e309}'],
      ['an array of wrappers', '[{"$": {}}]'],
      ['a deeply nested array', deepArray],
      ['a deeply nested object', deepObject],
      ['a deeply nested wrapper', `{"$": ${deepObject}}`],
      ['every field deeply nested', `{"$": {"name": ${deepArray}, "email": ${deepArray}, "line_items": ${deepArray}, "unit_amount": ${deepArray}}}`],
      ['huge strings', JSON.stringify({ $: { name: 'x'.repeat(300_000), email: `${'a'.repeat(300_000)}@example.com`, description: 'y'.repeat(300_000) } })],
      ['a huge key', JSON.stringify({ $: { ['k'.repeat(900_000)]: 1 } })],
      ['many fields', JSON.stringify({ $: Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`f${i}`, i])) })],
      ['a __proto__ field', '{"$": {"__proto__": {"name": "x", "email": "a@example.com"}}}'],
      ['a constructor field', '{"$": {"constructor": {"prototype": {}}}}'],
      ['lone surrogates', '{"$": {"name": "\\ud800", "email": "\\udfff@example.com", "client_reference_id": "\\ud800"}}'],
      ['huge numbers', '{"$": {"unit_amount": 1e400, "quantity": -1e400, "expires_at": 9007199254740993, "seconds": 1e300}}'],
      ['negative zero and NaN-ish', '{"$": {"unit_amount": -0, "line_items": [{"quantity": -0}], "seconds": -0}}'],
      ['wrong types everywhere', '{"$": {"name": {}, "email": [], "line_items": "all", "metadata": [1], "recurring": true, "product": 1}}'],
      [
        'a line item of every wrong kind',
        '{"$": {"line_items": [null, 1, "x", [], {"price": null}, {"price_data": null}, {"price_data": {"product_data": null}}]}}',
      ],
      ['duplicate keys', '{"$": {"name": "a", "name": 5}, "$": null}'],
      ['an unpaired brace', '{"$": {"name": "a"}'],
      ['a BOM before null', '\ufeff{"$": null}'],
    ];

    const ENDPOINTS: [string, string, string][] = [
      ['POST', '/v1/products', 'product'],
      ['POST', '/v1/products/{product}', 'product'],
      ['POST', '/v1/prices', 'price'],
      ['POST', '/v1/prices/{price}', 'price'],
      ['POST', '/v1/customers', 'customer'],
      ['POST', '/v1/customers/{customer}', 'customer'],
      ['POST', '/v1/checkout/sessions', 'checkout_session'],
      ['POST', '/v1/test_helpers/advance_time', 'seconds'],
    ];

    it.each(ENDPOINTS)('%s %s answers every garbage body below 500 in the error shape, and changes nothing', async (method, template, wrapper) => {
      const path = template.replace(/\{(\w+)\}/, (_, name: keyof typeof ids) => ids[name]);
      const before = await countAll(sandbox);
      const clockBefore = await sandbox.db.store.db.selectFrom('sandbox_state').selectAll().execute();
      for (const [label, text] of GARBAGE) {
        const body = text.replaceAll('"$"', JSON.stringify(wrapper));
        const res = await call(method, path, { body });
        expect(res.status, `${label}: ${JSON.stringify(res.body).slice(0, 300)}`).toBeGreaterThanOrEqual(400);
        expect(res.status, label).toBeLessThan(500);
        expect(ErrorBody.safeParse(res.body).success, `${label}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(true);
        expectErrorShape(res);
      }
      expect(await countAll(sandbox)).toEqual(before);
      expect(await sandbox.db.store.db.selectFrom('sandbox_state').selectAll().execute()).toEqual(clockBefore);
    });

    it('leaves the objects the updates were aimed at as they were', async () => {
      expect(ok(await call('GET', `/v1/products/${ids.product}`)).product.name).toBe('Gym membership');
      expect(ok(await call('GET', `/v1/customers/${ids.customer}`)).customer.email).toBe('ann@example.com');
      expect(ok(await call('GET', `/v1/prices/${ids.price}`)).price).toMatchObject({ active: true, description: null, metadata: null });
    });
  });
});
