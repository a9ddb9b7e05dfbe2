import { sql } from 'kysely';
import { expect } from 'vitest';
import type { ApiAnswer, Call, SandboxHarness } from './sandbox.js';

/** The 26 Crockford base-32 characters of a ULID, after an ID's prefix. */
export const ULID = '[0-9A-HJKMNP-TV-Z]{26}';

/** A regular expression for an ID of one prefix: `idPattern('fprod_')`. */
export const idPattern = (prefix: string) => new RegExp(`^${prefix}${ULID}$`);

/** ISO 8601 as the sandbox writes it: `2024-04-23T14:14:16.029Z`. */
export const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** A well-formed ID of the given prefix that no sandbox ever handed out. */
export const unknownId = (prefix: string) => `${prefix}${'0'.repeat(25)}1`;

/** Asserts a 200 and returns the body; anything else fails with the answer in the message. */
export function ok<T = any>(answer: ApiAnswer<T>): T {
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

/**
 * Asserts the one error shape, `{"detail":[{"loc","msg","type"}]}`, with exactly one entry
 * at `loc` of `type` (and, when given, a `msg` equal to or matching it).
 */
export function expectError(answer: ApiAnswer, status: number, loc: (string | number)[], type: string, msg?: string | RegExp): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.body).toEqual({
    detail: [
      {
        loc,
        msg: msg === undefined ? expect.any(String) : typeof msg === 'string' ? msg : expect.stringMatching(msg),
        type,
      },
    ],
  });
}

/** Asserts the error shape with any number of entries and returns them. */
export function expectErrorShape(answer: ApiAnswer): { loc: (string | number)[]; msg: string; type: string }[] {
  expect(answer.body, `status ${answer.status}`).toEqual({
    detail: expect.arrayContaining([{ loc: expect.any(Array), msg: expect.any(String), type: expect.any(String) }]),
  });
  const detail = answer.body.detail as { loc: unknown[]; msg: string; type: string }[];
  expect(detail.length).toBeGreaterThan(0);
  for (const d of detail) {
    expect(Object.keys(d).sort()).toEqual(['loc', 'msg', 'type']);
    for (const part of d.loc) expect(['string', 'number']).toContain(typeof part);
  }
  return detail as { loc: (string | number)[]; msg: string; type: string }[];
}

export async function createProduct(call: Call, fields: Record<string, unknown> = {}): Promise<any> {
  return ok(await call('POST', '/v1/products', { body: { product: { name: 'Gym membership', ...fields } } })).product;
}

export async function createPrice(call: Call, product: string, fields: Record<string, unknown> = {}): Promise<any> {
  return ok(await call('POST', '/v1/prices', { body: { price: { product, unit_amount: 5000, ...fields } } })).price;
}

/** A product and one price for it. */
export async function createProductWithPrice(
  call: Call,
  productFields: Record<string, unknown> = {},
  priceFields: Record<string, unknown> = {},
): Promise<{ product: any; price: any }> {
  const product = await createProduct(call, productFields);
  const price = await createPrice(call, product.product_id, priceFields);
  return { product, price };
}

export async function createCustomer(call: Call, fields: Record<string, unknown> = {}): Promise<any> {
  return ok(await call('POST', '/v1/customers', { body: { customer: { email: 'ann@example.com', ...fields } } })).customer;
}

export async function createSession(call: Call, fields: Record<string, unknown>): Promise<any> {
  return ok(await call('POST', '/v1/checkout/sessions', { body: { checkout_session: fields } })).checkout_session;
}

/** Moves the sandbox clock forward and returns its new time in Unix seconds. */
export async function advanceTime(call: Call, seconds: number): Promise<number> {
  return ok(await call('POST', '/v1/test_helpers/advance_time', { body: { seconds } })).test_clock.now;
}

export type TableName = 'products' | 'prices' | 'customers' | 'checkout_sessions' | 'idempotency_keys';

/** How many rows a table holds, read straight from the database. */
export async function countRows(sandbox: SandboxHarness, table: TableName): Promise<number> {
  const row = await sandbox.db.store.db
    .selectFrom(table)
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Row counts of the catalog and session tables, to compare before and after a request. */
export async function countAll(sandbox: SandboxHarness): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['products', 'prices', 'customers', 'checkout_sessions'] as const) {
    counts[table] = await countRows(sandbox, table);
  }
  return counts;
}

/** The object a table stores under `id`, parsed from its `data` column. */
export async function storedObject(sandbox: SandboxHarness, table: TableName, id: string): Promise<any> {
  const row = await (sandbox.db.store.db as any).selectFrom(table).select('data').where('id', '=', id).executeTakeFirst();
  return row ? JSON.parse(row.data as string) : undefined;
}
