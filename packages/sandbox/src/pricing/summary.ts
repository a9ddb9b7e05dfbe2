import { shippableCountries, type CheckoutSession, type SummaryCharge, type SummaryDiscount } from '@flex-checkout/protocol';
import type { Db } from '../db/collection.js';
import { couponsOf } from './discounts.js';

/** The summary's fields besides its lines (protocol's summary.ts), from the session as priced. */
export interface SessionSummary {
  discounts: SummaryDiscount[];
  shipping: SummaryCharge | null;
  tax: SummaryCharge | null;
  shipping_address_collection: boolean;
  shipping_allowed_countries: string[] | null;
  shipping_address: {
    line1: string | null;
    line2: string | null;
    city: string | null;
    state: string | null;
    postal_code: string | null;
    country: string | null;
  } | null;
  allow_promotion_codes: boolean;
}

/**
 * What the shopper is shown of a session's discounts, shipping and tax, in the browser's view
 * and on the hosted page alike: the amounts the session was priced with, never summed again.
 */
export async function sessionSummary(db: Db, session: CheckoutSession): Promise<SessionSummary> {
  const found = await couponsOf(db, session.discounts);
  const discounts: SummaryDiscount[] = found.map(({ coupon, promo }, i) => ({
    name: coupon.name,
    code: promo?.code ?? null,
    percent_off: coupon.percent_off,
    amount_off: coupon.amount_off,
    duration: coupon.duration,
    duration_in_months: coupon.duration_in_months,
    // One discount a session (as Stripe's promo codes): the whole of it is this one's.
    amount: i === 0 ? session.total_details.amount_discount : 0,
  }));
  const option = session.shipping_options?.[0];
  const { shipping_address_id: _id, ...address } = session.shipping_details ?? { shipping_address_id: null };
  return {
    discounts,
    shipping: option ? { display_name: option.display_name, amount: option.shipping_amount } : null,
    tax: session.tax_rate ? { display_name: session.tax_rate.display_name, amount: session.tax_rate.amount } : null,
    shipping_address_collection: session.shipping_address_collection,
    shipping_allowed_countries: session.shipping_address_collection ? shippableCountries(session.shipping_allowed_countries) : null,
    shipping_address: session.shipping_details ? (address as SessionSummary['shipping_address']) : null,
    allow_promotion_codes: session.allow_promotion_codes,
  };
}
