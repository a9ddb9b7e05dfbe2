import type { Charge, CheckoutSession, PaymentIntent } from '@flex-checkout/protocol';
import { sql } from 'kysely';
import type { Db } from '../db/collection.js';
import type { Dialect } from '../db/open.js';
import { notFound } from '../http/errors.js';
import { paymentIntents } from '../payments/store.js';
import { sessions } from '../resources/checkout/store.js';
import { moneyDb } from './tables.js';

export interface MoneyContext {
  db: Db;
  dialect: Dialect;
  now: number;
}

type Loc = (string | number)[];

/**
 * Locks what a money movement changes, always in one order (the session, then its payment
 * intent), so concurrent refunds, captures and disputes of one payment take turns on
 * PostgreSQL and never wait on each other in a circle; SQLite runs one write at a time.
 * Everything read after this is read under the locks.
 */
export async function lockPayment(ctx: MoneyContext, paymentIntentId: string, loc: Loc): Promise<{ pi: PaymentIntent; session: CheckoutSession | null }> {
  const seen = await paymentIntents.get(ctx.db, paymentIntentId);
  if (!seen) throw notFound(loc, 'payment intent', paymentIntentId);
  const session = seen.checkout_session ? ((await sessions.getForUpdate(ctx.db, ctx.dialect, seen.checkout_session)) ?? null) : null;
  const pi = (await paymentIntents.getForUpdate(ctx.db, ctx.dialect, paymentIntentId))!;
  return { pi, session };
}

/** A session and its payment intent, locked in that order. */
export async function lockSessionPayment(ctx: MoneyContext, sessionId: string): Promise<{ session: CheckoutSession; pi: PaymentIntent | null }> {
  const session = await sessions.getForUpdate(ctx.db, ctx.dialect, sessionId);
  if (!session) throw notFound(['path', 'id'], 'checkout session', sessionId);
  const pi = session.payment_intent_id ? ((await paymentIntents.getForUpdate(ctx.db, ctx.dialect, session.payment_intent_id)) ?? null) : null;
  return { session, pi };
}

/** What has been refunded of a payment intent, read from the refunds themselves (the one source of truth). */
export async function refundedOf(db: Db, paymentIntentId: string): Promise<number> {
  const row = await moneyDb(db)
    .selectFrom('refunds')
    .select(sql<string | number | null>`sum(amount)`.as('total'))
    .where('payment_intent_id', '=', paymentIntentId)
    .where('status', 'in', ['pending', 'succeeded'])
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

/** What disputes hold or took of a payment intent: open ones and lost ones (a won dispute gave it back). */
export async function disputedOf(db: Db, paymentIntentId: string): Promise<{ held: number; open: boolean }> {
  const rows = await moneyDb(db).selectFrom('disputes').select(['status', 'data']).where('payment_intent_id', '=', paymentIntentId).execute();
  let held = 0;
  let open = false;
  for (const row of rows) {
    if (row.status === 'won' || row.status.startsWith('warning_')) continue;
    held += (JSON.parse(row.data) as { amount: number }).amount;
    if (row.status !== 'lost') open = true;
  }
  return { held, open };
}

/** The charge of a payment intent, as refund and dispute events carry it. */
export async function chargeOf(db: Db, pi: PaymentIntent): Promise<Charge> {
  const refunded = await refundedOf(db, pi.payment_intent_id);
  const disputes = await disputedOf(db, pi.payment_intent_id);
  return {
    charge_id: pi.latest_charge!,
    payment_intent_id: pi.payment_intent_id,
    checkout_session_id: pi.checkout_session,
    amount: pi.amount,
    amount_captured: pi.amount_received,
    amount_refunded: refunded,
    refunded: refunded > 0 && refunded >= pi.amount_received,
    disputed: disputes.held > 0,
    currency: pi.currency,
    test_mode: true,
  };
}
