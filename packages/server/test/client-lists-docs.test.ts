import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFlexClient, ValidationError, type FlexClient } from '../src/client/index.js';
import { httpUpstream } from '../src/upstream.js';

/**
 * A list endpoint as Flex's documentation describes it (flex-api.md §2): `limit` (default 10,
 * at most 100), `offset` and the `starting_after` cursor only where documented, the filters it
 * lists, and every other parameter ignored. No `has_more` unless a test asks for one.
 */
interface StubList {
  key: string;
  id: string;
  items: Record<string, unknown>[];
  offset?: boolean;
  cursor?: boolean;
  /** Ignore `limit`, `offset` and `starting_after` alike: always the first page. */
  ignorePaging?: boolean;
  /** Documented filters it honours: query name → object field. */
  filters?: Record<string, string>;
  /** Say `has_more`, as the sandbox's default profile does. */
  hasMore?: boolean;
  /** Called after each answer (to change the data between pages). */
  after?: () => void;
}

let server: Server;
let client: FlexClient;
const lists = new Map<string, StubList>();
/** Every query string the stub was sent, by path. */
const requests: { path: string; query: URLSearchParams }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stub');
    const list = lists.get(url.pathname);
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET' || !list) return answer(404, { error: { code: 'not_found', message: 'Not found' } });
    requests.push({ path: url.pathname, query: url.searchParams });
    let items = list.items;
    for (const [name, field] of Object.entries(list.filters ?? {})) {
      const wanted = url.searchParams.get(name);
      if (wanted !== null) items = items.filter((item) => item[field] === wanted);
    }
    const limit = list.ignorePaging ? 10 : Math.min(Number(url.searchParams.get('limit') ?? 10), 100);
    let start = 0;
    const after = url.searchParams.get('starting_after');
    if (list.cursor && !list.ignorePaging && after) start = items.findIndex((item) => item[list.id] === after) + 1;
    if (list.offset && !list.ignorePaging) start += Number(url.searchParams.get('offset') ?? 0);
    const page = items.slice(start, start + limit);
    answer(200, { [list.key]: page, ...(list.hasMore ? { has_more: start + limit < items.length } : {}) });
    list.after?.();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = createFlexClient({ upstream: httpUpstream(`http://127.0.0.1:${port}`), apiKey: 'fsk_test_docs', maxNetworkRetries: 0 });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  lists.clear();
  requests.length = 0;
});

/** `n` objects, newest first: `${prefix}_000` is the newest. */
const made = (prefix: string, idField: string, n: number, extra: (i: number) => Record<string, unknown> = () => ({})) =>
  Array.from({ length: n }, (_, i) => ({ [idField]: `${prefix}_${String(i).padStart(3, '0')}`, ...extra(i) }));
const ids = (items: Record<string, unknown>[], idField: string) => items.map((item) => item[idField]);
async function collect<T>(iterator: AsyncIterableIterator<T>, cap = 1000): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterator) {
    out.push(item);
    if (out.length >= cap) break; // a loop would otherwise never end
  }
  return out;
}
const sent = (name: string) => requests.map((r) => r.query.get(name));

describe('all() pages each list the way Flex documents it', () => {
  it('pages payment intents by starting_after (cursors only): 25 objects, each once', async () => {
    const intents = made('fpi', 'payment_intent_id', 25);
    lists.set('/v1/payment_intents', { key: 'payment_intents', id: 'payment_intent_id', items: intents, cursor: true });
    const walked = await collect(client.paymentIntents.all({ limit: 10 }));
    expect(ids(walked, 'payment_intent_id')).toEqual(ids(intents, 'payment_intent_id'));
    expect(sent('starting_after')).toEqual([null, 'fpi_009', 'fpi_019']);
    expect(sent('offset')).toEqual([null, null, null]);
  });

  it('prefers the cursor where both are documented (customers)', async () => {
    const customers = made('fcus', 'customer_id', 12);
    lists.set('/v1/customers', { key: 'customers', id: 'customer_id', items: customers, cursor: true, offset: true });
    expect(ids(await collect(client.customers.all({ limit: 5 })), 'customer_id')).toEqual(ids(customers, 'customer_id'));
    expect(sent('starting_after')).toEqual([null, 'fcus_004', 'fcus_009']);
    expect(sent('offset')).toEqual([null, null, null]);
  });

  it('pages checkout sessions and a customer’s cards by offset (offset only)', async () => {
    const sessions = made('fcs', 'checkout_session_id', 25, () => ({ customer: null }));
    lists.set('/v1/checkout/sessions', { key: 'checkout_sessions', id: 'checkout_session_id', items: sessions, offset: true });
    expect(ids(await collect(client.checkoutSessions.all({ limit: 10 })), 'checkout_session_id')).toEqual(ids(sessions, 'checkout_session_id'));
    expect(sent('offset')).toEqual([null, '10', '20']);
    expect(sent('starting_after')).toEqual([null, null, null]);

    requests.length = 0;
    const cards = made('fpm', 'payment_method_id', 7);
    lists.set('/v1/customers/fcus_a/payment_methods', { key: 'payment_methods', id: 'payment_method_id', items: cards, offset: true });
    expect(ids(await collect(client.paymentMethods.all({ customer: 'fcus_a', limit: 3 })), 'payment_method_id')).toEqual(ids(cards, 'payment_method_id'));
    expect(sent('offset')).toEqual([null, '3', '6']);
  });

  it('by offset, an object created while paging is neither repeated nor makes it stop early', async () => {
    const sessions = made('fcs', 'checkout_session_id', 25, () => ({ customer: null }));
    const list: StubList = { key: 'checkout_sessions', id: 'checkout_session_id', items: [...sessions], offset: true };
    list.after = () => {
      if (requests.length === 1) list.items.unshift({ checkout_session_id: 'fcs_new', customer: null });
    };
    lists.set('/v1/checkout/sessions', list);
    expect(ids(await collect(client.checkoutSessions.all({ limit: 10 })), 'checkout_session_id')).toEqual(ids(sessions, 'checkout_session_id'));
  });

  it('stops, with the first page, when the upstream ignores every paging parameter', async () => {
    lists.set('/v1/payment_intents', { key: 'payment_intents', id: 'payment_intent_id', items: made('fpi', 'payment_intent_id', 100), ignorePaging: true });
    const intents = await collect(client.paymentIntents.all({ limit: 10 }));
    expect(ids(intents, 'payment_intent_id')).toEqual(ids(made('fpi', 'payment_intent_id', 10), 'payment_intent_id'));
    expect(requests).toHaveLength(2);

    requests.length = 0;
    lists.set('/v1/checkout/sessions', {
      key: 'checkout_sessions',
      id: 'checkout_session_id',
      items: made('fcs', 'checkout_session_id', 100),
      ignorePaging: true,
    });
    const sessions = await collect(client.checkoutSessions.all({ limit: 10 }));
    expect(ids(sessions, 'checkout_session_id')).toEqual(ids(made('fcs', 'checkout_session_id', 10), 'checkout_session_id'));
    expect(requests).toHaveLength(2);
  });

  it('stops after a page whose objects lack their documented ID (no cursor, no way to tell a repeat)', async () => {
    lists.set('/v1/payment_intents', { key: 'payment_intents', id: 'id', items: made('fpi', 'id', 100), cursor: true });
    expect(await collect(client.paymentIntents.all({ limit: 10 }))).toHaveLength(10);
    expect(requests).toHaveLength(1);
  });

  it('reads one page of a list with no documented paging (captures, payouts, promo codes), and never loops', async () => {
    lists.set('/v1/captures', { key: 'captures', id: 'capture_id', items: made('fcap', 'capture_id', 25) });
    lists.set('/v1/payouts', { key: 'payouts', id: 'payout_id', items: made('po', 'payout_id', 25) });
    lists.set('/v1/promo_codes', { key: 'promo_codes', id: 'promo_code_id', items: made('fpromo', 'promo_code_id', 25) });
    expect(await collect(client.captures.all({ limit: 10 }))).toHaveLength(10);
    expect(await collect(client.payouts.all({ limit: 10 }))).toHaveLength(10);
    expect(await collect(client.promoCodes.all({ limit: 10 }))).toHaveLength(10);
    expect(requests).toHaveLength(3);
  });

  it('refuses an offset or a cursor on those lists before sending anything, where Flex would answer page 1 again', async () => {
    lists.set('/v1/captures', { key: 'captures', id: 'capture_id', items: made('fcap', 'capture_id', 25), ignorePaging: true });
    const pages: [string, () => Promise<unknown>][] = [
      ['offset', () => client.captures.list({ offset: 10 } as never)],
      ['startingAfter', () => client.payouts.list({ startingAfter: 'po_009' } as never)],
      ['endingBefore', () => client.promoCodes.list({ endingBefore: 'fpromo_001' } as never)],
    ];
    for (const [name, call] of pages) {
      const error = await call().catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ status: 400, detail: [{ loc: ['query', name], type: 'invalid_request_error' }] });
      expect((error as Error).message).toMatch(/^Flex documents no paging on GET \/v1\/(captures|payouts|promo_codes): it would answer the first page again/);
    }
    expect(requests).toHaveLength(0);
    // The first page, by limit, is read as before, and says a full page may have more.
    expect(await client.captures.list({ limit: 10 })).toMatchObject({ hasMore: true, data: expect.any(Array) });
    expect(requests).toHaveLength(1);
  });

  it('still follows has_more where the upstream says it', async () => {
    const captures = made('fcap', 'capture_id', 12);
    lists.set('/v1/captures', { key: 'captures', id: 'capture_id', items: captures, cursor: true, hasMore: true });
    expect(ids(await collect(client.captures.all({ limit: 5 })), 'capture_id')).toEqual(ids(captures, 'capture_id'));
    expect(sent('starting_after')).toEqual([null, 'fcap_004', 'fcap_009']);
  });
});

describe('filters Flex does not document are applied to the answer too', () => {
  const sessions = [
    { checkout_session_id: 'fcs_1', customer: 'fcus_a', status: 'complete' },
    { checkout_session_id: 'fcs_2', customer: 'fcus_b', status: 'open' },
    { checkout_session_id: 'fcs_3', customer: { customer_id: 'fcus_a', email: 'a@example.com' }, status: 'open' },
    { checkout_session_id: 'fcs_4', customer: null, status: 'open' },
    { checkout_session_id: 'fcs_5', customer: { customer_id: 'fcus_b' }, status: 'expired' },
  ];

  it('lists only fcus_a’s checkout sessions (customer as an ID or expanded), though the upstream ignores the filter', async () => {
    lists.set('/v1/checkout/sessions', { key: 'checkout_sessions', id: 'checkout_session_id', items: sessions, offset: true });
    const page = await client.checkoutSessions.list({ customer: 'fcus_a' });
    expect(page.data.map((s) => [s.checkout_session_id, s.customer])).toEqual([
      ['fcs_1', 'fcus_a'],
      ['fcs_3', 'fcus_a'],
    ]);
    expect(sent('customer')).toEqual(['fcus_a']); // still sent, for an upstream that honours it
    expect((await client.checkoutSessions.list({ customer: 'fcus_a', status: 'open' })).data.map((s) => s.checkout_session_id)).toEqual(['fcs_3']);
    expect((await client.checkoutSessions.list({ status: 'open' })).data.map((s) => s.checkout_session_id)).toEqual(['fcs_2', 'fcs_3', 'fcs_4']);
  });

  it('filters every page of all(), paging on by the whole pages', async () => {
    const many = made('fcs', 'checkout_session_id', 25, (i) => ({ customer: i % 5 === 0 ? { customer_id: 'fcus_a' } : 'fcus_b', status: 'open' }));
    lists.set('/v1/checkout/sessions', { key: 'checkout_sessions', id: 'checkout_session_id', items: many, offset: true });
    const mine = await collect(client.checkoutSessions.all({ customer: 'fcus_a', limit: 10 }));
    expect(mine.map((s) => s.checkout_session_id)).toEqual(['fcs_000', 'fcs_005', 'fcs_010', 'fcs_015', 'fcs_020']);
    expect(sent('offset')).toEqual([null, '10', '20']);
  });

  it('invoices by customer, subscription and status; customers by client_reference_id; promo codes by code and coupon; balance transactions by type and payout', async () => {
    lists.set('/v1/invoices', {
      key: 'invoices',
      id: 'invoice_id',
      cursor: true,
      items: [
        { invoice_id: 'fin_1', customer: 'fcus_a', subscription: 'fsub_1', status: 'paid' },
        { invoice_id: 'fin_2', customer: { customer_id: 'fcus_a' }, subscription: { subscription_id: 'fsub_2' }, status: 'open' },
        { invoice_id: 'fin_3', customer: 'fcus_b', subscription: 'fsub_3', status: 'open' },
      ],
    });
    const invoices = async (filters: Parameters<FlexClient['invoices']['list']>[0]) => (await client.invoices.list(filters)).data.map((i) => i.invoice_id);
    expect(await invoices({ customer: 'fcus_a' })).toEqual(['fin_1', 'fin_2']);
    expect(await invoices({ subscription: 'fsub_2' })).toEqual(['fin_2']);
    expect(await invoices({ status: 'open' })).toEqual(['fin_2', 'fin_3']);

    lists.set('/v1/customers', {
      key: 'customers',
      id: 'customer_id',
      cursor: true,
      filters: { email: 'email' },
      items: [
        { customer_id: 'fcus_1', email: 'a@example.com', client_reference_id: 'user-1' },
        { customer_id: 'fcus_2', email: 'b@example.com', client_reference_id: 'user-2' },
        { customer_id: 'fcus_3', email: 'c@example.com' },
      ],
    });
    expect((await client.customers.list({ client_reference_id: 'user-2' })).data.map((c) => c.customer_id)).toEqual(['fcus_2']);
    expect((await client.customers.list({ email: 'a@example.com' })).data.map((c) => c.customer_id)).toEqual(['fcus_1']);

    lists.set('/v1/promo_codes', {
      key: 'promo_codes',
      id: 'promo_code_id',
      items: [
        { promo_code_id: 'fpromo_1', code: 'SPRING25', coupon: { coupon_id: 'fcoup_1' } },
        { promo_code_id: 'fpromo_2', code: 'FALL10', coupon: 'fcoup_2' },
      ],
    });
    expect((await client.promoCodes.list({ code: 'spring25' })).data.map((p) => p.promo_code_id)).toEqual(['fpromo_1']);
    expect((await client.promoCodes.list({ coupon: 'fcoup_2' })).data.map((p) => p.promo_code_id)).toEqual(['fpromo_2']);
    expect((await client.promoCodes.list({ coupon: 'fcoup_1' })).data.map((p) => p.promo_code_id)).toEqual(['fpromo_1']);

    lists.set('/v1/balance_transactions', {
      key: 'balance_transactions',
      id: 'balance_transaction_id',
      cursor: true,
      items: [
        { balance_transaction_id: 'fbt_1', type: 'payout', source_id: 'po_1', payout_id: 'po_1' },
        { balance_transaction_id: 'fbt_2', type: 'charge', source_id: 'fch_1', payout_id: 'po_1' },
        { balance_transaction_id: 'fbt_3', type: 'charge', source_id: 'fch_2', payout_id: null },
      ],
    });
    expect((await client.balanceTransactions.list({ type: 'charge' })).data.map((b) => b.balance_transaction_id)).toEqual(['fbt_2', 'fbt_3']);
    expect((await client.balanceTransactions.list({ payout: 'po_1' })).data.map((b) => b.balance_transaction_id)).toEqual(['fbt_1', 'fbt_2']);
  });

  it('leaves documented filters to the upstream', async () => {
    lists.set('/v1/payment_intents', {
      key: 'payment_intents',
      id: 'payment_intent_id',
      cursor: true,
      filters: { customer: 'customer' },
      items: [
        { payment_intent_id: 'fpi_1', customer: 'fcus_a' },
        { payment_intent_id: 'fpi_2', customer: 'fcus_b' },
      ],
    });
    expect((await client.paymentIntents.list({ customer: 'fcus_a' })).data.map((pi) => pi.payment_intent_id)).toEqual(['fpi_1']);
  });
});
