import type { Capture, CheckoutSession, PaymentIntent, SessionCaptureRequest } from '@flex-checkout/protocol';
import type { z } from 'zod';
import { toIso, toUnixSeconds } from '../clock.js';
import { emitEvent } from '../events/outbox.js';
import { ApiError, conflict, invalid } from '../http/errors.js';
import { newId } from '../ids.js';
import { AUTHORIZATION_MS } from '../payments/intents.js';
import { behaviourOf, process } from '../payments/processor.js';
import { paymentIntents } from '../payments/store.js';
import { sessions } from '../resources/checkout/store.js';
import { chargeOf, type MoneyContext } from './charges.js';
import { recordCharge } from './ledger.js';
import { captures } from './store.js';

type CaptureInput = NonNullable<z.output<typeof SessionCaptureRequest>['checkout_session']>;
const LOC = ['body', 'checkout_session'];

/** A manual-capture session whose payment is held: its payment intent, or why not (409). */
function heldIntent(session: CheckoutSession, pi: PaymentIntent | null): PaymentIntent {
  if (session.capture_method !== 'manual')
    throw conflict(['path', 'id'], 'This checkout session captures automatically: there is nothing to capture, reauthorize or cancel');
  if (session.status !== 'complete' || !pi) throw conflict(['path', 'id'], 'This checkout session has not been paid yet: nothing is authorized');
  return pi;
}

/** Why a held payment cannot be captured now (409), or nothing. */
function requireCapturable(pi: PaymentIntent): void {
  if (pi.status === 'requires_capture') return;
  if (pi.status === 'canceled' && pi.cancellation_reason === 'automatic') {
    throw conflict(['path', 'id'], 'The authorization lapsed uncaptured (7 days); reauthorize it first');
  }
  throw conflict(['path', 'id'], `Nothing is left to capture: the payment is ${pi.status}`);
}

/**
 * What a capture takes: `amount`, else the named lines (each its whole total unless
 * `amount`) with `amount_tax` and `amount_shipping` added and `amount_discount` taken off,
 * else everything still held. Never more than the authorization still holds.
 */
export function planCapture(session: CheckoutSession, pi: PaymentIntent, input: CaptureInput): { amount: number; lines: { price: string; amount: number }[] } {
  const lines: { price: string; amount: number }[] = [];
  for (const [i, ref] of (input.line_items ?? []).entries()) {
    const line = session.line_items.find((l) => (ref.price ? l.price === ref.price : l.product === ref.product));
    if (!line) throw invalid([...LOC, 'line_items', i, ref.price ? 'price' : 'product'], `This checkout session has no line for ${ref.price ?? ref.product}`);
    const amount = ref.amount ?? line.amount_total;
    if (amount > line.amount_total) throw invalid([...LOC, 'line_items', i, 'amount'], `This line cost ${line.amount_total}; ${amount} is more than that`);
    lines.push({ price: line.price, amount });
  }
  const fromLines = lines.length
    ? lines.reduce((s, l) => s + l.amount, 0) + (input.amount_tax ?? 0) + (input.amount_shipping ?? 0) - (input.amount_discount ?? 0)
    : undefined;
  if (input.amount !== undefined && fromLines !== undefined && input.amount !== fromLines) {
    throw invalid([...LOC, 'amount'], `amount (${input.amount}) is not what the lines come to (${fromLines}); give one or the other`);
  }
  const amount = input.amount ?? fromLines ?? pi.amount_capturable;
  if (amount <= 0) throw invalid([...LOC, 'amount'], 'A capture must be greater than zero');
  if (amount > pi.amount_capturable) {
    throw invalid([...LOC, 'amount'], `This capture (${amount}) is more than the authorization still holds (${pi.amount_capturable})`);
  }
  return { amount, lines };
}

/** Checks a capture without making it (`…/capture_allocation`); the allocation is built by the route. */
export function previewCapture(session: CheckoutSession, pi: PaymentIntent | null, input: CaptureInput) {
  const held = heldIntent(session, pi);
  requireCapturable(held);
  return { pi: held, plan: planCapture(session, held, input) };
}

/**
 * Captures part or all of a held authorization, under the session's and the intent's locks:
 * two captures racing for what is held take turns, and neither ever takes more than is left.
 * `final_capture` (the default) releases what is not taken; otherwise more captures may follow
 * until the authorization lapses.
 */
export async function captureSession(
  ctx: MoneyContext,
  session: CheckoutSession,
  pi: PaymentIntent | null,
  input: CaptureInput,
): Promise<{ capture: Capture; session: CheckoutSession }> {
  const held = heldIntent(session, pi);
  requireCapturable(held);
  const plan = planCapture(session, held, input);
  const left = held.amount_capturable - plan.amount;
  const done = input.final_capture || left === 0;
  const updated = await paymentIntents.update(ctx.db, {
    ...held,
    amount_received: held.amount_received + plan.amount,
    amount_capturable: done ? 0 : left,
    status: done ? 'succeeded' : 'requires_capture',
    capture_before: done ? null : held.capture_before,
  });
  const createdAt = toIso(ctx.now);
  const items = plan.lines.length
    ? plan.lines.map((l) => ({
        capture_item_id: newId('capture_item', ctx.now),
        amount_captured: l.amount,
        payment_intent: held.payment_intent_id,
        price: l.price,
        created_at: createdAt,
        test_mode: true,
      }))
    : [
        {
          capture_item_id: newId('capture_item', ctx.now),
          amount_captured: plan.amount,
          payment_intent: held.payment_intent_id,
          price: null,
          created_at: createdAt,
          test_mode: true,
        },
      ];
  const capture: Capture = {
    capture_id: newId('capture', ctx.now),
    checkout_session_id: session.checkout_session_id,
    amount_captured: plan.amount,
    amount_shipping_captured: input.amount_shipping ?? 0,
    amount_discount_captured: input.amount_discount ?? 0,
    amount_tax_captured: input.amount_tax ?? 0,
    final_capture: done,
    items,
    metadata: input.capture_metadata ?? null,
    created_at: createdAt,
    test_mode: true,
  };
  await captures.insert(ctx.db, capture);
  await recordCharge(ctx.db, ctx.now, updated, plan.amount, session.client_reference_id);
  const saved = await sessions.update(ctx.db, {
    ...session,
    captures: [...session.captures, capture],
    amount_received: updated.amount_received,
    metadata: input.metadata ? { ...session.metadata, ...input.metadata } : session.metadata,
  });
  await emitEvent(ctx.db, ctx.now, 'charge.captured', await chargeOf(ctx.db, updated));
  if (done) await emitEvent(ctx.db, ctx.now, 'payment_intent.succeeded', updated);
  return { capture, session: saved };
}

/**
 * Releases what an authorization still holds (`…/cancel`): nothing captured → `canceled`;
 * something captured → `succeeded` with what it has.
 */
export async function cancelAuthorization(ctx: MoneyContext, session: CheckoutSession, pi: PaymentIntent | null): Promise<CheckoutSession> {
  const held = heldIntent(session, pi);
  if (held.status !== 'requires_capture') throw conflict(['path', 'id'], `There is no authorization to cancel: the payment is ${held.status}`);
  const released = await release(ctx, held, 'requested_by_customer');
  return sessions.update(ctx.db, { ...session, amount_received: released.amount_received });
}

/** What an authorization's end does to its intent (asked for, or lapsed at `capture_before`). */
async function release(ctx: MoneyContext, pi: PaymentIntent, reason: 'requested_by_customer' | 'automatic'): Promise<PaymentIntent> {
  const captured = pi.amount_received > 0;
  const updated = await paymentIntents.update(ctx.db, {
    ...pi,
    amount_capturable: 0,
    capture_before: null,
    status: captured ? 'succeeded' : 'canceled',
    cancellation_reason: captured ? null : reason,
  });
  if (reason === 'automatic') await emitEvent(ctx.db, ctx.now, 'charge.expired', await chargeOf(ctx.db, updated));
  await emitEvent(ctx.db, ctx.now, captured ? 'payment_intent.succeeded' : 'payment_intent.canceled', updated);
  return updated;
}

/** An authorization past `capture_before` lapses (the clock's due work, or a read that finds it). */
export async function lapseAuthorization(ctx: MoneyContext, pi: PaymentIntent): Promise<PaymentIntent> {
  if (pi.status !== 'requires_capture' || pi.capture_before === null || pi.capture_before * 1000 > ctx.now) return pi;
  return release(ctx, pi, 'automatic');
}

/**
 * Authorizes again (`…/reauth`): a held authorization gets 7 more days; one that lapsed is
 * asked of the card again for what was not captured (off session, so a card that declines or
 * needs 3-D Secure answers 402 and nothing changes).
 */
export async function reauthorize(ctx: MoneyContext, session: CheckoutSession, pi: PaymentIntent | null): Promise<CheckoutSession> {
  const held = heldIntent(session, pi);
  const lapsed = held.status === 'canceled' && held.cancellation_reason === 'automatic';
  if (held.status !== 'requires_capture' && !lapsed) throw conflict(['path', 'id'], `There is no authorization to renew: the payment is ${held.status}`);
  const outcome = process(await behaviourOf(ctx.db, held.payment_method!), { offSession: true, charge: true });
  if (outcome.kind !== 'succeeded') {
    const message = outcome.kind === 'declined' ? outcome.error.message : 'The card needs authentication.';
    throw ApiError.one(402, ['path', 'id'], message, 'card_error');
  }
  const amount = lapsed ? held.amount - held.amount_received : held.amount_capturable;
  const updated = await paymentIntents.update(ctx.db, {
    ...held,
    status: 'requires_capture',
    amount_capturable: amount,
    cancellation_reason: null,
    capture_before: toUnixSeconds(ctx.now + AUTHORIZATION_MS),
  });
  await emitEvent(ctx.db, ctx.now, 'payment_intent.amount_capturable_updated', updated);
  return session;
}
