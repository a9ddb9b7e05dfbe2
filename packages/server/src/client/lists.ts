import type { Send } from './transport.js';

/** Pagination of every list: newest first, `limit` 1–100 (default 10), one cursor at most. */
export interface ListParams {
  limit?: number;
  /** An object ID: the page starts after it (the next, older page). */
  startingAfter?: string;
  /** An object ID: the page ends before it (the previous, newer page). */
  endingBefore?: string;
}

/** One page of a list. */
export interface Page<T> {
  data: T[];
  /** True when there are more objects past this page. */
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
   * Every object, page after page (`limit` sets the page size, default 100).
   *
   * @example
   * ```ts
   * for await (const product of client.products.all()) console.log(product.name);
   * ```
   */
  all(params?: Omit<ListParams, 'startingAfter' | 'endingBefore'> & F): AsyncIterableIterator<T>;
}

/**
 * Builds `list` and `all` for one resource. `key` is the plural Flex answers with
 * (`{"products": [...], "has_more": true}`); `idOf` gives the cursor for the next page.
 */
export function listing<T, F extends object>(
  send: Send,
  path: string,
  key: string,
  idOf: (item: T) => string,
): Listing<T, F> {
  const list = async (params: ListParams & F = {} as ListParams & F): Promise<Page<T>> => {
    const { limit, startingAfter, endingBefore, ...filters } = params;
    const answer = await send<Record<string, unknown>>('GET', path, {
      query: {
        ...(filters as Record<string, string | number | boolean | undefined>),
        limit,
        starting_after: startingAfter,
        ending_before: endingBefore,
      },
    });
    return { data: (answer[key] ?? []) as T[], hasMore: answer.has_more === true };
  };

  async function* all(params: Omit<ListParams, 'startingAfter' | 'endingBefore'> & F = {} as F): AsyncIterableIterator<T> {
    let startingAfter: string | undefined;
    for (;;) {
      const page = await list({ limit: 100, ...params, ...(startingAfter ? { startingAfter } : {}) } as ListParams & F);
      yield* page.data;
      const last = page.data.at(-1);
      if (!page.hasMore || !last) return;
      startingAfter = idOf(last);
    }
  }

  return { list, all };
}
