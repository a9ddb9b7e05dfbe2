import { ApiError, readErrorDetail } from '@flex-checkout/protocol';

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
  return {
    kind: 'http',
    description: base,
    sandboxApp: null,
    async fetch(path, init) {
      try {
        return await fetchImpl(base + path, { ...init, signal: init.signal ?? AbortSignal.timeout(30_000) });
      } catch {
        // Never echo the cause: it can hold the upstream URL with credentials.
        throw ApiError.one(502, [], 'The payment service could not be reached. Try again in a moment.', 'api_error');
      }
    },
    close: async () => {},
  };
}

/**
 * The upstream's answer as JSON, or a 502 when it cannot be read. An error answer in any shape
 * Flex documents (`{"detail":[…]}`, `{"error":{code,message}}`, `{"detail":"…"}`) comes back
 * as `{"detail":[…]}`, the one shape the browser is given.
 */
export async function readUpstream<T>(res: Response): Promise<{ status: number; body: T }> {
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
