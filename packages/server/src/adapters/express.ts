import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener, type HttpBindings } from '@hono/node-server';
import type { FetchApp, FetchAppLike } from './fetch-app.js';

/** What an Express (or Connect) request may carry besides Node's own fields. */
export interface ExpressLikeRequest extends IncomingMessage {
  /** The URL before Express stripped a mount path from `url`. */
  originalUrl?: string;
  /** Set by a body parser (`express.json()`, `express.text()`, `express.raw()`). */
  body?: unknown;
  /** The exact bytes, when a parser's `verify` hook kept them. */
  rawBody?: unknown;
}

/** An Express / Connect middleware. */
export type ExpressMiddleware = (req: ExpressLikeRequest, res: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * The app as Express (4 or 5) or Connect middleware. Requests for the app's own paths go to
 * it; everything else goes on to `next()`, so it can be mounted at the root in front of the
 * merchant's routes. The app sees the full original path (`req.originalUrl`), so mount it
 * at the root or at a path its routes already start with (`/flex`).
 *
 * Mount it BEFORE `express.json()`: the webhook route verifies a signature over the exact
 * bytes Flex sent, and a parsed-then-re-serialised body is not those bytes. When a parser
 * did run first, a body it kept as bytes (`express.raw()`, or `req.rawBody` from a `verify`
 * hook) is passed on exactly; a parsed JSON body is re-serialised, which is fine for the
 * widget routes but will fail webhook verification.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { createFlexCheckout, toExpress } from '@flex-checkout/server';
 * const flex = await createFlexCheckout({ apiKey: process.env.FLEX_API_KEY, apiBase: 'https://api.withflex.com' });
 * const app = express();
 * app.use(toExpress(flex.app)); // first: before express.json()
 * app.use(express.json());
 * app.listen(3000);
 * ```
 */
export function toExpress(app: FetchAppLike): ExpressMiddleware {
  const ready = Promise.resolve(app);
  let resolved: FetchApp | undefined;
  void ready.then(
    (a) => (resolved = a),
    () => {},
  );
  // Bodies a parser already read, re-made for the app (keyed by the Node request).
  const replacedBodies = new WeakMap<IncomingMessage, ReplacementBody>();
  const listener = getRequestListener(
    async (request, env) => {
      const current = resolved ?? (await ready);
      const body = replacedBodies.get((env as HttpBindings).incoming);
      return current.fetch(body ? withBody(request, body) : request, env);
    },
    // This is someone else's process: leave its global Request/Response alone.
    { overrideGlobalObjects: false },
  );

  return (req, res, next) => {
    void (async () => {
      const current = resolved ?? (await ready);
      const url = req.originalUrl ?? req.url ?? '/';
      if (!claims(current, req.method ?? 'GET', pathOf(url))) return next();
      // Express strips a mount path from req.url; the app's routes are full paths.
      req.url = url;
      const body = replacementBody(req);
      if (body) replacedBodies.set(req, body);
      await listener(req, res);
    })().catch(next);
  };
}

/**
 * Whether a request is for one of the app's paths: some route other than a catch-all
 * middleware (`app.use('*', …)`) matches it. An app that is not a Hono app (no router to
 * ask) is given every request.
 */
function claims(app: FetchApp, method: string, path: string): boolean {
  const router = (app as { router?: { match(method: string, path: string): unknown } }).router;
  if (!router || typeof router.match !== 'function') return true;
  // Hono answers HEAD with its GET route.
  const result = router.match(method === 'HEAD' ? 'GET' : method, path) as [[[unknown, { path?: unknown } | undefined] | undefined, unknown][]] | undefined;
  const matched = Array.isArray(result?.[0]) ? result[0] : undefined;
  // A router that answers in another shape (another Hono version): give the app everything
  // rather than silently passing its own requests on.
  if (!matched) return true;
  return matched.some(([entry]) => {
    const routePath = entry?.[1]?.path;
    return typeof routePath !== 'string' || (routePath !== '*' && routePath !== '/*');
  });
}

function pathOf(url: string): string {
  try {
    return new URL(url, 'http://localhost').pathname;
  } catch {
    return '/';
  }
}

interface ReplacementBody {
  bytes: Buffer;
  /** Set when the body was re-serialised as JSON. */
  contentType?: string;
}

/**
 * The body to give the app when a parser already consumed the stream: nothing to replace
 * when the stream is unread (the app reads it) or when the exact bytes were kept in
 * `req.rawBody` (@hono/node-server reads those itself).
 */
function replacementBody(req: ExpressLikeRequest): ReplacementBody | undefined {
  if (Buffer.isBuffer(req.rawBody)) return undefined;
  const consumed = req.readableEnded || (req as { _body?: boolean })._body === true;
  if (!consumed || req.body === undefined || req.body === null) return undefined;
  if (Buffer.isBuffer(req.body)) return { bytes: req.body };
  if (typeof req.body === 'string') return { bytes: Buffer.from(req.body) };
  return { bytes: Buffer.from(JSON.stringify(req.body)), contentType: 'application/json' };
}

function withBody(request: Request, body: ReplacementBody): Request {
  const headers = new Headers(request.headers);
  headers.set('content-length', String(body.bytes.length));
  headers.delete('transfer-encoding');
  if (body.contentType) headers.set('content-type', body.contentType);
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  return new Request(request.url, {
    method: request.method,
    headers,
    signal: request.signal,
    ...(hasBody ? { body: new Uint8Array(body.bytes) } : {}),
  });
}
