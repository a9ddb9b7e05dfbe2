import { IDEMPOTENCY_EXTENSION, offersExtension } from '@flex-checkout/protocol';
import type { Logger } from '../log.js';
import { describeUnreachable, logUnreachable, originOf, unreachableCallOf, type Upstream } from '../upstream.js';
import { clientErrorOf, FlexApiError, FlexError, errorFromAnswer } from './errors.js';

/** Per-call options of every write. */
export interface WriteOptions {
  /**
   * Sent as `Idempotency-Key`. The sandbox honours it (an extension it advertises in the
   * `flex-sandbox-extensions` header): the same key with the same request gives back the
   * first answer, for 24 hours, instead of doing it twice. Flex's documentation does not
   * describe idempotency keys, so against Flex the key promises nothing: a write whose answer
   * was lost (a timeout, a dropped connection, a 5xx) may or may not have happened, and the
   * client does not repeat it. It repeats a write only against an upstream that has said on an
   * earlier answer that it honours keys. Give one per logical operation, e.g. your order ID.
   */
  idempotencyKey?: string;
}

export interface RequestOptions extends WriteOptions {
  /** A JSON body. */
  body?: unknown;
  /** Query parameters; undefined values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
  /**
   * A 2xx with no body (a 204, or an empty 201) gives `null` instead of failing: for a write
   * whose answer Flex does not document, which succeeded all the same.
   */
  emptyAnswerOk?: boolean;
}

/** The verbs Flex's API documents: PATCH updates products, customers, subscriptions and captures; PUT a shipping rate; DELETE cancels a subscription. */
export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Sends one API call and gives back the parsed JSON body of a 2xx, or throws a FlexError. */
export type Send = <T>(method: Method, path: string, options?: RequestOptions) => Promise<T>;

export interface TransportOptions {
  upstream: Upstream;
  apiKey: string;
  /**
   * How many times a call that may safely repeat is retried after a network failure or a 5xx:
   * a GET, or a write carrying an Idempotency-Key to an upstream that honours keys.
   */
  maxNetworkRetries: number;
  /** Milliseconds before the first retry; doubled for each next one. */
  retryDelayMs: number;
  /**
   * Where a call that got no answer is told (at `warn`, once, after its retries: which
   * upstream origin, which call, why). None: nothing is logged.
   */
  logger?: Logger | undefined;
}

const RETRYABLE_STATUSES = new Set([500, 502, 503, 504]);

/**
 * The one place calls go out. A call is retried only when repeating it cannot do a thing
 * twice: a GET, or a write carrying an Idempotency-Key to an upstream that honours keys (it
 * gives back the first answer for the same key, so a lost answer is recovered, never
 * charged again).
 *
 * Flex's documentation describes no idempotency, so an upstream is taken to honour keys only
 * once one of its answers has said so (`flex-sandbox-extensions: …, idempotency`, which the
 * sandbox's default profile sends on every answer). Nothing is asked for it: the transport
 * remembers, for as long as it lives, that an earlier answer said so. Until then a write is sent once, and a failure
 * surfaces to the caller, who can look (retrieve, list) before trying again.
 */
export function createTransport(options: TransportOptions): Send {
  const { upstream, apiKey, maxNetworkRetries, retryDelayMs, logger } = options;
  /** Whether an answer of this upstream has said it honours Idempotency-Key. */
  let honoursKeys = false;
  return async <T>(method: Method, path: string, request: RequestOptions = {}): Promise<T> => {
    const headers: Record<string, string> = { authorization: `Bearer ${apiKey}`, accept: 'application/json' };
    let body: string | undefined;
    if (request.body !== undefined) {
      body = JSON.stringify(request.body);
      headers['content-type'] = 'application/json';
    }
    if (request.idempotencyKey !== undefined) headers['idempotency-key'] = request.idempotencyKey;
    const url = path + queryString(request.query);
    // Asked after each failure: the failed answer itself (a 5xx) may be the first to say it.
    const mayRepeat = () => method === 'GET' || (request.idempotencyKey !== undefined && honoursKeys);

    type Outcome = { ok: true; value: unknown } | { ok: false; error: FlexError; retryable: boolean; unanswered?: unknown };
    const once = async (): Promise<Outcome> => {
      let res: Response;
      let text: string;
      try {
        res = await upstream.fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) });
        if (offersExtension(res.headers, IDEMPOTENCY_EXTENSION)) honoursKeys = true;
        text = await res.text();
      } catch (error) {
        return { ok: false, error: unreachable(error), retryable: true, unanswered: error };
      }
      const value = parseJson(text);
      if (res.ok && value !== undefined) return { ok: true, value };
      if (res.ok && request.emptyAnswerOk && text.trim() === '') return { ok: true, value: null };
      const error = errorFromAnswer(res.status, value, res.headers);
      return { ok: false, error, retryable: RETRYABLE_STATUSES.has(error.status) };
    };

    for (let attempt = 0; ; attempt++) {
      const outcome = await once();
      if (outcome.ok) return outcome.value as T;
      if (!outcome.retryable || !mayRepeat() || attempt >= maxNetworkRetries) {
        if (logger && 'unanswered' in outcome) {
          // httpUpstream says which call failed; any other failure (an answer cut off while
          // being read, another upstream's throw) is told from what this call knows.
          const cause = outcome.unanswered;
          const origin = upstream.kind === 'http' ? originOf(upstream.description) : upstream.description;
          logUnreachable(logger, cause, attempt + 1, unreachableCallOf(cause) ?? describeUnreachable(origin, method, path, cause));
        }
        throw outcome.error;
      }
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs * 2 ** attempt));
    }
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A transport failure: the HTTP upstream throws an ApiError (502) when Flex is unreachable. */
function unreachable(error: unknown): FlexError {
  const known = clientErrorOf(error);
  if (known instanceof FlexError) return known;
  // Never the cause's text: it may hold the upstream URL or a header.
  return new FlexApiError({ status: 502, detail: [{ loc: [], msg: 'The payment service could not be reached. Try again in a moment.', type: 'api_error' }] });
}

/** `/v1/products` + `fprod_…` → `/v1/products/fprod_…`, the ID escaped so it stays one path segment. */
export function objectPath(base: string, id: string): string {
  return `${base}/${encodeURIComponent(id)}`;
}

function queryString(query: RequestOptions['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}
