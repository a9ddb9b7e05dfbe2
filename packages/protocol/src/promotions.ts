import { z } from 'zod';
import { Amount, IsoTimestamp, Metadata, idOf } from './common.js';

/**
 * Coupons and promo codes as Flex documents them (`POST /v1/coupons`, `/v1/promo_codes`).
 * A coupon takes `percent_off` or `amount_off`, lasts `once`, `repeating` (for
 * `duration_in_months`) or `forever` on a subscription, may apply only to some products, and
 * may be redeemed at most `max_redemptions` times. A promo code is a code a shopper types
 * for a coupon.
 */

export const CouponDuration = z.enum(['once', 'repeating', 'forever']);
export type CouponDuration = z.infer<typeof CouponDuration>;

export const Coupon = z.object({
  coupon_id: idOf('coupon'),
  name: z.string().nullable(),
  amount_off: Amount.nullable(),
  percent_off: z.number().nullable(),
  duration: CouponDuration,
  duration_in_months: z.int().nullable(),
  applies_to: z.object({ products: z.array(idOf('product')) }).nullable(),
  max_redemptions: z.int().nullable(),
  times_redeemed: z.int().min(0),
  /** False once it cannot be redeemed again (`max_redemptions` reached). */
  valid: z.boolean(),
  metadata: Metadata,
  created_at: IsoTimestamp,
  test_mode: z.boolean(),
});
export type Coupon = z.infer<typeof Coupon>;

/** `POST /v1/coupons` body. */
export const CouponCreateRequest = z.strictObject({
  coupon: z
    .strictObject({
      name: z.string().trim().min(1).max(100).nullable().optional(),
      amount_off: z.int().min(1).max(99_999_999).optional(),
      percent_off: z
        .number()
        .gt(0)
        .max(100)
        .refine((p) => Math.round(p * 100) === p * 100, { message: 'percent_off has at most two decimals' })
        .optional(),
      duration: CouponDuration.default('once'),
      duration_in_months: z.int().min(1).max(120).optional(),
      applies_to: z.strictObject({ products: z.array(idOf('product')).min(1).max(100) }).optional(),
      max_redemptions: z.int().min(1).max(1_000_000).optional(),
      metadata: Metadata.optional(),
    })
    .refine((c) => (c.amount_off === undefined) !== (c.percent_off === undefined), {
      message: 'Give exactly one of amount_off or percent_off',
    })
    .refine((c) => (c.duration === 'repeating') === (c.duration_in_months !== undefined), {
      message: 'duration_in_months goes with duration "repeating", and only with it',
      path: ['duration_in_months'],
    }),
});
export type CouponCreateRequest = z.input<typeof CouponCreateRequest>;

export const PromoCode = z.object({
  promo_code_id: idOf('promo_code'),
  code: z.string(),
  coupon: Coupon,
  max_redemptions: z.int().nullable(),
  times_redeemed: z.int().min(0),
  /** Only this customer may redeem it, when set. */
  customer: z.string().nullable(),
  active: z.boolean(),
  metadata: Metadata,
  created_at: IsoTimestamp,
  test_mode: z.boolean(),
});
export type PromoCode = z.infer<typeof PromoCode>;

/** What a shopper types: letters, digits, `-` and `_`. Codes match without regard to case. */
export const PromoCodeText = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[A-Za-z0-9_-]+$/, { message: 'A promo code holds letters, digits, "-" and "_" only' });

/** `POST /v1/promo_codes` body; without `code` the sandbox makes one. */
export const PromoCodeCreateRequest = z.strictObject({
  promo_code: z.strictObject({
    coupon_id: idOf('coupon'),
    code: PromoCodeText.optional(),
    max_redemptions: z.int().min(1).max(1_000_000).optional(),
    customer: idOf('customer').nullable().optional(),
    active: z.boolean().default(true),
    metadata: Metadata.optional(),
  }),
});
export type PromoCodeCreateRequest = z.input<typeof PromoCodeCreateRequest>;

/** `POST /v1/promo_codes/{id}` body: `active` and `metadata` only. */
export const PromoCodeUpdateRequest = z.strictObject({
  promo_code: z.strictObject({ active: z.boolean(), metadata: Metadata }).partial(),
});
export type PromoCodeUpdateRequest = z.input<typeof PromoCodeUpdateRequest>;

/** `GET /v1/promo_codes` filters besides pagination. */
export const PromoCodeListFilters = z.object({
  active: z.enum(['true', 'false']).optional(),
  code: z.string().optional(),
  coupon: z.string().optional(),
});

/** A discount a session (or a subscription) carries. */
export const SessionDiscount = z.object({
  coupon: idOf('coupon'),
  promo_code: idOf('promo_code').nullable(),
});
export type SessionDiscount = z.infer<typeof SessionDiscount>;

/** `discounts[]` on a session create: a coupon, or a promo code (Stripe's `promotion_code` is taken too). */
export const DiscountInput = z
  .strictObject({
    coupon: idOf('coupon').optional(),
    promo_code: idOf('promo_code').optional(),
    promotion_code: idOf('promo_code').optional(),
  })
  .refine((d) => [d.coupon, d.promo_code, d.promotion_code].filter(Boolean).length === 1, {
    message: 'Give exactly one of coupon or promo_code',
  });

/** A subscription's discount: which coupon, from when, until when (null: for good). */
export const SubscriptionDiscount = z.object({
  coupon: Coupon,
  promo_code: idOf('promo_code').nullable(),
  start: IsoTimestamp,
  /** When a `repeating` coupon stops applying; null for `forever`; for `once`, the end of the first period. */
  end: IsoTimestamp.nullable(),
});
export type SubscriptionDiscount = z.infer<typeof SubscriptionDiscount>;
