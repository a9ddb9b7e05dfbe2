import type { CheckoutLineItem, Coupon, SubscriptionDiscount } from '@flex-checkout/protocol';
import type { StoredSubscription } from './shapes.js';
import { toIso } from '../clock.js';
import { priceLines } from '../pricing/totals.js';
import { periodBoundary } from './schedule.js';

/**
 * How long a coupon lasts on a subscription, as Stripe counts it: `once` on the first
 * invoice (the first period), `repeating` for `duration_in_months` from the start, `forever`
 * for good.
 */
export function subscriptionDiscount(coupon: Coupon, promoCode: string | null, startMs: number, firstPeriodEndMs: number): SubscriptionDiscount {
  const end =
    coupon.duration === 'forever'
      ? null
      : coupon.duration === 'once'
        ? firstPeriodEndMs
        : periodBoundary(startMs, 1, { interval: 'monthly', interval_count: coupon.duration_in_months ?? 1 });
  return { coupon, promo_code: promoCode, start: toIso(startMs), end: end === null ? null : toIso(end) };
}

/** Whether a discount still applies to a period that starts at `periodStartMs`. */
export const discountApplies = (discount: SubscriptionDiscount | null, periodStartMs: number): discount is SubscriptionDiscount =>
  discount !== null && (discount.end === null || periodStartMs < Date.parse(discount.end));

/** A period's invoice lines: the subscription's items, priced with its coupon while it lasts. */
export function discountedLines(subscription: StoredSubscription, periodStartMs: number): CheckoutLineItem[] {
  // The line each item bills: the item less its own ID, times and mode, which are not an invoice line's.
  const base = subscription.items.map(({ amount, subscription_item_id: _id, created_at: _created, updated_at: _updated, test_mode: _mode, ...line }) => ({
    ...line,
    amount_subtotal: amount,
  }));
  const coupon = discountApplies(subscription.discount, periodStartMs) ? subscription.discount.coupon : null;
  return priceLines(base, { coupon }).lines;
}
