import { ListParams, listParamsWithDefault } from '@flex-checkout/protocol';
import type { Context } from 'hono';
import { sql } from 'kysely';
import type { Collection, ListQuery, Page } from '../db/collection.js';
import { ApiError, invalid, notFound } from '../http/errors.js';
import type { SandboxEnv } from '../http/env.js';
import { parseQuery } from '../http/validate.js';

/**
 * Answers a list endpoint, newest first, with `limit` (1–100, default 10), `offset` (objects
 * to skip) and one of the cursors `starting_after` / `ending_before`. The default profile
 * answers `{"<plural>": [...], "has_more": bool}`; the flex profile answers only
 * `{"<plural>": [...]}`, as every list in Flex's documentation does.
 */
export async function listPage<T>(
  c: Context<SandboxEnv>,
  collection: Collection<T>,
  plural: string,
  what: string,
  where: Record<string, string | number | readonly string[] | undefined> = {},
  /** How each object is answered, when not as stored. */
  show: (item: T) => unknown = (item) => item,
  /** More conditions than column equality (a list of values, a metadata key), when needed. */
  refine?: Refine,
  /** The documented default `limit`: 20 on invoices, refunds and disputes, else 10. */
  defaultLimit = 10,
): Promise<Response> {
  const { limit, offset, starting_after, ending_before } = parseQuery(c, (defaultLimit === 10 ? ListParams : listParamsWithDefault(defaultLimit)).loose());
  if (starting_after && ending_before) {
    throw invalid(['query', 'ending_before'], 'Give starting_after or ending_before, not both');
  }
  for (const [name, cursor] of [
    ['starting_after', starting_after],
    ['ending_before', ending_before],
  ] as const) {
    if (cursor && !(await collection.get(c.var.db, cursor))) throw notFound(['query', name], what, cursor);
  }
  const page: Page<T> = await collection.list(c.var.db, { limit, offset, starting_after, ending_before, where, refine });
  const items = await Promise.all(page.items.map(show));
  if (c.var.profile === 'flex') return c.json({ [plural]: items });
  return c.json({ [plural]: items, has_more: page.has_more });
}

/** Loads an object named in the path or answers 404. */
export async function mustGet<T>(c: Context<SandboxEnv>, collection: Collection<T>, what: string, id: string): Promise<T> {
  const found = await collection.get(c.var.db, id);
  if (!found) throw notFound(['path', 'id'], what, id);
  return found;
}

export { ApiError };

/** A condition on a list's query besides column equality. */
export type Refine = (query: ListQuery) => ListQuery;

/**
 * `metadata[key]=value` filters (Flex's products list), as a condition on the stored JSON:
 * every pair must match. Undefined when the query has none.
 */
export function metadataFilter(c: Context<SandboxEnv>): Refine | undefined {
  const pairs = Object.entries(c.req.query())
    .map(([name, value]) => [/^metadata\[([^\]]{1,40})\]$/.exec(name)?.[1], value] as const)
    .filter((p): p is readonly [string, string] => p[0] !== undefined);
  if (pairs.length === 0) return undefined;
  const postgres = c.var.store.dialect === 'postgres';
  return (query) =>
    pairs.reduce(
      (q, [key, value]) =>
        q.where(postgres ? sql`(data::jsonb -> 'metadata' ->> ${key})` : sql`json_extract(data, ${`$.metadata."${key.replace(/"/g, '')}"`})`, '=', value),
      query,
    );
}

/**
 * Flex's `interval` filter (sessions, payment intents): objects made in the last `days` days,
 * by the stored object's `created_at` (Unix seconds on a session, ISO 8601 on a payment
 * intent, which sorts as text). Undefined when the query has none; 422 when it is not a
 * number of days.
 */
export function intervalFilter(c: Context<SandboxEnv>, createdAt: 'unix' | 'iso'): Refine | undefined {
  const raw = c.req.query('interval');
  if (raw === undefined) return undefined;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1 || days > 36_500) throw invalid(['query', 'interval'], 'interval is a number of days, 1 or more');
  const sinceMs = Math.max(0, c.var.now - days * 24 * 60 * 60 * 1000);
  const postgres = c.var.store.dialect === 'postgres';
  if (createdAt === 'unix') {
    const since = Math.floor(sinceMs / 1000);
    return (query) => query.where(postgres ? sql`(data::jsonb ->> 'created_at')::bigint` : sql`json_extract(data, '$.created_at')`, '>=', since);
  }
  const since = new Date(sinceMs).toISOString();
  return (query) => query.where(postgres ? sql`(data::jsonb ->> 'created_at')` : sql`json_extract(data, '$.created_at')`, '>=', since);
}

/** A boolean field of the stored object equal to `value` (`?active=true` where there is no column). */
export function booleanFilter(c: Context<SandboxEnv>, name: string): Refine | undefined {
  const raw = c.req.query(name);
  if (raw === undefined) return undefined;
  if (raw !== 'true' && raw !== 'false') throw invalid(['query', name], `${name} is true or false`);
  const postgres = c.var.store.dialect === 'postgres';
  return (query) =>
    query.where(postgres ? sql`(data::jsonb ->> ${name})` : sql`json_extract(data, ${`$.${name}`})`, '=', postgres ? raw : raw === 'true' ? 1 : 0);
}

/** Both refinements, or either, or none. */
export const bothRefines = (...refines: (Refine | undefined)[]): Refine | undefined => {
  const given = refines.filter((r): r is Refine => r !== undefined);
  return given.length ? (query) => given.reduce((q, r) => r(q), query) : undefined;
};

/** Whether a query asks to expand `field` (`expand_<field>=true`, or `expand=<field>` / `expand[]=<field>`). */
export function expands(c: Context<SandboxEnv>, field: string): boolean {
  if (c.req.query(`expand_${field}`) === 'true') return true;
  const asked = [...(c.req.queries('expand') ?? []), ...(c.req.queries('expand[]') ?? [])].flatMap((v) => v.split(','));
  return asked.includes(field);
}
