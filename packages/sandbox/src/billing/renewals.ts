import type { StoredInvoice, StoredSubscription } from './shapes.js';
import { toUnixSeconds } from '../clock.js';
import type { BillingContext } from './context.js';
import { attemptInvoice, invoiceLine, openInvoice, voidInvoice, type InvoiceAttempt } from './invoices.js';
import { INCOMPLETE_MS, nextPeriodEnd } from './schedule.js';
import { invoices } from './store.js';
import { discountedLines } from './subscription-discounts.js';
import { endSubscription, lockSubscription, saveSubscription, settleSubscriptionAfter } from './subscriptions.js';

/** One attempt at an open invoice and what it means for its subscription. */
export async function collectInvoice(
  ctx: BillingContext,
  invoice: StoredInvoice,
  options: { paymentMethod?: string; scheduled: boolean },
): Promise<InvoiceAttempt> {
  const attempt = await attemptInvoice(ctx, invoice, options);
  await settleSubscriptionAfter(ctx, attempt);
  return attempt;
}

/**
 * A subscription whose period has ended: it ends now if `cancel_at_period_end` was asked
 * for; otherwise it moves to the next period (`customer.subscription.updated`), a trial
 * turns `active`, and the new period's invoice is opened and charged off session. A
 * subscription that is `past_due` still moves on: each period's invoice keeps its own retries.
 * Does nothing when another process got there first.
 */
export async function renewSubscription(ctx: BillingContext, id: string): Promise<void> {
  const subscription = await lockSubscription(ctx, id);
  if (subscription?.status === 'incomplete') {
    await expireIncomplete(ctx, subscription);
    return;
  }
  if (!subscription || subscription.status === 'canceled') return;
  // A scheduled end (`cancel_at`) comes first, when it falls before the period's end.
  if (subscription.cancel_at && subscription.cancel_at * 1000 <= ctx.now && subscription.cancel_at <= subscription.current_period_end) {
    await endSubscription(ctx, subscription, 'requested', subscription.cancel_at * 1000);
    return;
  }
  if (subscription.current_period_end * 1000 > ctx.now) return;
  if (subscription.cancel_at_period_end) {
    await endSubscription(ctx, subscription, 'requested', subscription.current_period_end * 1000);
    return;
  }
  const interval = subscription.items[0]!.recurring;
  const start = subscription.current_period_end;
  const end = toUnixSeconds(nextPeriodEnd(subscription.billing_cycle_anchor * 1000, start * 1000, interval));
  const period = { start, end };
  const invoice = await openInvoice(ctx, {
    customer: subscription.customer,
    subscription: subscription.subscription_id,
    billing_reason: 'subscription_cycle',
    currency: subscription.currency,
    // The coupon still applies while its duration lasts (subscription-discounts.ts).
    lines: discountedLines(subscription, start * 1000).map((line) => invoiceLine(line, period)),
    period_start: start,
    period_end: end,
    checkout_session: null,
  });
  await saveSubscription(ctx, subscription, {
    ...subscription,
    status: subscription.status === 'trialing' ? 'active' : subscription.status,
    current_period_start: start,
    current_period_end: end,
    latest_invoice: invoice.invoice_id,
  });
  await collectInvoice(ctx, invoice, { scheduled: true });
}

/** An `incomplete` subscription whose first invoice went unpaid for 23 hours: `incomplete_expired`, its invoice voided. */
async function expireIncomplete(ctx: BillingContext, subscription: StoredSubscription): Promise<void> {
  if (Date.parse(subscription.created_at) + INCOMPLETE_MS > ctx.now) return;
  const open = await ctx.db
    .selectFrom('invoices')
    .select('id')
    .where('subscription_id', '=', subscription.subscription_id)
    .where('status', '=', 'open')
    .execute();
  for (const { id } of open) {
    const invoice = (await invoices.getForUpdate(ctx.db, ctx.dialect, id))!;
    if (invoice.status === 'open') await voidInvoice(ctx, invoice);
  }
  await saveSubscription(ctx, subscription, { ...subscription, status: 'incomplete_expired', ended_at: toUnixSeconds(ctx.now) });
}

/** A scheduled retry of an open invoice; nothing when it was paid or retried meanwhile. */
export async function retryInvoice(ctx: BillingContext, id: string): Promise<void> {
  const seen = await invoices.get(ctx.db, id);
  if (!seen) return;
  if (seen.subscription) await lockSubscription(ctx, seen.subscription);
  const invoice = await invoices.getForUpdate(ctx.db, ctx.dialect, id);
  if (!invoice || invoice.status !== 'open' || invoice.next_payment_attempt === null || invoice.next_payment_attempt * 1000 > ctx.now) return;
  await collectInvoice(ctx, invoice, { scheduled: true });
}
