import type { Send } from './transport.js';

/**
 * Pagination of every list, newest first: `limit` 1–100 (default 10 on most lists), and
 * either `offset` (the number of objects to skip, as Flex documents) or one cursor (where
 * the upstream offers cursors).
 */
export interface ListParams {
  limit?: number;
  /** Objects to skip. */
  offset?: number;
  /** An object ID: the page starts after it (the next, older page). */
  startingAfter?: string;
  /** An object ID: the page ends before it (the previous, newer page). */
  endingBefore?: string;
}

/** One page of a list. */
export interface Page<T> {
  data: T[];
  /**
   * True when there are more objects past this page. Flex's lists carry no `has_more`: there
   * it is true when the page came back full (the next page may still be empty).
   */
  hasMore: boolean;
}

/** A list method and its every-page iterator. */
export interface Listing<T, F> {
  /**
   * One page.
   *
   * @example
   * ```ts
   * const { data, hasMore } = await client.products.list({ limit: 20 });
   * ```
   */
  list(params?: ListParams & F): Promise<Page<T>>;
  /**
   * Every object, page after page (`limit` sets the page size, default 100). Against Flex it
   * pages by `offset` until a page comes back short; where the upstream says `has_more` it
   * follows cursors.
   *
   * @example
   * ```ts
   * for await (const product of client.products.all()) console.log(product.name);
   * ```
   */
  all(params?: Omit<ListParams, 'startingAfter' | 'endingBefore' | 'offset'> & F): AsyncIterableIterator<T>;
}

/**
 * Builds `list` and `all` for one resource. `key` is the plural Flex answers with
 * (`{"products": [...]}`); `idOf` gives the cursor for the next page where cursors are used.
 */
export function listing<T, F extends object>(
  send: Send,
  path: string,
  key: string,
  idOf: (item: T) => string,
  /** The upstream's default page size (Flex documents 20 on invoices, refunds and disputes). */
  defaultLimit = 10,
): Listing<T, F> {
  /** A page and whether the upstream said `has_more` (null: it did not say). */
  const page = async (params: ListParams & F): Promise<{ data: T[]; said: boolean | null }> => {
    const { limit, offset, startingAfter, endingBefore, ...filters } = params;
    const answer = await send<Record<string, unknown>>('GET', path, {
      query: {
        ...(filters as Record<string, string | number | boolean | undefined>),
        limit,
        offset,
        starting_after: startingAfter,
        ending_before: endingBefore,
      },
    });
    const data = Array.isArray(answer[key]) ? (answer[key] as T[]) : [];
    return { data, said: typeof answer.has_more === 'boolean' ? answer.has_more : null };
  };

  const list = async (params: ListParams & F = {} as ListParams & F): Promise<Page<T>> => {
    const { data, said } = await page(params);
    return { data, hasMore: said ?? data.length === (params.limit ?? defaultLimit) };
  };

  async function* all(params: Omit<ListParams, 'startingAfter' | 'endingBefore' | 'offset'> & F = {} as F): AsyncIterableIterator<T> {
    const limit = params.limit ?? 100;
    let offset = 0;
    let startingAfter: string | undefined;
    for (;;) {
      const next = await page({ ...params, limit, ...(startingAfter ? { startingAfter } : offset ? { offset } : {}) });
      yield* next.data;
      const last = next.data.at(-1);
      if (!last) return;
      if (next.said !== null) {
        // The upstream pages by cursor and says when it is done.
        if (!next.said) return;
        startingAfter = idOf(last);
      } else {
        // Flex: limit/offset, no has_more; a short page is the last.
        if (next.data.length < limit) return;
        offset += next.data.length;
      }
    }
  }

  return { list, all };
}
