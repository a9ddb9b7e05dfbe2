import type { CheckoutSession, PaymentIntent } from '@flex-checkout/protocol';
import { emitEvent } from '../../events/outbox.js';
import { openDispute } from '../../money/disputes.js';
import { recordCharge } from '../../money/ledger.js';
import { behaviourOf } from '../../payments/processor.js';
import { accepted } from '../../payments/intents.js';
import { paymentIntents } from '../../payments/store.js';
import { redeemDiscounts } from '../../pricing/discounts.js';
import { requireShippingAddress } from '../../pricing/shipping.js';
import { customers, updateCustomer } from '../customers.js';
import type { PayContext } from './complete.js';

/**
 * What complete.ts asks of the money and pricing side, kept here so the confirm itself stays
 * one readable path: checks before a card is tried, and what a completed payment records.
 */

/** Before any card is tried: a session that collects an address has one. */
export function beforePayment(_ctx: PayContext, session: CheckoutSession): Promise<void> {
  requireShippingAddress(session);
  return Promise.resolve();
}

/** An intent whose 3-D Secure challenge passed: captured now, or held for a manual capture. */
export const authenticatedIntent = (intent: PaymentIntent, now: number): PaymentIntent => accepted(intent, now);

/**
 * A session's payment went through (or its card was saved): its discounts are redeemed (a
 * coupon past its redemptions refuses the whole completion, 409, under the coupon's row
 * lock), the session names its payment intent and what it received, the charge enters the
 * balance (with its fee) or the authorization is announced, and a customer without a
 * shipping address keeps the one given.
 */
export async function afterPayment(ctx: PayContext, session: CheckoutSession): Promise<CheckoutSession> {
  await redeemDiscounts(ctx, session);
  let completed = session;
  const pi = session.payment_intent_id ? await paymentIntents.get(ctx.db, session.payment_intent_id) : undefined;
  if (pi) {
    completed = {
      ...completed,
      payment_intent: pi.payment_intent_id,
      payment_intents: [...new Set([...session.payment_intents, pi.payment_intent_id])],
      amount_received: pi.amount_received,
      latest_charge: pi.latest_charge,
    };
    if (pi.status === 'succeeded' && pi.amount_received > 0) await recordCharge(ctx.db, ctx.now, pi, pi.amount_received, session.client_reference_id);
    if (pi.status === 'requires_capture') await emitEvent(ctx.db, ctx.now, 'payment_intent.amount_capturable_updated', pi);
    // The disputing test card (4000 0000 0000 0259): its cardholder disputes the charge at once.
    if (pi.status === 'succeeded' && pi.payment_method && (await behaviourOf(ctx.db, pi.payment_method)) === 'disputes') {
      const dispute = await openDispute(ctx, { pi, session: null, reason: 'fraudulent' });
      completed = { ...completed, disputes: [...completed.disputes, dispute.dispute_id], amount_disputed: completed.amount_disputed + dispute.amount };
    }
  }
  if (completed.shipping_details && completed.customer) {
    const customer = await customers.get(ctx.db, completed.customer);
    if (customer && !customer.shipping) await updateCustomer(ctx.db, ctx.now, { ...customer, shipping: completed.shipping_details });
  }
  return completed;
}
