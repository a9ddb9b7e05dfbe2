import type { CheckoutLineItem, CheckoutSession, SubscriptionItem } from '@flex-checkout/protocol';
import type { StoredInvoice, StoredSubscription } from './shapes.js';
import { toIso, toUnixSeconds } from '../clock.js';
import { emitEvent } from '../events/outbox.js';
import { notFound } from '../http/errors.js';
import { newId } from '../ids.js';
import type { BillingContext } from './context.js';
import { invoiceLine, markInvoicePaid, openInvoice, voidInvoice, type InvoiceAttempt } from './invoices.js';
import { DAY_MS, periodBoundary } from './schedule.js';
import { invoices, subscriptions } from './store.js';
import { coupons } from '../pricing/store.js';
import { subscriptionDiscount } from './subscription-discounts.js';

/**
 * Locks a subscription for the rest of the transaction (PostgreSQL; SQLite runs one
 * transaction at a time). Whatever touches a subscription and its invoices locks the
 * subscription first, so two such transactions never wait on each other in a circle.
 */
export async function lockSubscription(ctx: BillingContext, id: string): Promise<StoredSubscription | undefined> {
  return subscriptions.getForUpdate(ctx.db, ctx.dialect, id);
}

/** Saves a changed subscription; `customer.subscription.updated` when anything changed. */
export async function saveSubscription(ctx: BillingContext, before: StoredSubscription, after: StoredSubscription): Promise<StoredSubscription> {
  if (JSON.stringify(before) === JSON.stringify(after)) return before;
  await subscriptions.update(ctx.db, after);
  await emitEvent(ctx.db, ctx.now, 'customer.subscription.updated', after);
  return after;
}

/** The session's coupon, as the subscription carries it on. */
async function discountOfSession(ctx: BillingContext, session: CheckoutSession, startMs: number, firstPeriodEndMs: number) {
  const [first] = session.discounts;
  const coupon = first ? await coupons.get(ctx.db, first.coupon) : undefined;
  return coupon ? subscriptionDiscount(coupon, first!.promo_code, startMs, firstPeriodEndMs) : null;
}

/**
 * An item for a recurring line. Flex documents each item's `subscription_item_id`,
 * `created_at`, `updated_at` and `test_mode`: an item whose price was already on the
 * subscription (an update that keeps it) keeps its ID and `created_at`, and its `updated_at`
 * while its quantity is the same.
 */
function toItem(line: CheckoutLineItem, nowMs: number, kept: SubscriptionItem | undefined): SubscriptionItem {
  const now = toIso(nowMs);
  return {
    subscription_item_id: kept?.subscription_item_id ?? newId('subscription_item', nowMs),
    price: line.price,
    product: line.product,
    name: line.name,
    description: line.description,
    quantity: line.quantity,
    unit_amount: line.unit_amount,
    // Before any discount: each period's invoice applies the coupon while it lasts.
    amount: line.amount_subtotal,
    currency: line.currency,
    recurring: line.recurring!,
    visit_type: line.visit_type,
    hsa_fsa_eligibility: line.hsa_fsa_eligibility,
    created_at: kept?.created_at ?? now,
    updated_at: kept && kept.quantity === line.quantity && kept.unit_amount === line.unit_amount ? kept.updated_at : now,
    test_mode: true,
  };
}

/**
 * A subscription's items from its recurring lines, and what they make of it: the amount of a
 * period before any discount, and the visit type and letter its renewals need (a line that
 * needs a letter names it; else any line's visit type). At checkout, on create and on update
 * (`before`: the items it had, whose IDs carry on where their price stays).
 */
export function itemsOf(
  lines: CheckoutLineItem[],
  nowMs: number,
  before: SubscriptionItem[] = [],
): Pick<StoredSubscription, 'items' | 'amount' | 'visit_type' | 'letter_of_medical_necessity_required'> {
  const items = lines.map((line) =>
    toItem(
      line,
      nowMs,
      before.find((item) => item.price === line.price),
    ),
  );
  const needLetter = items.find((i) => i.hsa_fsa_eligibility === 'letter_of_medical_necessity');
  return {
    items,
    amount: items.reduce((sum, i) => sum + i.amount, 0),
    visit_type: needLetter?.visit_type ?? items.find((i) => i.visit_type)?.visit_type ?? null,
    letter_of_medical_necessity_required: needLetter !== undefined,
  };
}

/** The longest trial among the session's recurring prices, in days (0: none). */
export const trialDaysOf = (session: CheckoutSession) => Math.max(0, ...session.line_items.map((l) => l.recurring?.trial_period_days ?? 0));

/**
 * The subscription a completed `subscription` session starts (`customer.subscription.created`).
 * Without a trial it is `active` and its first invoice (every line of the session) is paid
 * by the session's payment intent. With one it is `trialing` until `trial_end`, the first
 * renewal; one-time lines of the session were still charged at checkout, on a first invoice
 * of their own. The card the shopper entered becomes the subscription's default.
 */
export async function startSubscription(ctx: BillingContext, session: CheckoutSession, paymentMethod: string): Promise<StoredSubscription> {
  const priced = itemsOf(
    session.line_items.filter((l) => l.recurring),
    ctx.now,
  );
  const interval = priced.items[0]!.recurring;
  // Whole seconds, as the API shows periods: boundaries computed from the anchor stay exact.
  const start = Math.floor(ctx.now / 1000) * 1000;
  const trialDays = trialDaysOf(session);
  const trialEnd = trialDays > 0 ? start + trialDays * DAY_MS : null;
  const anchor = trialEnd ?? start;
  const periodEnd = trialEnd ?? periodBoundary(anchor, 1, interval);

  let subscription: StoredSubscription = {
    subscription_id: newId('subscription', ctx.now),
    customer: session.customer!,
    status: trialEnd ? 'trialing' : 'active',
    ...priced,
    currency: session.currency,
    billing_cycle_anchor: toUnixSeconds(anchor),
    current_period_start: toUnixSeconds(start),
    current_period_end: toUnixSeconds(periodEnd),
    trial_start: trialEnd ? toUnixSeconds(start) : null,
    trial_end: trialEnd ? toUnixSeconds(trialEnd) : null,
    default_payment_method: paymentMethod,
    cancel_at_period_end: false,
    cancel_at: null,
    proration_behavior: 'none',
    canceled_at: null,
    ended_at: null,
    cancellation_reason: null,
    latest_invoice: null,
    checkout_session: session.checkout_session_id,
    discount: await discountOfSession(ctx, session, start, periodEnd),
    metadata: session.subscription_data?.metadata ?? session.metadata,
    created_at: toIso(ctx.now),
    test_mode: true,
  };
  await subscriptions.insert(ctx.db, subscription);

  const firstLines = trialEnd ? session.line_items.filter((l) => !l.recurring) : session.line_items;
  if (firstLines.length > 0 && session.payment_intent_id) {
    const period = { start: toUnixSeconds(start), end: toUnixSeconds(periodEnd) };
    const invoice = await openInvoice(ctx, {
      customer: subscription.customer,
      subscription: subscription.subscription_id,
      billing_reason: 'subscription_create',
      currency: session.currency,
      lines: firstLines.map((l) => invoiceLine(l, period)),
      period_start: period.start,
      period_end: period.end,
      checkout_session: session.checkout_session_id,
      amount_shipping: session.total_details.amount_shipping ?? 0,
      amount_tax: session.total_details.amount_tax ?? 0,
    });
    await markInvoicePaid(ctx, invoice, { paymentIntent: session.payment_intent_id, paymentMethod });
    subscription = await subscriptions.update(ctx.db, { ...subscription, latest_invoice: invoice.invoice_id });
  }
  await emitEvent(ctx.db, ctx.now, 'customer.subscription.created', subscription);
  return subscription;
}

/**
 * Ends a subscription now (`customer.subscription.deleted`): it never bills again, and its
 * open invoices are voided. `payment_failed` when its last retry failed, else `requested`.
 */
export async function endSubscription(
  ctx: BillingContext,
  subscription: StoredSubscription,
  reason: 'requested' | 'payment_failed',
  endedAt = ctx.now,
): Promise<StoredSubscription> {
  const open = await ctx.db
    .selectFrom('invoices')
    .select('id')
    .where('subscription_id', '=', subscription.subscription_id)
    .where('status', '=', 'open')
    .orderBy('id')
    .execute();
  for (const { id } of open) {
    const invoice = (await invoices.getForUpdate(ctx.db, ctx.dialect, id))!;
    if (invoice.status === 'open') await voidInvoice(ctx, invoice);
  }
  const ended: StoredSubscription = {
    ...subscription,
    status: 'canceled',
    canceled_at: subscription.canceled_at ?? toUnixSeconds(ctx.now),
    ended_at: toUnixSeconds(endedAt),
    cancellation_reason: reason,
  };
  await subscriptions.update(ctx.db, ended);
  await emitEvent(ctx.db, ctx.now, 'customer.subscription.deleted', ended);
  return ended;
}

/**
 * What an invoice attempt means for its subscription: a failure makes it `past_due`; the
 * last retry failing ends it; a payment makes it `active` again once nothing is left open.
 */
export async function settleSubscriptionAfter(ctx: BillingContext, attempt: InvoiceAttempt): Promise<void> {
  const { invoice } = attempt;
  if (!invoice.subscription) return;
  const subscription = (await lockSubscription(ctx, invoice.subscription))!;
  if (subscription.status === 'canceled' || subscription.status === 'incomplete_expired') return;
  if (attempt.exhausted) {
    await endSubscription(ctx, subscription, 'payment_failed');
  } else if (attempt.error) {
    if (subscription.status === 'active' || subscription.status === 'trialing') {
      await saveSubscription(ctx, subscription, { ...subscription, status: 'past_due' });
    }
  } else if ((subscription.status === 'past_due' || subscription.status === 'incomplete') && !(await hasOpenInvoice(ctx, subscription.subscription_id))) {
    await saveSubscription(ctx, subscription, { ...subscription, status: 'active' });
  }
}

async function hasOpenInvoice(ctx: BillingContext, subscriptionId: string): Promise<boolean> {
  const row = await ctx.db.selectFrom('invoices').select('id').where('subscription_id', '=', subscriptionId).where('status', '=', 'open').executeTakeFirst();
  return row !== undefined;
}

/** An open invoice, its subscription locked first (see `lockSubscription`), or a 404 at `loc`. */
export async function lockOpenableInvoice(ctx: BillingContext, id: string, loc: (string | number)[]): Promise<StoredInvoice> {
  const seen = await invoices.get(ctx.db, id);
  if (!seen) throw notFound(loc, 'invoice', id);
  if (seen.subscription) await lockSubscription(ctx, seen.subscription);
  return (await invoices.getForUpdate(ctx.db, ctx.dialect, id))!;
}
