import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { createCustomer, createPrice, createProduct, createSession, expectError, ok, unknownId, type TableName } from '../../../test/support/factories.js';
import { useSandbox, type Call } from '../../../test/support/sandbox.js';

const COUNT = 25;

interface ListEndpoint {
  name: string;
  /** The list path, with a filter (if it has one) that selects exactly the objects made for it. */
  filtered: () => string;
  unfiltered: string;
  key: string;
  idField: string;
  table: TableName;
  /** An ID of another kind, which is no cursor here. */
  foreignId: () => string;
}

describeEachDatabase('pagination', (kind) => {
  const sandbox = useSandbox(kind);
  const call: Call = (method, path, options) => sandbox.call(method, path, options);

  /** IDs made for each endpoint, oldest first. */
  const made: Record<string, string[]> = {};
  let productId: string;
  let customerId: string;

  beforeAll(async () => {
    // Products have no filter: every product this file makes is in made.products.
    productId = (await createProduct(call, { name: 'Priced product' })).product_id;
    const otherProductId = (await createProduct(call, { name: 'Other' })).product_id;
    made.products = [productId, otherProductId];
    for (let i = 0; i < COUNT; i++) made.products.push((await createProduct(call, { name: `Page product ${i}` })).product_id);
    made.prices = [];
    for (let i = 0; i < COUNT; i++) made.prices.push((await createPrice(call, productId, { unit_amount: 100 + i })).price_id);
    made.customers = [];
    for (let i = 0; i < COUNT; i++) made.customers.push((await createCustomer(call, { email: 'pager@example.com', first_name: `C${i}` })).customer_id);
    customerId = (await createCustomer(call, { email: 'session-owner@example.com' })).customer_id;
    made.checkout_sessions = [];
    for (let i = 0; i < COUNT; i++) {
      const s = await createSession(call, { customer: customerId, line_items: [{ price: made.prices[i]!, quantity: 1 }] });
      made.checkout_sessions.push(s.checkout_session_id);
    }
    // Objects outside each filter, made after, so that a filter that leaks shows.
    await createPrice(call, otherProductId);
    await createCustomer(call, { email: 'not-a-pager@example.com' });
    await createSession(call, { line_items: [{ price: made.prices[0]! }] });
  });

  const ENDPOINTS: ListEndpoint[] = [
    {
      name: 'products',
      filtered: () => '/v1/products',
      unfiltered: '/v1/products',
      key: 'products',
      idField: 'product_id',
      table: 'products',
      foreignId: () => made.prices![0]!,
    },
    {
      name: 'prices',
      filtered: () => `/v1/prices?product=${productId}`,
      unfiltered: '/v1/prices',
      key: 'prices',
      idField: 'price_id',
      table: 'prices',
      foreignId: () => made.products![0]!,
    },
    {
      name: 'customers',
      filtered: () => '/v1/customers?email=pager@example.com',
      unfiltered: '/v1/customers',
      key: 'customers',
      idField: 'customer_id',
      table: 'customers',
      foreignId: () => made.products![0]!,
    },
    {
      name: 'checkout sessions',
      filtered: () => `/v1/checkout/sessions?customer=${customerId}`,
      unfiltered: '/v1/checkout/sessions',
      key: 'checkout_sessions',
      idField: 'checkout_session_id',
      table: 'checkout_sessions',
      foreignId: () => customerId,
    },
  ];

  const withQuery = (path: string, query: string) => `${path}${path.includes('?') ? '&' : '?'}${query}`;

  describe.each(ENDPOINTS)('GET list of $name', (endpoint) => {
    const page = async (path: string, query: string) => {
      const body = ok(await call('GET', withQuery(path, query)));
      expect(Object.keys(body).sort()).toEqual(['has_more', endpoint.key].sort());
      return { ids: (body[endpoint.key] as any[]).map((o) => o[endpoint.idField] as string), has_more: body.has_more as boolean };
    };

    /** Every ID the table holds, newest first. */
    const allIds = async () =>
      (await (sandbox.db.store.db as any).selectFrom(endpoint.table).select('id').orderBy('id', 'desc').execute()).map((r: { id: string }) => r.id);

    /** Follows starting_after from the newest page to the oldest. */
    async function walkForward(path: string, limit: number): Promise<string[]> {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 1000; pages++) {
        const { ids, has_more } = await page(path, `limit=${limit}${cursor ? `&starting_after=${cursor}` : ''}`);
        expect(ids.length).toBeLessThanOrEqual(limit);
        if (has_more) expect(ids.length).toBe(limit);
        seen.push(...ids);
        if (!has_more) return seen;
        cursor = ids.at(-1);
      }
      throw new Error('has_more never became false');
    }

    /** Follows ending_before from just after `oldest` to the newest page. */
    async function walkBackward(path: string, limit: number, oldest: string): Promise<string[]> {
      let seen: string[] = [];
      let cursor = oldest;
      for (let pages = 0; pages < 1000; pages++) {
        const { ids, has_more } = await page(path, `limit=${limit}&ending_before=${cursor}`);
        expect(ids.length).toBeLessThanOrEqual(limit);
        if (has_more) expect(ids.length).toBe(limit);
        seen = [...ids, ...seen];
        if (!has_more) return seen;
        cursor = ids[0]!;
      }
      throw new Error('has_more never became false');
    }

    it('answers 10 newest first by default', async () => {
      const { ids, has_more } = await page(endpoint.filtered(), '');
      expect(ids).toEqual([...made[endpoint.key]!].reverse().slice(0, 10));
      expect(has_more).toBe(true);
    });

    it.each([1, 7, 10, 25, 100])('walks the filtered list with limit=%i both ways, without gaps or duplicates', async (limit) => {
      const newestFirst = [...made[endpoint.key]!].reverse();
      const forward = await walkForward(endpoint.filtered(), limit);
      expect(forward).toEqual(newestFirst);
      const backward = await walkBackward(endpoint.filtered(), limit, newestFirst.at(-1)!);
      expect(backward).toEqual(newestFirst.slice(0, -1));
    });

    it('walks the whole unfiltered list both ways, exactly as the table holds it', async () => {
      const expected = await allIds();
      expect(expected.length).toBeGreaterThanOrEqual(made[endpoint.key]!.length);
      const forward = await walkForward(endpoint.unfiltered, 10);
      expect(new Set(forward).size).toBe(forward.length);
      expect(forward).toEqual(expected);
      expect(await walkBackward(endpoint.unfiltered, 10, expected.at(-1))).toEqual(expected.slice(0, -1));
      // The objects made in order come back in the reverse order.
      const mine = forward.filter((id) => made[endpoint.key]!.includes(id));
      expect(mine).toEqual([...made[endpoint.key]!].reverse());
    });

    it('says has_more correctly at both ends', async () => {
      const ids = [...made[endpoint.key]!].reverse(); // newest first
      const path = endpoint.filtered();
      expect(await page(path, `limit=${ids.length}`)).toEqual({ ids, has_more: false });
      expect(await page(path, `limit=${ids.length - 1}`)).toEqual({ ids: ids.slice(0, -1), has_more: true });
      expect(await page(path, `starting_after=${ids.at(-1)}`)).toEqual({ ids: [], has_more: false });
      expect(await page(path, `limit=1&starting_after=${ids.at(-2)}`)).toEqual({ ids: [ids.at(-1)], has_more: false });
      expect(await page(path, `limit=1&starting_after=${ids.at(-3)}`)).toEqual({ ids: [ids.at(-2)], has_more: true });
      expect(await page(path, `ending_before=${ids[0]}`)).toEqual({ ids: [], has_more: false });
      expect(await page(path, `limit=1&ending_before=${ids[1]}`)).toEqual({ ids: [ids[0]], has_more: false });
      expect(await page(path, `limit=1&ending_before=${ids[2]}`)).toEqual({ ids: [ids[1]], has_more: true });
      expect(await page(path, `limit=3&ending_before=${ids[10]}`)).toEqual({ ids: ids.slice(7, 10), has_more: true });
      expect(await page(path, `limit=3&starting_after=${ids[10]}`)).toEqual({ ids: ids.slice(11, 14), has_more: true });
    });

    it.each(['0', '101', 'abc', '-1', '1.5', '', '1e3', '10abc'])('refuses limit=%s with 422 at query.limit', async (limit) => {
      expectError(await call('GET', withQuery(endpoint.filtered(), `limit=${limit}`)), 422, ['query', 'limit'], 'value_error');
    });

    it.each(['1', '100', '01'])('takes limit=%s', async (limit) => {
      expect((await page(endpoint.filtered(), `limit=${limit}`)).ids).toHaveLength(Math.min(Number(limit), made[endpoint.key]!.length));
    });

    it.each(['starting_after', 'ending_before'])('answers 404 at query.%s for a cursor it does not hold', async (name) => {
      for (const cursor of [unknownId('fprod_'), endpoint.foreignId(), 'garbage']) {
        expectError(await call('GET', withQuery(endpoint.filtered(), `${name}=${cursor}`)), 404, ['query', name], 'not_found');
      }
    });

    it('refuses both cursors at once', async () => {
      const [a, b] = made[endpoint.key]!;
      expectError(
        await call('GET', withQuery(endpoint.filtered(), `starting_after=${a}&ending_before=${b}`)),
        422,
        ['query', 'ending_before'],
        'invalid_request_error',
      );
    });
  });
});
