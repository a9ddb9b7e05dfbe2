import type { SubscriptionCreateRequest } from '@flex-checkout/protocol';
import type { StoredSubscription } from './shapes.js';
import type { z } from 'zod';
import { toIso, toUnixSeconds } from '../clock.js';
import { emitEvent } from '../events/outbox.js';
import { invalid, notFound } from '../http/errors.js';
import { newId } from '../ids.js';
import { redeemDiscounts, resolveDiscount } from '../pricing/discounts.js';
import { resolveLineItems } from '../resources/checkout/line-items.js';
import { customers, usableDefault } from '../resources/customers.js';
import type { BillingContext } from './context.js';
import { invoiceLine, openInvoice } from './invoices.js';
import { collectInvoice } from './renewals.js';
import { DAY_MS, periodBoundary } from './schedule.js';
import { subscriptions } from './store.js';
import { itemsOf } from './subscriptions.js';
import { discountedLines, subscriptionDiscount } from './subscription-discounts.js';

type CreateInput = z.output<typeof SubscriptionCreateRequest>['subscription'];
const LOC = ['body', 'subscription'];

/**
 * `POST /v1/subscriptions`: a subscription for an existing customer, with no checkout. Its
 * first invoice is charged at once, off session, to `default_payment_method` or the
 * customer's default card (a product that needs a letter needs a valid one on file, as every
 * renewal does): paid, it is `active`; failed, it is `incomplete` until that invoice is paid,
 * and `incomplete_expired` 23 hours later. With a trial it is `trialing` and charges at its end.
 */
export async function createSubscription(ctx: BillingContext, input: CreateInput): Promise<StoredSubscription> {
  const customer = await customers.get(ctx.db, input.customer);
  if (!customer) throw notFound([...LOC, 'customer'], 'customer', input.customer);
  const lines = await resolveLineItems(ctx.db, ctx.now, input.items, [...LOC, 'items']);
  const nonRecurring = lines.findIndex((l) => !l.recurring);
  if (nonRecurring >= 0) throw invalid([...LOC, 'items', nonRecurring, 'price'], 'A subscription takes recurring prices only');
  const first = lines[0]!.recurring!;
  if (
    lines.some((l) => l.recurring!.interval !== first.interval || l.recurring!.interval_count !== first.interval_count || l.currency !== lines[0]!.currency)
  ) {
    throw invalid([...LOC, 'items'], 'All prices of one subscription bill on the same interval, in one currency');
  }
  const visitTypes = new Set(lines.filter((l) => l.hsa_fsa_eligibility === 'letter_of_medical_necessity').map((l) => l.visit_type));
  if (visitTypes.size > 1) throw invalid([...LOC, 'items'], 'These prices need letters for different visit types; make one subscription for each');
  const paymentMethod = input.default_payment_method
    ? await usableDefault(ctx.db, customer.customer_id, input.default_payment_method, [...LOC, 'default_payment_method'])
    : null;
  const ref = input.discounts?.[0] ?? (input.coupon ? { coupon: input.coupon } : undefined);
  const discount = ref ? await resolveDiscount(ctx.db, ref, { customer: customer.customer_id, lines }, [...LOC, input.coupon ? 'coupon' : 'discounts']) : null;

  const start = Math.floor(ctx.now / 1000) * 1000;
  const trialDays = input.trial_period_days ?? Math.max(0, ...lines.map((l) => l.recurring!.trial_period_days ?? 0));
  const trialEnd = trialDays > 0 ? start + trialDays * DAY_MS : null;
  const anchor = trialEnd ?? start;
  const periodEnd = trialEnd ?? periodBoundary(anchor, 1, first);
  let subscription: StoredSubscription = {
    subscription_id: newId('subscription', ctx.now),
    customer: customer.customer_id,
    status: trialEnd ? 'trialing' : 'incomplete',
    ...itemsOf(lines, ctx.now),
    currency: lines[0]!.currency,
    billing_cycle_anchor: toUnixSeconds(anchor),
    current_period_start: toUnixSeconds(start),
    current_period_end: toUnixSeconds(periodEnd),
    trial_start: trialEnd ? toUnixSeconds(start) : null,
    trial_end: trialEnd ? toUnixSeconds(trialEnd) : null,
    default_payment_method: paymentMethod,
    cancel_at_period_end: input.cancel_at_period_end,
    cancel_at: null,
    proration_behavior: 'none',
    canceled_at: null,
    ended_at: null,
    cancellation_reason: null,
    latest_invoice: null,
    checkout_session: null,
    discount: discount ? subscriptionDiscount(discount.coupon, discount.promoCode?.promo_code_id ?? null, start, periodEnd) : null,
    metadata: input.metadata ?? null,
    created_at: toIso(ctx.now),
    test_mode: true,
  };
  await subscriptions.insert(ctx.db, subscription);
  if (discount) {
    await redeemDiscounts(ctx, {
      customer: customer.customer_id,
      discounts: [{ coupon: discount.coupon.coupon_id, promo_code: discount.promoCode?.promo_code_id ?? null }],
    });
  }
  await emitEvent(ctx.db, ctx.now, 'customer.subscription.created', subscription);
  if (trialEnd) return subscription;

  const period = { start: toUnixSeconds(start), end: toUnixSeconds(periodEnd) };
  const invoice = await openInvoice(ctx, {
    customer: customer.customer_id,
    subscription: subscription.subscription_id,
    billing_reason: 'subscription_create',
    currency: subscription.currency,
    lines: discountedLines(subscription, start).map((l) => invoiceLine(l, period)),
    period_start: period.start,
    period_end: period.end,
    checkout_session: null,
  });
  subscription = await subscriptions.update(ctx.db, { ...subscription, latest_invoice: invoice.invoice_id });
  // Not on the retry schedule: an incomplete subscription waits for its first invoice to be paid.
  await collectInvoice(ctx, invoice, { scheduled: false });
  return (await subscriptions.get(ctx.db, subscription.subscription_id))!;
}
