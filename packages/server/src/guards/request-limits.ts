import { ApiError } from '@flex-checkout/protocol';
import type { Context, MiddlewareHandler } from 'hono';
import type { ClientSecrets } from '../checkout/client-secrets.js';
import type { ServerStore } from '../storage/open.js';
import { RateLimitStore, type Count } from './rate-limit-store.js';

export interface RequestLimitOptions {
  /** Calls a minute per caller address. */
  perIp: number;
  /** Calls a minute per checkout session, counting only what the session's own secret opened. */
  perSession: number;
  /** Refused client secrets a minute per caller address. */
  refusedPerMinute: number;
  /** The caller's address (see clientIp). */
  caller: (c: Context) => string;
  secrets: ClientSecrets;
  store: ServerStore;
}

/**
 * The widget routes' three rate limits, checked in this order, each answering 429 in the
 * error shape with Retry-After:
 *
 * 1. **Per address**: every call counts.
 * 2. **Refused secrets per address**: each 401 the routes answer counts against the address
 *    that asked; past the limit that address is told to wait (a guesser, not a page that
 *    reloaded with a stale secret).
 * 3. **Per session**, counting only the calls the session's own client secret opened (review
 *    finding 2): a stranger who knows the session's ID cannot use up its shopper's calls. A
 *    secret this server minted (a hosted session) is checked right here, in constant time: a
 *    wrong one is not counted at all. Another secret is the upstream's to check (in-page): it
 *    is counted as it comes in, so that concurrent calls cannot all slip under the limit, and
 *    taken back when the upstream refuses it.
 *
 * The three counts are one statement to the database (RateLimitStore.count) before the call,
 * and most calls need none: each process counts a key's calls in blocks it takes from the
 * database ahead of use (see RateLimitStore), never past the limit. A count made for a later
 * limit is taken back when an earlier one refuses the call, as if it had never been reached.
 * The RateLimit-* headers (draft 6) show the tighter of the address's and the session's limit.
 */
export function requestLimits(options: RequestLimitOptions): MiddlewareHandler {
  const counts = new RateLimitStore(options.store);
  const windowSeconds = Math.ceil(counts.windowMs / 1000);
  return async (c, next) => {
    const address = options.caller(c);
    const addressKey = `address:${address}`;
    const refusedKey = `refused secrets:${address}`;
    const id = sessionOf(c);
    const secret = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    const minted = options.secrets.isMinted(secret);
    // A wrong minted secret is refused below and counted against its caller, never the session.
    const opensSession = minted ? options.secrets.verify(secret, id) : secret.startsWith(`${id}_secret_`);
    const sessionKey = opensSession ? `checkout session:${id}` : undefined;

    const byAddressKey = { key: addressKey, limit: options.perIp };
    const seen = await counts.count(sessionKey ? [byAddressKey, { key: sessionKey, limit: options.perSession }] : [byAddressKey], [refusedKey]);
    const byAddress = seen.get(addressKey)!;
    limitHeaders(c, options.perIp, byAddress);
    c.header('RateLimit-Policy', `${options.perIp};w=${windowSeconds}`);
    const refusal = async (what: string, count: Count) => {
      if (sessionKey) await counts.takeBack(sessionKey);
      return tooMany(c, what, count.resetTime);
    };
    if (byAddress.hits > options.perIp) return refusal('address', byAddress);
    const refused = seen.get(refusedKey)!;
    if (refused.hits >= options.refusedPerMinute) return refusal('caller', refused);
    if (sessionKey) {
      const bySession = seen.get(sessionKey)!;
      limitHeaders(c, options.perSession, bySession);
      if (bySession.hits > options.perSession) return tooMany(c, 'checkout session', bySession.resetTime);
    }

    await next();

    if (c.res.status === 401) {
      await counts.count([{ key: refusedKey, limit: options.refusedPerMinute }]);
      if (sessionKey && !minted) await counts.takeBack(sessionKey);
    }
  };
}

/** The session ID a widget path names (`/flex/sessions/fcs_…/…`). */
const sessionOf = (c: Context) => /\/sessions\/([^/]+)/.exec(c.req.path)?.[1] ?? 'none';

const secondsUntil = (resetTime: Date) => Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000));

/** The draft-6 RateLimit headers; the session's, set after the address's, replace them. */
function limitHeaders(c: Context, limit: number, count: Count): void {
  c.header('RateLimit-Limit', String(limit));
  c.header('RateLimit-Remaining', String(Math.max(0, limit - count.hits)));
  c.header('RateLimit-Reset', String(secondsUntil(count.resetTime)));
}

function tooMany(c: Context, what: string, resetTime: Date): Response {
  c.header('Retry-After', String(secondsUntil(resetTime)));
  return c.json(ApiError.one(429, [], `Too many requests for this ${what}. Wait a minute and try again.`, 'rate_limit_error').body, 429);
}
