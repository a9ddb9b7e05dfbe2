import type { CheckoutSession } from '@flex-checkout/protocol';
import type { Db } from '../db/collection.js';
import { ApiError } from '../http/errors.js';
import { sessions } from '../resources/checkout/store.js';
import { promoCodeByText, resolveDiscount } from './discounts.js';
import { repriceSession } from './session.js';

/**
 * A promo code the shopper typed (or `null` to remove the one applied), for the hosted page
 * and the browser API alike: the session priced again and saved. Answers why a code was
 * refused (an unknown code and an unusable one read the same: "not valid"), or null.
 */
export async function applyPromotionCode(db: Db, session: CheckoutSession, code: string | null): Promise<string | null> {
  if (!session.allow_promotion_codes || session.mode === 'setup' || session.invoice) return 'This checkout does not take promo codes';
  if (code === null) {
    await sessions.update(db, await repriceSession(db, session, []));
    return null;
  }
  const promo = await promoCodeByText(db, code);
  if (!promo) return 'This promo code is not valid';
  try {
    const { coupon } = await resolveDiscount(db, { promo_code: promo.promo_code_id }, { customer: session.customer, lines: session.line_items }, [
      'body',
      'code',
    ]);
    await sessions.update(db, await repriceSession(db, session, [{ coupon: coupon.coupon_id, promo_code: promo.promo_code_id }]));
    return null;
  } catch (error) {
    if (error instanceof ApiError && error.status === 422) return error.detail[0]!.msg;
    throw error;
  }
}
