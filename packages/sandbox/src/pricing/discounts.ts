import type { CheckoutLineItem, CheckoutSession, Coupon, PromoCode, SessionDiscount } from '@flex-checkout/protocol';
import type { Db } from '../db/collection.js';
import type { Dialect } from '../db/open.js';
import { conflict, invalid, notFound } from '../http/errors.js';
import { couponCovers } from './totals.js';
import { coupons, promoCodes } from './store.js';

type Loc = (string | number)[];

/** What a discount names: a coupon, or a promo code for one. */
export interface DiscountRef {
  coupon?: string | undefined;
  promo_code?: string | undefined;
  promotion_code?: string | undefined;
}

export interface ResolvedDiscount {
  coupon: Coupon;
  promoCode: PromoCode | null;
}

const exhausted = (used: number, max: number | null) => max !== null && used >= max;

/** Why a coupon or promo code cannot be redeemed now, or null when it can. */
function refusal(coupon: Coupon, promo: PromoCode | null, customer: string | null): string | null {
  if (exhausted(coupon.times_redeemed, coupon.max_redemptions)) return 'This coupon has been redeemed its max_redemptions times';
  if (!promo) return null;
  if (!promo.active) return 'This promo code is not active';
  if (exhausted(promo.times_redeemed, promo.max_redemptions)) return 'This promo code has been redeemed its max_redemptions times';
  if (promo.customer && promo.customer !== customer) return 'This promo code belongs to another customer';
  return null;
}

/**
 * The coupon a session's discount names, checked as Stripe checks it when a session is made
 * or a code is typed: it exists, can still be redeemed (by this customer, for a promo code
 * restricted to one), and applies to at least one of the lines. Redemptions are counted only
 * when the session completes (`redeemDiscounts`).
 */
export async function resolveDiscount(
  db: Db,
  ref: DiscountRef,
  context: { customer: string | null; lines: readonly Pick<CheckoutLineItem, 'product'>[] },
  loc: Loc,
): Promise<ResolvedDiscount> {
  let promo: PromoCode | null = null;
  let couponId = ref.coupon;
  const promoId = ref.promo_code ?? ref.promotion_code;
  if (promoId) {
    const found = await promoCodes.get(db, promoId);
    if (!found) throw notFound([...loc, ref.promo_code ? 'promo_code' : 'promotion_code'], 'promo code', promoId);
    promo = found;
    couponId = found.coupon.coupon_id;
  }
  const coupon = await coupons.get(db, couponId!);
  if (!coupon) throw notFound([...loc, 'coupon'], 'coupon', couponId!);
  const why = refusal(coupon, promo, context.customer);
  if (why) throw invalid(loc, why);
  if (!context.lines.some((l) => couponCovers(coupon, l))) throw invalid(loc, "This coupon applies to none of this checkout's products");
  return { coupon, promoCode: promo ? { ...promo, coupon } : null };
}

/** The active promo code a shopper typed (codes match without regard to case), or undefined. */
export async function promoCodeByText(db: Db, code: string): Promise<PromoCode | undefined> {
  return promoCodes.findBy(db, 'code_key', code.trim().toUpperCase());
}

/** The coupon of each of a session's discounts, as it is now (for the summary). */
export async function couponsOf(
  db: Db,
  discounts: readonly SessionDiscount[],
): Promise<{ discount: SessionDiscount; coupon: Coupon; promo: PromoCode | null }[]> {
  const found = [];
  for (const discount of discounts) {
    const coupon = await coupons.get(db, discount.coupon);
    const promo = discount.promo_code ? ((await promoCodes.get(db, discount.promo_code)) ?? null) : null;
    if (coupon) found.push({ discount, coupon, promo });
  }
  return found;
}

/**
 * Counts a completing session's discounts as redeemed, under row locks (coupon, then promo
 * code), so two sessions racing for a coupon's last redemption take turns and the second is
 * refused (409) with nothing of its payment written: its whole transaction rolls back.
 */
export async function redeemDiscounts(ctx: { db: Db; dialect: Dialect }, session: Pick<CheckoutSession, 'discounts' | 'customer'>): Promise<void> {
  for (const discount of session.discounts) {
    const coupon = await coupons.getForUpdate(ctx.db, ctx.dialect, discount.coupon);
    if (!coupon) continue;
    const promo = discount.promo_code ? ((await promoCodes.getForUpdate(ctx.db, ctx.dialect, discount.promo_code)) ?? null) : null;
    const why = refusal(coupon, promo, session.customer);
    if (why) throw conflict(['body', 'discounts'], `${why}; nothing was charged. Start a new checkout without it.`);
    const times = coupon.times_redeemed + 1;
    const updated = await coupons.update(ctx.db, { ...coupon, times_redeemed: times, valid: !exhausted(times, coupon.max_redemptions) });
    if (promo) await promoCodes.update(ctx.db, { ...promo, coupon: updated, times_redeemed: promo.times_redeemed + 1 });
  }
}
