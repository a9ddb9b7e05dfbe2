import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError, fromZod } from './errors.js';

/** Reads the body as JSON; not JSON answers 400 `json_invalid`. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw ApiError.one(400, ['body'], 'The body is not valid JSON', 'json_invalid');
  }
}

/** Reads and validates the JSON body against a protocol schema. */
export async function parseBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const result = schema.safeParse(await readJson(c), { reportInput: true });
  if (!result.success) throw fromZod(result.error, 'body');
  const at = nulAt(result.data, []);
  if (at) throw nulError(['body', ...at]);
  return result.data;
}

/** Validates the query string (single values only) against a schema. */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const query = c.req.query();
  const result = schema.safeParse(query, { reportInput: true });
  if (!result.success) throw fromZod(result.error, 'query');
  // Every value, not only the schema's: list filters are read from the query beside it.
  const name = Object.keys(query).find((k) => query[k]!.includes('\u0000'));
  if (name !== undefined) throw nulError(['query', name]);
  return result.data;
}

/**
 * PostgreSQL text cannot hold U+0000, so a NUL in a value that reaches a column would fail
 * there (a 500) while SQLite took it. No text the API takes may hold one, on either database.
 */
const nulError = (loc: (string | number)[]) => ApiError.one(422, loc, 'Text may not contain the NUL character (U+0000)', 'value_error');

/** Where the first string (or object key) holding U+0000 is, in an already validated value. */
function nulAt(value: unknown, path: (string | number)[]): (string | number)[] | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulAt(item, [...path, i]);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) return [...path, key];
      const found = nulAt(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}
