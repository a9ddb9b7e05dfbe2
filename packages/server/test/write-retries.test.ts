import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { BROWSER_EXTENSION, EXTENSIONS_HEADER, IDEMPOTENCY_EXTENSION } from '@flex-checkout/protocol';
import { DEFAULT_SECRET_KEY } from '@flex-checkout/sandbox';
import { createFlexClient, FlexApiError, type FlexClient } from '../src/client/index.js';
import { httpUpstream } from '../src/upstream.js';
import { useHttpSandbox } from '../../../test/support/sandbox.js';
import { failure } from './support/client-harness.js';
import { jsonAnswer, stubUpstream, type StubAnswer, type StubRequest, type StubUpstream } from './support/stub-upstream.js';

/**
 * Flex's documentation describes no Idempotency-Key: against Flex a write repeated after a
 * lost answer may charge or refund twice. The client repeats a write only against an upstream
 * that has said, on an earlier answer, that it honours keys (the sandbox's default profile);
 * everywhere else a write is sent once and its failure surfaces. Reads are retried everywhere.
 * All over real HTTP on loopback.
 */
const ADVERTISED = { [EXTENSIONS_HEADER]: `${BROWSER_EXTENSION}, ${IDEMPOTENCY_EXTENSION}` };
const PRODUCTS = { products: [] };
const down = (headers: Record<string, string> = {}) => jsonAnswer(503, { detail: [{ loc: [], msg: 'Down for a moment', type: 'api_error' }] }, headers);

const stubs: StubUpstream[] = [];
afterEach(async () => {
  while (stubs.length) await stubs.pop()!.close();
});

async function stub(answer: (request: StubRequest, n: number) => StubAnswer | Promise<StubAnswer>): Promise<{ upstream: StubUpstream; client: FlexClient }> {
  const upstream = await stubUpstream(answer);
  stubs.push(upstream);
  return { upstream, client: createFlexClient({ upstream: httpUpstream(upstream.url), apiKey: 'fsk_test_stub', retryDelayMs: 1 }) };
}
const writes = (upstream: StubUpstream) => upstream.requests.filter((r) => r.method !== 'GET');

describe('writes against an upstream that does not say it honours Idempotency-Key (Flex as documented)', () => {
  it('sends a POST that gets a 503 exactly once, with its key, and throws the 503', async () => {
    const { upstream, client } = await stub((request) => (request.method === 'GET' ? jsonAnswer(200, PRODUCTS) : down()));
    await client.products.list(); // an earlier answer: it says nothing of keys
    const error = await failure(client.products.create({ name: 'Once' }, { idempotencyKey: 'order-1' }));
    expect(error).toBeInstanceOf(FlexApiError);
    expect(error).toMatchObject({ status: 503, message: 'Down for a moment' });
    expect(writes(upstream)).toHaveLength(1);
    expect(writes(upstream)[0]!.headers['idempotency-key']).toBe('order-1'); // still sent: harmless, and honoured where it is
  });

  it('sends a POST whose connection drops exactly once, and throws the 502 of an unreachable upstream', async () => {
    const { upstream, client } = await stub((request) => (request.method === 'GET' ? jsonAnswer(200, PRODUCTS) : 'drop'));
    await client.products.list();
    const error = await failure(client.offSession.charge({ customer: 'fcus_a', paymentMethod: 'fpm_a', lineItems: [{ price: 'fprice_a' }] }));
    expect(error).toBeInstanceOf(FlexApiError);
    expect(error).toMatchObject({ status: 502, type: 'api_error' });
    expect(writes(upstream)).toHaveLength(1);
    expect(writes(upstream)[0]!.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('still retries a read after a 503 or a dropped connection', async () => {
    const { upstream, client } = await stub((_request, n) => (n === 1 ? down() : n === 2 ? 'drop' : jsonAnswer(200, PRODUCTS)));
    expect(await client.products.list()).toEqual({ data: [], hasMore: false });
    expect(upstream.requests.map((r) => r.method)).toEqual(['GET', 'GET', 'GET']);
  });

  it('does not take another header, or an extension list without idempotency, for the promise', async () => {
    const { upstream, client } = await stub((request) =>
      request.method === 'GET'
        ? jsonAnswer(200, PRODUCTS, { [EXTENSIONS_HEADER]: BROWSER_EXTENSION, 'idempotent-replayed': 'false' })
        : down({ [EXTENSIONS_HEADER]: 'browser, idempotent' }),
    );
    await client.products.list();
    await failure(client.products.create({ name: 'Once' }, { idempotencyKey: 'order-2' }));
    expect(writes(upstream)).toHaveLength(1);
  });
});

describe('writes against an upstream that says it honours Idempotency-Key', () => {
  it('retries a POST after a 503 with the same key once an earlier answer said so', async () => {
    const { upstream, client } = await stub((request) => {
      if (request.method === 'GET') return jsonAnswer(200, PRODUCTS, ADVERTISED);
      return writes(upstream).length === 1 ? down(ADVERTISED) : jsonAnswer(200, { product: { product_id: 'fprod_1' } }, ADVERTISED);
    });
    await client.products.list();
    expect(await client.products.create({ name: 'Once' }, { idempotencyKey: 'order-3' })).toEqual({ product_id: 'fprod_1' });
    expect(writes(upstream).map((r) => r.headers['idempotency-key'])).toEqual(['order-3', 'order-3']);
  });

  it('takes the failed answer itself as the first to say so, and never retries a write without a key', async () => {
    const { upstream, client } = await stub((_request, n) => (n === 1 ? down(ADVERTISED) : jsonAnswer(200, { product: { product_id: 'fprod_2' } })));
    expect(await client.products.create({ name: 'Keyed' }, { idempotencyKey: 'order-4' })).toEqual({ product_id: 'fprod_2' });
    expect(writes(upstream)).toHaveLength(2);

    const { upstream: keyless, client: other } = await stub(() => down(ADVERTISED));
    await failure(other.products.list());
    expect(keyless.requests).toHaveLength(3);
    await failure(other.products.create({ name: 'No key' }));
    expect(writes(keyless)).toHaveLength(1);
  });
});

/**
 * The sandbox itself behind a loopback relay that loses the first write's answer after the
 * sandbox has done the write: the charge-twice case, against each profile.
 */
describe('a lost answer from the sandbox', () => {
  const extended = useHttpSandbox('sqlite');
  const flex = useHttpSandbox('sqlite', { profile: 'flex' });

  /** A client reaching `base` through a relay that drops the connection of the first POST, once the sandbox answered it. */
  async function throughLossyRelay(base: string) {
    let posts = 0;
    const relay = await stubUpstream(async (request) => {
      const headers: Record<string, string> = {};
      for (const name of ['authorization', 'content-type', 'accept', 'idempotency-key']) {
        const value = request.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const res = await fetch(base + request.path, { method: request.method, headers, ...(request.body ? { body: request.body } : {}) });
      const body = await res.text();
      if (request.method === 'POST' && posts++ === 0) return 'drop';
      const forwarded: Record<string, string> = { 'content-type': res.headers.get('content-type') ?? 'application/json' };
      const extensions = res.headers.get(EXTENSIONS_HEADER);
      if (extensions !== null) forwarded[EXTENSIONS_HEADER] = extensions;
      return { status: res.status, headers: forwarded, body };
    });
    stubs.push(relay);
    return { relay, client: createFlexClient({ upstream: httpUpstream(relay.url), apiKey: DEFAULT_SECRET_KEY, retryDelayMs: 1 }) };
  }
  const named = async (client: FlexClient, name: string) => (await client.products.list({ limit: 100 })).data.filter((p) => p.name === name);

  it('default profile, after one earlier call: the write is retried with the same key and done once', async () => {
    const { relay, client } = await throughLossyRelay(extended.url);
    await client.products.list({ limit: 1 }); // its answer says the sandbox honours keys
    const name = `Retried-${randomUUID()}`;
    const created = await client.products.create({ name }, { idempotencyKey: `create-${name}` });
    expect(writes(relay).map((r) => r.headers['idempotency-key'])).toEqual([`create-${name}`, `create-${name}`]);
    expect(await named(client, name)).toEqual([created]);
  });

  it('default profile, with no earlier answer: the first write is not retried, since nothing said keys are honoured yet', async () => {
    const { relay, client } = await throughLossyRelay(extended.url);
    const name = `First-${randomUUID()}`;
    expect(await failure(client.products.create({ name }, { idempotencyKey: `create-${name}` }))).toMatchObject({ status: 502 });
    expect(writes(relay)).toHaveLength(1);
    expect(await named(client, name)).toHaveLength(1); // done, its answer lost: the caller looks before trying again
  });

  it('flex profile: the write is sent once and the failure surfaces, even after earlier calls', async () => {
    const { relay, client } = await throughLossyRelay(flex.url);
    await client.products.list({ limit: 1 });
    const name = `Once-${randomUUID()}`;
    const error = await failure(client.products.create({ name }, { idempotencyKey: `create-${name}` }));
    expect(error).toBeInstanceOf(FlexApiError);
    expect(error.status).toBe(502);
    expect(writes(relay)).toHaveLength(1);
    expect(await named(client, name)).toHaveLength(1);
  });
});
