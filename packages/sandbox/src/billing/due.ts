import type { CheckoutSession } from '@flex-checkout/protocol';
import { toUnixSeconds } from '../clock.js';
import type { Db } from '../db/collection.js';
import { lapseAuthorization } from '../money/captures.js';
import { paymentIntents } from '../payments/store.js';
import { invalid } from '../http/errors.js';
import { sessions, settleExpiry } from '../resources/checkout/store.js';
import type { BillingContext } from './context.js';
import { renewSubscription, retryInvoice } from './renewals.js';

/** Something the passing of time sets off, and when (milliseconds, sandbox clock). */
export interface DueWork {
  kind: 'renewal' | 'retry' | 'expiry' | 'authorization';
  id: string;
  at: number;
}

/**
 * The earliest work due at or before `until`: a subscription's period ending, an invoice's
 * scheduled retry, or an open checkout session's expiry. Letters need no work: whether one
 * is valid is read against the time each renewal runs at.
 */
export async function nextDue(db: Db, until: number): Promise<DueWork | undefined> {
  const [renewal, retry, expiry, authorization] = await Promise.all([
    db
      .selectFrom('subscriptions')
      .select(['id', 'renews_at'])
      .where('renews_at', 'is not', null)
      .where('renews_at', '<=', until)
      .orderBy('renews_at')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom('invoices')
      .select(['id', 'next_attempt_at'])
      .where('status', '=', 'open')
      .where('next_attempt_at', '<=', until)
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom('checkout_sessions')
      .select(['id', 'expires_at'])
      .where('status', '=', 'open')
      .where('expires_at', '<=', toUnixSeconds(until))
      .orderBy('expires_at')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst(),
    // A manual-capture payment's authorization lapsing uncaptured (money/captures.ts).
    db
      .selectFrom('payment_intents')
      .select(['id', 'capture_before'])
      .where('status', '=', 'requires_capture')
      .where('capture_before', '<=', until)
      .orderBy('capture_before')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst(),
  ]);
  const found: DueWork[] = [];
  if (renewal) found.push({ kind: 'renewal', id: renewal.id, at: Number(renewal.renews_at) });
  if (retry) found.push({ kind: 'retry', id: retry.id, at: Number(retry.next_attempt_at) });
  if (expiry) found.push({ kind: 'expiry', id: expiry.id, at: Number(expiry.expires_at) * 1000 });
  if (authorization) found.push({ kind: 'authorization', id: authorization.id, at: Number(authorization.capture_before) });
  // At one instant, a renewal before its own retries, and both before an expiry.
  return found.sort((a, b) => a.at - b.at)[0];
}

/** More steps than this in one move of the clock is a runaway, not a year of billing. */
export const MAX_STEPS = 50_000;

/**
 * Runs, in time order, everything due up to `until`, each at its own moment: a renewal at
 * its period's end checks the letter as of then, and its event is dated then. Work a step
 * creates (a retry a day later) runs in turn when it falls before `until`. All of it in the
 * caller's transaction, which holds the clock (see `lockClock`).
 */
export async function runDueWork(ctx: Omit<BillingContext, 'now'>, until: number): Promise<number> {
  let steps = 0;
  for (;;) {
    const work = await nextDue(ctx.db, until);
    if (!work) return steps;
    if (++steps > MAX_STEPS) {
      throw invalid(['body'], `Moving the clock that far runs more than ${MAX_STEPS} renewals, retries and expiries at once; move it in smaller steps`);
    }
    const at: BillingContext = { ...ctx, now: work.at };
    if (work.kind === 'renewal') await renewSubscription(at, work.id);
    else if (work.kind === 'retry') await retryInvoice(at, work.id);
    else if (work.kind === 'authorization') await lapse(at, work.id);
    else await expire(at, work.id);
  }
}

async function lapse(ctx: BillingContext, id: string): Promise<void> {
  const seen = await paymentIntents.get(ctx.db, id);
  if (!seen) return;
  // The session first, then the intent: the order every money movement locks in.
  if (seen.checkout_session) await sessions.getForUpdate(ctx.db, ctx.dialect, seen.checkout_session);
  const pi = await paymentIntents.getForUpdate(ctx.db, ctx.dialect, id);
  if (pi) await lapseAuthorization(ctx, pi);
}

async function expire(ctx: BillingContext, id: string): Promise<void> {
  const session: CheckoutSession | undefined = await sessions.getForUpdate(ctx.db, ctx.dialect, id);
  if (session) await settleExpiry(ctx.db, session, ctx.now);
}
