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
  const result = schema.safeParse(await readJson(c));
  if (!result.success) throw fromZod(result.error, 'body');
  return result.data;
}

/** Validates the query string (single values only) against a schema. */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const result = schema.safeParse(c.req.query());
  if (!result.success) throw fromZod(result.error, 'query');
  return result.data;
}
