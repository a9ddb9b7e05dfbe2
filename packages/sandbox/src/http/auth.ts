import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.js';
import type { SandboxEnv } from './env.js';

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Secret-key authentication: `Authorization: Bearer fsk_test_…`, one of the configured keys. */
export function requireSecretKey(keys: readonly string[]): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      throw ApiError.one(401, ['header', 'authorization'], 'Send your secret key as "Authorization: Bearer fsk_test_…"', 'authentication_error');
    }
    const given = match[1]!;
    if (!keys.some((k) => sameSecret(k, given))) {
      // Never echo the key: it may be a live secret sent to the wrong place.
      throw ApiError.one(401, ['header', 'authorization'], 'Invalid API key provided', 'authentication_error');
    }
    await next();
  };
}
