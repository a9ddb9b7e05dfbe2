import { ListParams } from '@flex-checkout/protocol';
import type { Context } from 'hono';
import type { Collection, Page } from '../db/collection.js';
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
  where: Record<string, string | undefined> = {},
  /** How each object is answered, when not as stored. */
  show: (item: T) => unknown = (item) => item,
): Promise<Response> {
  const { limit, offset, starting_after, ending_before } = parseQuery(c, ListParams.loose());
  if (starting_after && ending_before) {
    throw invalid(['query', 'ending_before'], 'Give starting_after or ending_before, not both');
  }
  for (const [name, cursor] of [['starting_after', starting_after], ['ending_before', ending_before]] as const) {
    if (cursor && !(await collection.get(c.var.db, cursor))) throw notFound(['query', name], what, cursor);
  }
  const page: Page<T> = await collection.list(c.var.db, { limit, offset, starting_after, ending_before, where });
  const items = page.items.map(show);
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
