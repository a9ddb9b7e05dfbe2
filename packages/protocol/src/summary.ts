import { z } from 'zod';
import { Amount } from './common.js';
import { CouponDuration, PromoCodeText } from './promotions.js';
import { FlatAddress } from './shipping.js';

/**
 * What the order summary shows besides its lines, in either checkout (the in-page
 * `ClientSession` and the companion server's `HostedSession` carry the same fields): each
 * discount, the shipping and the tax, as the upstream priced them. The element shows these
 * numbers as given: `amount_subtotal − Σ discounts[].amount + shipping.amount + tax.amount`
 * is `amount_total`, decided upstream.
 */
export const SummaryDiscount = z.object({
  /** The coupon's name, else null (show the code, else a generic "Discount"). */
  name: z.string().nullable(),
  /** The promo code the shopper typed, when the discount came from one. */
  code: z.string().nullable(),
  percent_off: z.number().nullable(),
  amount_off: Amount.nullable(),
  /** How long it applies on a subscription: `once` (this payment), `repeating`, `forever`. */
  duration: CouponDuration,
  duration_in_months: z.int().nullable(),
  /** What it takes off this session. */
  amount: Amount,
});
export type SummaryDiscount = z.infer<typeof SummaryDiscount>;

/** A priced extra line: the shipping rate or the merchant's tax. */
export const SummaryCharge = z.object({
  display_name: z.string().nullable(),
  amount: Amount,
});
export type SummaryCharge = z.infer<typeof SummaryCharge>;

/** The summary fields both views share (see above). */
export const SummaryExtras = {
  discounts: z.array(SummaryDiscount).default([]),
  shipping: SummaryCharge.nullable().default(null),
  tax: SummaryCharge.nullable().default(null),
  /** When true the shopper gives a shipping address before paying (the address step). */
  shipping_address_collection: z.boolean().default(false),
  /**
   * The countries the address may be in, when the shopper gives one: the session's, or every
   * ISO 3166-1 country when it ships anywhere (countries.ts). Null when no address is taken.
   */
  shipping_allowed_countries: z.array(z.string()).nullable().default(null),
  /** The address given so far, or null. */
  shipping_address: FlatAddress.nullable().default(null),
  /** Whether the shopper may type a promo code. */
  allow_promotion_codes: z.boolean().default(false),
};

/** The browser's shipping step (in-page): the address, posted to `…/shipping_details`. */
export { ShippingAddressInput as ShippingDetailsRequest } from './shipping.js';

/** The browser's promo code (in-page): `POST …/promotion_code`; `{code: null}` removes the one applied. */
export const PromotionCodeRequest = z.strictObject({ code: PromoCodeText.nullable() });
export type PromotionCodeRequest = z.input<typeof PromotionCodeRequest>;
