import { ValidationError } from './errors.js';
import type { Send } from './transport.js';

/**
 * Pagination of every list, newest first: `limit` 1–100 (default 10 on most lists), and
 * either `offset` (the number of objects to skip) or one cursor. Flex documents `offset` only
 * on checkout sessions, products, prices, customers, a customer's payment methods and
 * subscriptions, and the cursors only on products, prices, customers, payment intents,
 * subscriptions, invoices, refunds, balance transactions and disputes; elsewhere it may
 * ignore them and answer the first page again.
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

/**
 * What `list()` takes on a list Flex documents without any paging parameter (captures,
 * payouts, promo codes): `limit` alone. An `offset` or cursor there would be ignored by Flex,
 * which answers the first page again, so a loop over pages would never end.
 */
export type LimitOnly = Pick<ListParams, 'limit'>;

/** One page of a list. */
export interface Page<T> {
  /**
   * The page's objects. Where the client applies a filter itself (see each filter's doc
   * comment), only the objects that match it: then fewer than `limit` says nothing about
   * whether more follow (`hasMore` does), and `all()` is the way to read every match.
   */
  data: T[];
  /**
   * True when there are more objects past this page. Flex's lists carry no `has_more`: there
   * it is true when the page came back full (the next page may still be empty).
   */
  hasMore: boolean;
}

/** A list method and its every-page iterator. */
export interface Listing<T, F, P extends object = ListParams> {
  /**
   * One page.
   *
   * @example
   * ```ts
   * const { data, hasMore } = await client.products.list({ limit: 20 });
   * ```
   */
  list(params?: P & F): Promise<Page<T>>;
  /**
   * Every object, page after page (`limit` sets the page size, default 100), each once. Where
   * the upstream says `has_more` it is followed; against Flex (no `has_more`) each resource
   * pages the way Flex documents for it: by cursor (`starting_after`) where cursors are
   * documented, by `offset` where only `offset` is, until a page comes back short or empty.
   * Where Flex documents neither (captures, payouts, promo codes) this reads **one page** of
   * up to `limit` objects and stops. It also stops when a page brings no object it has not
   * already seen (an upstream that ignores the paging parameter), so it never loops.
   *
   * @example
   * ```ts
   * for await (const product of client.products.all()) console.log(product.name);
   * ```
   */
  all(params?: Omit<ListParams, 'startingAfter' | 'endingBefore' | 'offset'> & F): AsyncIterableIterator<T>;
}

/**
 * How a resource's documentation says to reach the next page: `cursor` (`starting_after`, the
 * last object's ID), `offset`, or `none` (Flex documents no paging parameter: `all()` reads
 * one page unless the upstream says `has_more`).
 */
export type Paging = 'cursor' | 'offset' | 'none';

/**
 * Filters the client also applies to the answer's objects, by name: for each, whether an
 * object matches the value given. Used for filters Flex's docs do not list, which Flex may
 * ignore (answering every object); the filter is still sent, for upstreams that honour it.
 */
export type ClientFilters<T, F> = { [K in keyof F]?: (item: T, wanted: NonNullable<F[K]>) => boolean };

export interface ListingOptions<T, F> {
  /** The upstream's default page size (Flex documents 20 on invoices, refunds and disputes). Default 10. */
  defaultLimit?: number;
  /** How `all()` reaches the next page when the upstream does not say `has_more`. Default `none`. */
  paging?: Paging;
  /** Filters not in Flex's docs, applied to each page's objects too. */
  clientFilters?: ClientFilters<T, F>;
  /** Flex documents this list with no paging parameter: `list()` refuses `offset` and cursors (`LimitOnly`). */
  unpaged?: boolean;
}

/**
 * The ID of a related object that may come as its ID or expanded (`customer: "fcus_…"` or
 * `customer: { customer_id: "fcus_…", … }`); undefined when it is neither.
 */
export function relatedId(value: unknown, idField: string): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const id = (value as Record<string, unknown>)[idField];
    if (typeof id === 'string') return id;
  }
  return undefined;
}

/**
 * Builds `list` and `all` for one resource. `key` is the plural Flex answers with
 * (`{"products": [...]}`); `idOf` gives an object's ID (the cursor for the next page, and
 * what tells `all()` it has seen an object before).
 */
export function listing<T, F extends object, P extends object = ListParams>(
  send: Send,
  path: string,
  key: string,
  idOf: (item: T) => string,
  options: ListingOptions<T, F> = {},
): Listing<T, F, P> {
  const { defaultLimit = 10, paging = 'none', clientFilters = {}, unpaged = false } = options;

  /** A page as the upstream answered it, and whether it said `has_more` (null: it did not say). */
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

  /** Whether an object matches every client-side filter given in `params`. */
  const matches = (params: object): ((item: T) => boolean) => {
    const checks: ((item: T) => boolean)[] = [];
    for (const [name, test] of Object.entries<((item: T, wanted: unknown) => boolean) | undefined>(clientFilters)) {
      const wanted = (params as Record<string, unknown>)[name];
      if (test && wanted !== undefined && wanted !== null) checks.push((item) => test(item, wanted));
    }
    return (item) => checks.every((check) => check(item));
  };

  const list = async (given: P & F = {} as P & F): Promise<Page<T>> => {
    const params = given as ListParams & F;
    if (unpaged) {
      // Refused before any call: against Flex it would be the first page again, without a word.
      const named = (['offset', 'startingAfter', 'endingBefore'] as const).filter((name) => params[name] !== undefined);
      if (named.length > 0) {
        const msg = `Flex documents no paging on GET ${path}: it would answer the first page again. Ask for up to 100 with limit, or use all()`;
        throw new ValidationError({ status: 400, detail: named.map((name) => ({ loc: ['query', name], msg, type: 'invalid_request_error' })) });
      }
    }
    const { data, said } = await page(params);
    return { data: data.filter(matches(params)), hasMore: said ?? data.length === (params.limit ?? defaultLimit) };
  };

  async function* all(params: Omit<ListParams, 'startingAfter' | 'endingBefore' | 'offset'> & F = {} as F): AsyncIterableIterator<T> {
    const limit = params.limit ?? 100;
    const keep = matches(params);
    const seen = new Set<string>();
    let next: { startingAfter?: string; offset?: number } = {};
    for (;;) {
      const { data, said } = await page({ ...params, limit, ...next });
      // Never an object twice. A page with nothing new means the upstream ignored the paging
      // parameter (it answered a page already read): reading on could only repeat it, forever.
      // A seen object beside new ones is not that: with `offset`, an object created while
      // paging shifts the next page by one, so its first object is the previous page's last.
      const fresh = data.filter((item) => !seen.has(idOf(item)));
      if (fresh.length === 0) return;
      for (const item of fresh) seen.add(idOf(item));
      yield* fresh.filter(keep);
      // `has_more` (the sandbox's default profile) says when it is done; without it (Flex) a
      // short page is the last, and a resource with no documented paging has one page. An
      // object without its ID (an answer not as documented) leaves no cursor and no way to
      // tell a repeated page: stop there rather than risk reading the same page forever.
      if (said === false || (said === null && (data.length < limit || paging === 'none'))) return;
      if (data.some((item) => typeof (idOf(item) as unknown) !== 'string')) return;
      // Cursors are preferred wherever Flex documents them (even where it documents `offset`
      // too): a cursor names the last object read, so objects created or deleted while paging
      // neither repeat nor go missing, as they can when counting by `offset`. `has_more` on a
      // resource with no documented paging is the sandbox's, which takes cursors everywhere.
      next = paging === 'offset' ? { offset: (next.offset ?? 0) + data.length } : { startingAfter: idOf(data.at(-1)!) };
    }
  }

  return { list, all };
}
