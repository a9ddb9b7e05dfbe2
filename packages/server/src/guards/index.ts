import type { Context, MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import proxyAddr from 'proxy-addr';
import type { Logger } from '../log.js';

export { DRAIN_LIMIT, limitBody, WIDGET_BODY_LIMIT } from './body-limit.js';
export { requestLimits, type RequestLimitOptions } from './request-limits.js';

/** CORS for the merchant's own pages on other origins; same-origin pages need none. */
export function allowOrigins(allowed: readonly string[]): MiddlewareHandler {
  const set = new Set(allowed.map((o) => o.replace(/\/+$/, '')));
  return cors({
    origin: (origin) => (set.has(origin) ? origin : null),
    allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    exposeHeaders: ['idempotent-replayed', 'x-request-id', 'retry-after'],
    maxAge: 600,
  });
}

/** Which proxies in front of the server to believe (see `FlexCheckoutOptions.trustProxy`). */
export type TrustProxy = boolean | number | readonly string[];

/**
 * The caller's address, for the per-IP limit. Without a trusted proxy it is the socket's:
 * X-Forwarded-For is anyone's to send. Behind one, it is the address the trusted proxy saw,
 * found the way Express finds it (proxy-addr): walking from the socket leftwards through
 * X-Forwarded-For past each trusted hop, the first untrusted one. Never the left-most entry,
 * which the client writes itself.
 */
export function clientIp(trustProxy: TrustProxy): (c: Context) => string {
  const trust = compileTrust(trustProxy);
  return (c) => {
    const socket = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;
    if (!trust) return socket || 'unknown';
    const request = { headers: { 'x-forwarded-for': c.req.header('x-forwarded-for') ?? '' }, socket: { remoteAddress: socket ?? '' } };
    return proxyAddr(request as never, trust) || 'unknown';
  };
}

/** `Array.isArray`, keeping the list's type (it narrows a readonly list to `any[]`). */
const isList = (value: TrustProxy): value is readonly string[] => Array.isArray(value);

/** `true` is one hop (the proxy in front); a number, that many; a list, those addresses or ranges. */
function compileTrust(value: TrustProxy): ((address: string, hop: number) => boolean) | null {
  if (value === false || value === 0) return null;
  if (value === true) return (_address, hop) => hop < 1;
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0)
      throw new Error(`trustProxy takes true, a number of hops (0 or more) or a list of proxy addresses, not ${value}`);
    return (_address, hop) => hop < value;
  }
  if (isList(value)) return value.length === 0 ? null : proxyAddr.compile([...value]);
  throw new Error(`trustProxy takes true, a number of hops or a list of proxy addresses, not ${JSON.stringify(value)}`);
}

/** One line per request: who, what, how it went. Never bodies, never Authorization. */
export function accessLog(logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    logger.info('request', {
      request_id: c.get('requestId' as never),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    });
  };
}
