import type { SubscriptionUpdateRequest } from '@flex-checkout/protocol';
import type { z } from 'zod';
import { toUnixSeconds } from '../clock.js';
import { conflict, invalid } from '../http/errors.js';
import { redeemDiscounts, resolveDiscount } from '../pricing/discounts.js';
import { resolveLineItems } from '../resources/checkout/line-items.js';
import type { BillingContext } from './context.js';
import { nextPeriodEnd } from './schedule.js';
import { itemsStoredWith, type StoredSubscription } from './shapes.js';
import { subscriptionDiscount } from './subscription-discounts.js';
import { itemsOf } from './subscriptions.js';

type Changes = z.output<typeof SubscriptionUpdateRequest>['subscription'];
const LOC = ['body', 'subscription'];

/** Unix seconds of a moment given as Unix seconds or ISO 8601. */
const secondsOf = (moment: number | string) => (typeof moment === 'number' ? moment : toUnixSeconds(Date.parse(moment)));

/**
 * A subscription with an update's changes, as Flex documents the update (Stripe's behaviour
 * where its docs are silent): new `items` bill from the next period (the sandbox never
 * prorates, whatever `proration_behavior` says); `trial_end` moves the end of a trial
 * (`"now"` ends it: the next renewal is due at once); `cancel_at` schedules the end (it must be
 * in the future; null clears it); `coupon` applies from the next invoice (null removes the
 * discount). The card, `cancel_at_period_end` and `metadata` change as given.
 */
export async function applySubscriptionUpdate(ctx: BillingContext, subscription: StoredSubscription, changes: Changes): Promise<StoredSubscription> {
  const nowS = toUnixSeconds(ctx.now);
  const { items, trial_end, cancel_at, coupon, ...plain } = changes;
  let next: StoredSubscription = { ...subscription, ...plain };
  if (items) {
    const lines = await resolveLineItems(ctx.db, ctx.now, items, [...LOC, 'items']);
    const interval = subscription.items[0]!.recurring;
    const wrong = lines.findIndex(
      (l) =>
        !l.recurring ||
        l.recurring.interval !== interval.interval ||
        l.recurring.interval_count !== interval.interval_count ||
        l.currency !== subscription.currency,
    );
    if (wrong >= 0)
      throw invalid([...LOC, 'items', wrong, 'price'], 'A new price must be recurring, in the same currency, on the same interval as the subscription');
    const visitTypes = new Set(lines.filter((l) => l.hsa_fsa_eligibility === 'letter_of_medical_necessity').map((l) => l.visit_type));
    if (visitTypes.size > 1) throw invalid([...LOC, 'items'], 'These prices need letters for different visit types');
    next = { ...next, ...itemsOf(lines, ctx.now, itemsStoredWith(subscription)) };
  }
  if (trial_end !== undefined) {
    if (subscription.status !== 'trialing') throw conflict([...LOC, 'trial_end'], `This subscription is ${subscription.status}, not in a trial`);
    const end = trial_end === 'now' ? nowS : secondsOf(trial_end);
    if (end < nowS) throw invalid([...LOC, 'trial_end'], 'trial_end is "now" or a moment in the future');
    next = { ...next, trial_end: end, current_period_end: end, billing_cycle_anchor: end };
  }
  if (cancel_at !== undefined) {
    const at = cancel_at === null ? null : secondsOf(cancel_at);
    if (at !== null && at <= nowS) throw invalid([...LOC, 'cancel_at'], 'cancel_at is a moment in the future');
    next = { ...next, cancel_at: at };
  }
  if (coupon !== undefined) {
    if (coupon === null) next = { ...next, discount: null };
    else {
      const { coupon: found } = await resolveDiscount(ctx.db, { coupon }, { customer: subscription.customer, lines: next.items }, [...LOC, 'coupon']);
      await redeemDiscounts(ctx, { customer: subscription.customer, discounts: [{ coupon: found.coupon_id, promo_code: null }] });
      // From the next invoice: `once` covers that one period.
      const from = next.current_period_end * 1000;
      const firstEnd = nextPeriodEnd(next.billing_cycle_anchor * 1000, from, next.items[0]!.recurring);
      next = { ...next, discount: subscriptionDiscount(found, null, from, firstEnd) };
    }
  }
  return next;
}
