import { ApiError, readErrorDetail, type ErrorDetail } from '@flex-checkout/protocol';
import type { Logger } from './log.js';

/**
 * Where the server sends its calls: Flex's API over HTTP, or the sandbox in this very
 * process (the default: no account, no network). The same code path serves both; only how
 * a `Request` reaches the API differs.
 */
export interface Upstream {
  readonly kind: 'embedded' | 'http';
  /** A human description for logs and the CLI: the URL, or "embedded sandbox". */
  readonly description: string;
  /**
   * Sends a request to the API. `path` starts with `/v1`. `origin` is the public origin of
   * the incoming request: an embedded sandbox builds browser URLs (its Stripe.js stand-in)
   * from it, because the browser reaches it through this server.
   */
  fetch(path: string, init: RequestInit, origin?: string): Promise<Response>;
  /** The embedded sandbox's app, to serve its browser-facing pages; null over HTTP. */
  readonly sandboxApp: { fetch(request: Request): Response | Promise<Response> } | null;
  close(): Promise<void>;
}

/** An upstream reached over HTTP (Flex's API or a separately run sandbox). */
export function httpUpstream(apiBase: string, fetchImpl: typeof fetch = fetch): Upstream {
  const base = apiBase.replace(/\/+$/, '').replace(/\/v1$/, '');
  const origin = originOf(base);
  return {
    kind: 'http',
    description: base,
    sandboxApp: null,
    async fetch(path, init) {
      try {
        return await fetchImpl(base + path, { ...init, signal: init.signal ?? AbortSignal.timeout(30_000) });
      } catch (cause) {
        // Never echo the cause to the caller: it can hold the upstream URL with credentials.
        // The server's log gets it, cleaned (see UnreachableCall), from whoever answers the call.
        const error = ApiError.one(502, [], 'The payment service could not be reached. Try again in a moment.', 'api_error');
        unreachableCalls.set(error, describeUnreachable(origin, init.method ?? 'GET', path, cause));
        throw error;
      }
    },
    close: async () => {},
  };
}

/**
 * An upstream call that got no answer (connection refused, no such host, a TLS failure, a
 * timeout, a dropped connection), as the server's log tells it. The caller only ever sees
 * the 502's fixed text; the merchant's developer reading the log learns which host failed
 * and why.
 */
export interface UnreachableCall {
  /** `scheme://host[:port]` of the upstream: never its path, query, credentials or headers. */
  origin: string;
  method: string;
  /** The API path without its query string: `/v1/checkout/sessions/fcs_…`. */
  path: string;
  /** The innermost cause's code: `ECONNREFUSED`, `ENOTFOUND`, `CERT_HAS_EXPIRED`, `TimeoutError`… */
  code: string | undefined;
  /** The causes' messages, outermost first: `fetch failed: connect ECONNREFUSED 127.0.0.1:4243`. */
  reason: string;
}

/** The calls behind the 502s httpUpstream threw, kept off the error so nothing serializes them. */
const unreachableCalls = new WeakMap<object, UnreachableCall>();
/** Errors already logged: one that passes several handlers is still one line. */
const logged = new WeakSet<object>();

/** The call behind an upstream's "could not be reached" error, if it is one. */
export function unreachableCallOf(error: unknown): UnreachableCall | undefined {
  return typeof error === 'object' && error !== null ? unreachableCalls.get(error) : undefined;
}

/** What a failed call's log line says; `cause` is what fetch (or the upstream) threw. */
export function describeUnreachable(origin: string, method: string, path: string, cause: unknown): UnreachableCall {
  const messages: string[] = [];
  let code: string | undefined;
  let name: string | undefined;
  // fetch throws TypeError("fetch failed") with the reason on `cause` (`code` ECONNREFUSED…),
  // sometimes an AggregateError of one per address tried.
  let at: unknown = cause;
  for (let depth = 0; depth < 6 && typeof at === 'object' && at !== null; depth++) {
    const e = at as { message?: unknown; code?: unknown; name?: unknown; cause?: unknown; errors?: unknown };
    if (typeof e.message === 'string' && e.message && !messages.includes(e.message)) messages.push(e.message);
    if (typeof e.code === 'string') code = e.code;
    if (typeof e.name === 'string' && e.name !== 'Error' && e.name !== 'TypeError' && e.name !== 'AggregateError') name = e.name;
    at = e.cause ?? (Array.isArray(e.errors) ? e.errors[0] : undefined);
  }
  if (messages.length === 0 && typeof cause === 'string') messages.push(cause);
  return {
    origin,
    method,
    path: path.split('?')[0]!,
    code: code ?? name,
    // A URL in a message (undici's "Failed to parse URL from …") could carry credentials or a query.
    reason: messages.join(': ').replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>]*/gi, (url) => originOf(url)) || 'unknown',
  };
}

/**
 * Logs one warn line for an upstream call that could not be reached, once per error however
 * many handlers it passes. `attempts`: how many times the call was sent (retries included).
 */
export function logUnreachable(
  logger: Logger,
  error: unknown,
  attempts: number,
  call: UnreachableCall | undefined = unreachableCallOf(error),
  fields: Record<string, unknown> = {},
): void {
  if (!call || (typeof error === 'object' && error !== null && logged.has(error))) return;
  if (typeof error === 'object' && error !== null) logged.add(error);
  logger.warn('upstream unreachable', {
    ...fields,
    upstream: call.origin,
    method: call.method,
    path: call.path,
    attempts,
    code: call.code ?? null,
    reason: call.reason,
  });
}

/** `https://api.withflex.com` of any URL; never its credentials, path or query. */
export function originOf(url: string): string {
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? '[not a web URL]' : origin;
  } catch {
    return '[invalid URL]';
  }
}

/**
 * Whether an apiBase sends the secret key in the clear to another machine: plain HTTP to a
 * host that is not this one.
 */
export function isPlainHttpElsewhere(apiBase: string): boolean {
  let url: URL;
  try {
    url = new URL(apiBase);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:') return false;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return !(host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host));
}

/**
 * The upstream refused for its rate limit (429: Flex documents the status and a header saying
 * when to retry, and no body). The browser gets 429 too, in the one error shape, with the
 * upstream's words when it gave some and its `Retry-After`: nothing was done, so the element
 * may try again after the wait (a confirm says so; a status poll backs off).
 */
export class UpstreamBusyError extends ApiError {
  constructor(
    readonly retryAfter: number | null,
    detail: ErrorDetail[] = [{ loc: [], msg: 'The payment service is busy. Try again in a moment.', type: 'rate_limit_error' }],
  ) {
    super(429, detail);
  }
}

/**
 * The upstream refused the server's own secret key (401): `apiKey` is wrong, or was revoked
 * or rolled after the server started. Nothing the caller did, and nothing it can mend: the
 * browser is told the checkout is not available (502), the log says plainly what to fix
 * (`app.ts`), and the typed client throws `AuthenticationError` for it.
 */
export class SecretKeyRefusedError extends ApiError {
  constructor(readonly path: string) {
    super(502, [{ loc: [], msg: 'This checkout is not available right now. Please try again later.', type: 'api_error' }]);
  }
}

/**
 * Seconds from a `Retry-After` header: whole seconds (`2`) or an HTTP date (`Wed, 21 Oct
 * 2026 07:28:00 GMT`); null when absent or unreadable. The browser's answer and the typed
 * client's `RateLimitError` both read it here.
 */
export function retryAfterSeconds(headers: Headers): number | null {
  const value = headers.get('retry-after')?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/**
 * The upstream's answer as JSON, or a 502 when it cannot be read. An error answer in any shape
 * Flex documents (`{"detail":[…]}`, `{"error":{code,message}}`, `{"detail":"…"}`) comes back
 * as `{"detail":[…]}`, the one shape the browser is given.
 * A 429 is the upstream's limit: `UpstreamBusyError`.
 */
export async function readUpstream<T>(res: Response): Promise<{ status: number; body: T }> {
  if (res.status === 429) {
    const text = await res.text().catch(() => '');
    let detail: ErrorDetail[] | null = null;
    try {
      detail = readErrorDetail(JSON.parse(text));
    } catch {
      // No body, or not JSON: Flex promises none.
    }
    throw new UpstreamBusyError(retryAfterSeconds(res.headers), detail ?? undefined);
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw ApiError.one(502, [], 'The payment service answered in a way we could not read. Try again in a moment.', 'api_error');
  }
  if (res.status >= 400) {
    const detail = readErrorDetail(body);
    if (!detail || res.status >= 500) throw ApiError.one(502, [], 'The payment service failed. Try again in a moment.', 'api_error');
    return { status: res.status, body: { detail } as T };
  }
  return { status: res.status, body: body as T };
}
