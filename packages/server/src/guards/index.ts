import { ApiError } from '@flex-checkout/protocol';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { rateLimiter } from 'hono-rate-limiter';
import type { Logger } from '../log.js';

/** 64 KB is far more than any widget call needs; anything larger is refused unread. */
export const WIDGET_BODY_LIMIT = 64 * 1024;

/**
 * Refuses a body over `maxSize` with 413 and `Connection: close`. The rest of the body is
 * never read, so the connection must not be reused: a client that keeps it alive (Node's
 * fetch does) would send its next request into the unread bytes and get a reset.
 */
export function limitBody(maxSize = WIDGET_BODY_LIMIT): MiddlewareHandler {
  return bodyLimit({
    maxSize,
    onError: (c) =>
      c.json(
        ApiError.one(413, ['body'], `The body is larger than ${Math.round(maxSize / 1024)} KB`, 'payload_too_large').body,
        413,
        { connection: 'close' },
      ),
  });
}

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

/**
 * The caller's address: the socket's, or — behind a trusted proxy — the first
 * X-Forwarded-For hop (the header is anyone's to send otherwise).
 */
export function clientIp(trustProxy: boolean): (c: Context) => string {
  return (c) => {
    const forwarded = trustProxy ? c.req.header('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
    const socket = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;
    return forwarded || socket || 'unknown';
  };
}

/** Requests per minute, by a key (the session or the IP), answering 429 in the error shape. */
export function rateLimit(limit: number, key: (c: Context) => string, what: string): MiddlewareHandler {
  return rateLimiter({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-6',
    keyGenerator: (c) => `${what}:${key(c)}`,
    handler: (c) =>
      c.json(
        ApiError.one(429, [], `Too many requests for this ${what}. Wait a minute and try again.`, 'rate_limit_error').body,
        429,
      ),
  });
}

/** The session ID a widget path names (`/flex/sessions/fcs_…/…`). */
export function sessionOf(c: Context): string {
  return /\/sessions\/([^/]+)/.exec(c.req.path)?.[1] ?? 'none';
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
