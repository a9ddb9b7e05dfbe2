import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { advanceTime, countAll, createProductWithPrice, expectError, ok, unknownId } from '../../../test/support/factories.js';
import { useSandbox, type ApiAnswer, type Call } from '../../../test/support/sandbox.js';

describeEachDatabase('idempotency keys', (kind) => {
  const sandbox = useSandbox(kind);
  const call: Call = (method, path, options) => sandbox.call(method, path, options);
  const post = (path: string, key: string, body: unknown) => call('POST', path, { body, headers: { 'idempotency-key': key } });
  const newKey = () => `key-${randomUUID()}`;

  /** How many products carry this name: the test's own marker. */
  const productsNamed = async (name: string) =>
    (await sandbox.db.store.db.selectFrom('products').select('data').execute()).filter((r) => JSON.parse(r.data).name === name).length;

  const expectReplay = (first: ApiAnswer, again: ApiAnswer) => {
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
  };

  let priceId: string;
  beforeAll(async () => {
    priceId = (await createProductWithPrice(call)).price.price_id;
  });

  describe('the same key with the same request', () => {
    it('replays the first answer and creates one object', async () => {
      const key = newKey();
      const body = { product: { name: 'Replayed once' } };
      const first = await post('/v1/products', key, body);
      ok(first);
      const again = await post('/v1/products', key, body);
      expectReplay(first, again);
      expect(await productsNamed('Replayed once')).toBe(1);
      // The replayed object is the stored one.
      expect(ok(await call('GET', `/v1/products/${first.body.product.product_id}`)).product).toEqual(first.body.product);
    });

    it.each([
      ['a price', '/v1/prices', () => ({ price: { product: 'PRODUCT', unit_amount: 100 } })],
      ['a customer', '/v1/customers', () => ({ customer: { email: 'idem@example.com' } })],
      ['a checkout session', '/v1/checkout/sessions', () => ({ checkout_session: { line_items: [{ price: priceId }] } })],
    ])('replays the creation of %s without a second row', async (_, path, makeBody) => {
      const product = ok(await call('POST', '/v1/products', { body: { product: { name: 'For a price' } } })).product.product_id;
      const body = JSON.parse(JSON.stringify(makeBody()).replace('PRODUCT', product));
      const key = newKey();
      const before = await countAll(sandbox);
      const first = await post(path, key, body);
      ok(first);
      const after = await countAll(sandbox);
      const again = await post(path, key, body);
      expectReplay(first, again);
      expect(await countAll(sandbox)).toEqual(after);
      expect(Object.values(after).reduce((a, b) => a + b)).toBe(Object.values(before).reduce((a, b) => a + b) + 1);
    });

    it('replays an update without applying it twice', async () => {
      const product = ok(await call('POST', '/v1/products', { body: { product: { name: 'Before' } } })).product;
      const key = newKey();
      const first = await post(`/v1/products/${product.product_id}`, key, { product: { name: 'After' } });
      ok(first);
      // Changed by someone else meanwhile: the replay answers the first result, writes nothing.
      ok(await call('POST', `/v1/products/${product.product_id}`, { body: { product: { name: 'Changed later' } } }));
      const again = await post(`/v1/products/${product.product_id}`, key, { product: { name: 'After' } });
      expectReplay(first, again);
      expect(ok(await call('GET', `/v1/products/${product.product_id}`)).product.name).toBe('Changed later');
    });

    it('replays an expire of a session', async () => {
      const session = ok(await call('POST', '/v1/checkout/sessions', { body: { checkout_session: { line_items: [{ price: priceId }] } } })).checkout_session;
      const key = newKey();
      const first = await call('POST', `/v1/checkout/sessions/${session.checkout_session_id}/expire`, { headers: { 'idempotency-key': key } });
      expect(ok(first).checkout_session.status).toBe('expired');
      const again = await call('POST', `/v1/checkout/sessions/${session.checkout_session_id}/expire`, { headers: { 'idempotency-key': key } });
      expectReplay(first, again);
    });

    it('replays an error answer too, and writes nothing', async () => {
      const key = newKey();
      const body = { product: { name: 'No visit type', hsa_fsa_eligibility: 'letter_of_medical_necessity' } };
      const first = await post('/v1/products', key, body);
      expectError(first, 422, ['body', 'product', 'visit_type'], 'value_error');
      const again = await post('/v1/products', key, body);
      expectReplay(first, again);
      expect(await productsNamed('No visit type')).toBe(0);
    });

    it('replays a 404 from a failed create, and writes nothing', async () => {
      const key = newKey();
      const body = {
        checkout_session: { line_items: [{ price_data: { unit_amount: 100, product_data: { name: 'Half made' } } }, { price: unknownId('fprice_') }] },
      };
      const before = await countAll(sandbox);
      const first = await post('/v1/checkout/sessions', key, body);
      expectError(first, 404, ['body', 'checkout_session', 'line_items', 1, 'price'], 'not_found');
      expectReplay(first, await post('/v1/checkout/sessions', key, body));
      expect(await countAll(sandbox)).toEqual(before);
    });
  });

  describe('the same key with another request', () => {
    it('answers 409 idempotency_error for another body, and writes nothing', async () => {
      const key = newKey();
      ok(await post('/v1/products', key, { product: { name: 'First body' } }));
      const res = await post('/v1/products', key, { product: { name: 'Second body' } });
      expectError(res, 409, ['header', 'idempotency-key'], 'idempotency_error');
      expect(await productsNamed('Second body')).toBe(0);
    });

    it('answers 409 for the key reused on another path', async () => {
      const key = newKey();
      ok(await post('/v1/customers', key, { customer: { email: 'path@example.com' } }));
      const before = await countAll(sandbox);
      expectError(await post('/v1/products', key, { product: { name: 'Other path' } }), 409, ['header', 'idempotency-key'], 'idempotency_error');
      expectError(
        await post(`/v1/customers/${unknownId('fcus_')}`, key, { customer: { email: 'path@example.com' } }),
        409,
        ['header', 'idempotency-key'],
        'idempotency_error',
      );
      expect(await countAll(sandbox)).toEqual(before);
    });

    it('answers 409 for another body after an error answer', async () => {
      const key = newKey();
      expectError(await post('/v1/products', key, { product: { name: '' } }), 422, ['body', 'product', 'name'], 'value_error');
      expectError(await post('/v1/products', key, { product: { name: 'Fixed' } }), 409, ['header', 'idempotency-key'], 'idempotency_error');
      expect(await productsNamed('Fixed')).toBe(0);
    });

    it('tells a key from another: keys are case-sensitive', async () => {
      const key = newKey();
      ok(await post('/v1/products', key.toLowerCase(), { product: { name: 'Lower' } }));
      ok(await post('/v1/products', key.toUpperCase(), { product: { name: 'Upper' } }));
    });
  });

  it.each([
    ['a key over 255 characters', 'k'.repeat(256)],
    ['a key with a space', 'two words'],
    ['an empty key', ''],
  ])('answers 400 for %s, and writes nothing', async (_, key) => {
    const before = await countAll(sandbox);
    expectError(await post('/v1/products', key, { product: { name: 'Bad key' } }), 400, ['header', 'idempotency-key'], 'value_error');
    expect(await countAll(sandbox)).toEqual(before);
  });

  it('takes a key of 255 printable characters', async () => {
    const key = `${newKey()}${'~'.repeat(255)}`.slice(0, 255);
    expect(key).toHaveLength(255);
    const first = await post('/v1/products', key, { product: { name: 'Long key' } });
    ok(first);
    expectReplay(first, await post('/v1/products', key, { product: { name: 'Long key' } }));
  });

  it('creates exactly one object for ten concurrent requests with one key', async () => {
    const key = newKey();
    const body = { product: { name: 'Concurrent' } };
    const answers = await Promise.all(Array.from({ length: 10 }, () => post('/v1/products', key, body)));
    for (const a of answers) expect(a.status, JSON.stringify(a.body)).toBe(200);
    const ids = new Set(answers.map((a) => a.body.product.product_id));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(9);
    expect(await productsNamed('Concurrent')).toBe(1);
  });

  it('creates exactly one session for ten concurrent requests with one key', async () => {
    const key = newKey();
    const body = {
      checkout_session: { client_reference_id: key, line_items: [{ price_data: { unit_amount: 700, product_data: { name: 'Concurrent inline' } } }] },
    };
    const before = await countAll(sandbox);
    const answers = await Promise.all(Array.from({ length: 10 }, () => post('/v1/checkout/sessions', key, body)));
    expect(new Set(answers.map((a) => `${a.status} ${a.body.checkout_session?.checkout_session_id}`)).size).toBe(1);
    expect(answers[0]!.status).toBe(200);
    expect(await countAll(sandbox)).toEqual({
      ...before,
      products: before.products! + 1,
      prices: before.prices! + 1,
      checkout_sessions: before.checkout_sessions! + 1,
    });
  });

  it('answers ten concurrent failing requests with one key alike, and keeps one answer for the key', async () => {
    const key = newKey();
    const body = { product: { name: 'Concurrent failure', hsa_fsa_eligibility: 'letter_of_medical_necessity' } };
    const answers = await Promise.all(Array.from({ length: 10 }, () => post('/v1/products', key, body)));
    for (const a of answers) expectError(a, 422, ['body', 'product', 'visit_type'], 'value_error');
    const rows = await sandbox.db.store.db.selectFrom('idempotency_keys').select(['status']).where('key', '=', key).execute();
    expect(rows).toEqual([{ status: 422 }]);
    expect(await productsNamed('Concurrent failure')).toBe(0);
  });

  it('lets one of ten concurrent requests with one key and different bodies through; the rest are 409', async () => {
    const key = newKey();
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => post('/v1/products', key, { product: { name: `Racer ${i}` } })));
    const winners = answers.filter((a) => a.status === 200);
    expect(winners).toHaveLength(1);
    for (const a of answers) if (a.status !== 200) expectError(a, 409, ['header', 'idempotency-key'], 'idempotency_error');
    let created = 0;
    for (let i = 0; i < 10; i++) created += await productsNamed(`Racer ${i}`);
    expect(created).toBe(1);
  });

  it('runs concurrent requests with different keys each once', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => post('/v1/products', newKey(), { product: { name: `Parallel ${i}` } })));
    for (const a of answers) ok(a);
    expect(new Set(answers.map((a) => a.body.product.product_id)).size).toBe(10);
  });

  // Last: these move the sandbox clock.
  describe('after 24 hours', () => {
    it('still holds the key after 23 hours', async () => {
      const key = newKey();
      const first = await post('/v1/products', key, { product: { name: 'Day one' } });
      ok(first);
      await advanceTime(call, 23 * 3600);
      expectReplay(first, await post('/v1/products', key, { product: { name: 'Day one' } }));
      expectError(await post('/v1/products', key, { product: { name: 'Day one, again' } }), 409, ['header', 'idempotency-key'], 'idempotency_error');
    });

    it('lets the key go: another body with it succeeds, and is replayed in turn', async () => {
      const key = newKey();
      const first = ok(await post('/v1/products', key, { product: { name: 'Yesterday' } }));
      await advanceTime(call, 25 * 3600);
      const second = await post('/v1/products', key, { product: { name: 'Today' } });
      expect(ok(second).product.product_id).not.toBe(first.product.product_id);
      expect(second.headers.get('idempotent-replayed')).toBeNull();
      expectReplay(second, await post('/v1/products', key, { product: { name: 'Today' } }));
      expectError(await post('/v1/products', key, { product: { name: 'Yesterday' } }), 409, ['header', 'idempotency-key'], 'idempotency_error');
      expect(await productsNamed('Today')).toBe(1);
    });

    it('lets the key go to a request that fails, and holds it for that failure', async () => {
      const key = newKey();
      ok(await post('/v1/products', key, { product: { name: 'Long ago' } }));
      await advanceTime(call, 25 * 3600);
      const failed = await post('/v1/products', key, { product: { name: '' } });
      expectError(failed, 422, ['body', 'product', 'name'], 'value_error');
      expectReplay(failed, await post('/v1/products', key, { product: { name: '' } }));
      expectError(await post('/v1/products', key, { product: { name: 'Another try' } }), 409, ['header', 'idempotency-key'], 'idempotency_error');
      expect(await productsNamed('Another try')).toBe(0);
    });
  });
});
