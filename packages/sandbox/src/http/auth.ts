import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.js';
import type { SandboxEnv } from './env.js';

/** Compares secrets in constant time. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The bearer token of the request, or a 401. */
export function bearer(header: string | undefined, hint: string): string {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match) throw ApiError.one(401, ['header', 'authorization'], `Send ${hint} as "Authorization: Bearer …"`, 'authentication_error');
  return match[1]!;
}

/**
 * Which credential a path takes. The browser side (the card frame, the 3-D Secure
 * challenge, the widget's session calls) never holds the secret key: it uses the
 * publishable key or one session's client secret, checked by its own routes.
 */
export function isBrowserPath(path: string): boolean {
  return /^\/v1\/(confirmation_tokens|client)(\/|$)/.test(path);
}

/**
 * Secret-key authentication: `Authorization: Bearer fsk_test_…`, one of the configured keys.
 * With `browserPaths` (the default profile's browser API) those paths check their own
 * credential instead; without it (the flex profile) every `/v1` path takes the secret key.
 */
export function requireSecretKey(keys: readonly string[], { browserPaths = true }: { browserPaths?: boolean } = {}): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    if (browserPaths && isBrowserPath(c.req.path)) return next();
    const given = bearer(c.req.header('authorization'), 'your secret key');
    if (!keys.some((k) => sameSecret(k, given))) {
      // Never echo the key: it may be a live secret sent to the wrong place.
      throw ApiError.one(401, ['header', 'authorization'], 'Invalid API key provided', 'authentication_error');
    }
    await next();
  };
}

/** Publishable-key authentication for what the card frame and the challenge page call. */
export function requirePublishableKey(): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const given = bearer(c.req.header('authorization'), 'the publishable key');
    if (!sameSecret(given, c.var.publishableKey)) {
      throw ApiError.one(401, ['header', 'authorization'], 'Invalid publishable key', 'authentication_error');
    }
    await next();
  };
}
