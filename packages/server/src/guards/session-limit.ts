import { ApiError } from '@flex-checkout/protocol';
import type { Context, MiddlewareHandler } from 'hono';
import type { ClientSecrets } from '../checkout/client-secrets.js';
import type { ServerStore } from '../storage/open.js';
import { DatabaseRateLimitStore } from './rate-limit-store.js';
import { sessionOf } from './index.js';

const WINDOW_MS = 60_000;

const secondsUntil = (resetTime: Date | undefined) => Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now() + WINDOW_MS) - Date.now()) / 1000));

/** The draft-6 RateLimit headers, as the per-address limit sends them: the tighter limit is the one shown. */
const limitHeaders = (c: Context, limit: number, hits: number, resetTime: Date | undefined) => {
  c.header('RateLimit-Limit', String(limit));
  c.header('RateLimit-Remaining', String(Math.max(0, limit - hits)));
  c.header('RateLimit-Reset', String(secondsUntil(resetTime)));
};

const tooMany = (c: Context, what: string, resetTime: Date | undefined) => {
  c.header('Retry-After', String(secondsUntil(resetTime)));
  return c.json(ApiError.one(429, [], `Too many requests for this ${what}. Wait a minute and try again.`, 'rate_limit_error').body, 429);
};

const counters = (store: ServerStore) => {
  const counter = new DatabaseRateLimitStore(store);
  counter.init({ windowMs: WINDOW_MS } as never);
  return counter;
};

/**
 * The per-session limit, counting only the calls the session's own client secret opened
 * (review finding 2): a stranger who knows the session's ID cannot use up its shopper's calls.
 *
 * A secret this server minted (a hosted session) is checked right here, in constant time: a
 * wrong one is not counted at all. Another secret is the upstream's to check (in-page): it is
 * counted as it comes in, so that concurrent calls cannot all slip under the limit, and taken
 * back when the upstream refuses it.
 */
export function sessionLimit(limit: number, secrets: ClientSecrets, store: ServerStore): MiddlewareHandler {
  const counter = counters(store);
  return async (c, next) => {
    const id = sessionOf(c);
    const secret = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    const minted = secrets.isMinted(secret);
    if (minted && !secrets.verify(secret, id)) return next(); // refused below; counted against its caller
    if (!minted && !secret.startsWith(`${id}_secret_`)) return next();
    const key = `checkout session:${id}`;
    const seen = await counter.increment(key);
    limitHeaders(c, limit, seen.totalHits, seen.resetTime);
    if (seen.totalHits > limit) return tooMany(c, 'checkout session', seen.resetTime);
    await next();
    if (!minted && c.res.status === 401) await counter.decrement(key);
  };
}

/**
 * Wrong client secrets per caller: each 401 the widget routes answer counts against the
 * address that asked; past the limit that address is told to wait.
 */
export function refusedSecretLimit(limit: number, caller: (c: Context) => string, store: ServerStore): MiddlewareHandler {
  const counter = counters(store);
  return async (c, next) => {
    const key = `refused secrets:${caller(c)}`;
    const seen = await counter.get(key);
    if (seen && seen.totalHits >= limit) return tooMany(c, 'caller', seen.resetTime);
    await next();
    if (c.res.status === 401) await counter.increment(key);
  };
}
