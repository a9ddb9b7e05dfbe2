import type { CheckoutSession, PaymentIntent, Refund, RefundItem, RefundReason, SessionRefundRequest } from '@flex-checkout/protocol';
import type { z } from 'zod';
import { toIso } from '../clock.js';
import { emitEvent } from '../events/outbox.js';
import { conflict, invalid } from '../http/errors.js';
import { newId, secretToken } from '../ids.js';
import { paymentMethods } from '../payments/store.js';
import { documentedLineId } from '../resources/checkout/present.js';
import { sessions } from '../resources/checkout/store.js';
import { chargeOf, disputedOf, refundedOf, type MoneyContext } from './charges.js';
import { record } from './ledger.js';
import { refunds } from './store.js';

type Loc = (string | number)[];
type SessionRefundInput = NonNullable<z.output<typeof SessionRefundRequest>['checkout_session']>;

/** How much of a payment can still be refunded: what it received, less refunds and what disputes hold. */
export async function refundableOf(ctx: MoneyContext, pi: PaymentIntent): Promise<number> {
  const disputes = await disputedOf(ctx.db, pi.payment_intent_id);
  return pi.amount_received - (await refundedOf(ctx.db, pi.payment_intent_id)) - disputes.held;
}

/**
 * Why a payment cannot be refunded now, or null. A held authorization is released with
 * `…/cancel`, not refunded (Stripe's rule); an open dispute freezes the charge until it closes.
 */
async function refusal(ctx: MoneyContext, pi: PaymentIntent): Promise<string | null> {
  if (pi.status === 'requires_capture' && pi.amount_received === 0)
    return 'This payment is authorized but not captured: cancel the authorization instead of refunding it';
  if (pi.amount_received === 0) return `This payment has received nothing to refund (it is ${pi.status})`;
  if ((await disputedOf(ctx.db, pi.payment_intent_id)).open) return 'This charge is disputed: it cannot be refunded until the dispute closes';
  return null;
}

export interface RefundPlan {
  amount: number;
  items: RefundItem[];
}

/**
 * What a session refund gives back. `{}`: everything left. `line_items`: each named line (by
 * product or price) for `amount_to_refund`, by default its whole remaining total; then
 * `amount_tax` and `amount_shipping` added and `amount_discount` taken off. `amount` alone:
 * that amount. A line cannot get back more than it cost less what it already got back.
 */
export async function planSessionRefund(ctx: MoneyContext, session: CheckoutSession, pi: PaymentIntent, input: SessionRefundInput): Promise<RefundPlan> {
  const loc: Loc = ['body', 'checkout_session'];
  const remaining = await refundableOf(ctx, pi);
  if (!input.line_items) {
    const extras = (input.amount_tax ?? 0) + (input.amount_shipping ?? 0) - (input.amount_discount ?? 0);
    if (input.amount === undefined && extras !== 0) {
      return { amount: extras, items: [{ line_item_id: null, product: null, price: null, amount: extras }] };
    }
    const amount = input.amount ?? remaining;
    return { amount, items: [{ line_item_id: null, product: null, price: null, amount }] };
  }
  const already = new Map<string, number>();
  for (const refund of session.refunds) {
    for (const item of refund.items) if (item.line_item_id) already.set(item.line_item_id, (already.get(item.line_item_id) ?? 0) + item.amount);
  }
  const items: RefundItem[] = [];
  for (const [i, ref] of input.line_items.entries()) {
    const index = session.line_items.findIndex((l) => (ref.price ? l.price === ref.price : l.product === ref.product));
    const at = [...loc, 'line_items', i, ref.price ? 'price' : 'product'];
    if (index < 0) throw invalid(at, `This checkout session has no line for ${ref.price ?? ref.product}`);
    const line = session.line_items[index]!;
    const id = documentedLineId(session, index);
    const left = line.amount_total - (already.get(id) ?? 0) - items.filter((x) => x.line_item_id === id).reduce((s, x) => s + x.amount, 0);
    const amount = ref.amount_to_refund ?? left;
    if (amount <= 0 || amount > left) {
      throw invalid(
        [...loc, 'line_items', i, 'amount_to_refund'],
        `This line has ${left} left to refund; ${amount} is ${amount <= 0 ? 'nothing' : 'more than that'}`,
      );
    }
    items.push({ line_item_id: id, product: line.product, price: line.price, amount });
  }
  const extras = (input.amount_tax ?? 0) + (input.amount_shipping ?? 0);
  if (extras > 0) items.push({ line_item_id: null, product: null, price: null, amount: extras });
  const amount = items.reduce((s, x) => s + x.amount, 0) - (input.amount_discount ?? 0);
  if (input.amount !== undefined && input.amount !== amount) {
    throw invalid([...loc, 'amount'], `amount (${input.amount}) is not what the lines, tax, shipping and discount come to (${amount}); give one or the other`);
  }
  return { amount, items };
}

/**
 * Refunds part or all of a payment, under the locks `lockPayment` took: never more than is
 * left (what was received, less earlier refunds and what disputes hold), so two refunds
 * racing for the last of it take turns and the second is refused. The refund, its balance
 * transaction and its events (`refund.created`, `charge.refunded`) are written together;
 * the session's `amount_refunded` and `refunds` follow.
 */
export async function createRefund(
  ctx: MoneyContext,
  {
    pi,
    session,
    plan,
    reason = null,
    metadata = null,
    loc,
  }: { pi: PaymentIntent; session: CheckoutSession | null; plan: RefundPlan; reason?: RefundReason | null; metadata?: Record<string, string> | null; loc: Loc },
): Promise<{ refund: Refund; session: CheckoutSession | null }> {
  const why = await refusal(ctx, pi);
  if (why) throw conflict(loc, why);
  const remaining = await refundableOf(ctx, pi);
  if (plan.amount <= 0) throw invalid(loc, 'A refund must be greater than zero');
  if (plan.amount > remaining) throw invalid(loc, `This refund (${plan.amount}) is more than is left to refund (${remaining})`);
  const refund: Refund = {
    refund_id: newId('refund', ctx.now),
    payment_intent_id: pi.payment_intent_id,
    charge_id: pi.latest_charge,
    checkout_session_id: pi.checkout_session,
    amount: plan.amount,
    currency: pi.currency,
    reason,
    status: 'succeeded',
    // Test mode traces a refund at once; the number is the sandbox's own.
    reference_id: `ARN${secretToken(9)
      .replace(/[^A-Za-z0-9]/g, '')
      .toUpperCase()
      .slice(0, 12)}`,
    reference_type: 'acquirer_reference_number',
    reference_status: 'available',
    items: plan.items,
    subscription_id: pi.invoice ? await subscriptionOfInvoice(ctx, pi.invoice) : null,
    invoice_id: pi.invoice,
    metadata,
    created_at: toIso(ctx.now),
    test_mode: true,
  };
  await refunds.insert(ctx.db, refund);
  await record(ctx.db, ctx.now, {
    type: 'refund',
    reporting_category: 'refund',
    amount: -refund.amount,
    source_id: refund.refund_id,
    pi,
    currency: pi.currency,
  });
  let updated: CheckoutSession | null = null;
  if (session) {
    updated = await sessions.update(ctx.db, { ...session, refunds: [...session.refunds, refund], amount_refunded: session.amount_refunded + refund.amount });
  }
  await emitEvent(ctx.db, ctx.now, 'refund.created', refund);
  await emitEvent(ctx.db, ctx.now, 'charge.refunded', await chargeOf(ctx.db, pi));
  return { refund, session: updated };
}

async function subscriptionOfInvoice(ctx: MoneyContext, invoiceId: string): Promise<string | null> {
  const row = await ctx.db.selectFrom('invoices').select('subscription_id').where('id', '=', invoiceId).executeTakeFirst();
  return row?.subscription_id ?? null;
}

/** How a refund splits across the session's cards: one card in the sandbox (no split cart). */
export async function allocate(
  ctx: MoneyContext,
  pi: PaymentIntent,
  amount: number,
  given: { payment_method_id: string; amount: number }[] | undefined,
  loc: Loc,
) {
  const card = pi.payment_method ? await paymentMethods.get(ctx.db, pi.payment_method) : undefined;
  if (!card) throw conflict(loc, 'This payment has no card to allocate to');
  if (given) {
    for (const [i, g] of given.entries()) {
      if (g.payment_method_id !== card.payment_method_id)
        throw invalid([...loc, 'payment_methods', i, 'payment_method_id'], 'This card did not pay for this checkout session');
    }
    const total = given.reduce((s, g) => s + g.amount, 0);
    if (total !== amount) throw invalid([...loc, 'payment_methods'], `The cards' amounts come to ${total}, not ${amount}`);
  }
  return { allocations: [{ payment_method_id: card.payment_method_id, last4: card.card.last4, amount }] };
}
