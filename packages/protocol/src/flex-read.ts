import { z } from 'zod';
import { isoSeconds, MILLISECONDS_FROM } from './common.js';

/**
 * Flex's objects as a client reads them. Flex's documentation shows several generations of
 * its objects (see reference/flex-api.md §0): related objects as an ID or expanded, times as
 * Unix seconds or ISO text, fields that come and go. These schemas take every documented
 * shape, keep what they do not know (`loose`), and give one form back. The sandbox writes its
 * own strict schemas; these are for reading an upstream that may be Flex.
 *
 * Only what identifies an object (its ID, a session's status) must be as documented. Every
 * other field falls back to its default (`.catch`) when it comes in a shape not listed here:
 * Flex may change a field's shape, and a summary missing a shipping line is better than a
 * checkout that cannot load at all.
 */

/** An ID, or the expanded object holding it under `key`; null when absent. */
const ref = (key: string) =>
  z
    .union([z.string(), z.object({ [key]: z.string() }).loose()])
    .nullish()
    .transform((v) => (typeof v === 'string' ? v : (v?.[key] ?? null)))
    .catch(null);

/** Unix seconds (or milliseconds) or ISO 8601 text (UTC without an offset), as Unix seconds; null when absent or unreadable. */
export const FlexTime = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((v) => {
    if (typeof v === 'number') return Math.floor(v >= MILLISECONDS_FROM ? v / 1000 : v);
    if (typeof v !== 'string') return null;
    const seconds = isoSeconds(v);
    return Number.isNaN(seconds) ? null : seconds;
  })
  .catch(null);

const amount = z
  .number()
  .int()
  .nullish()
  .transform((v) => v ?? null)
  .catch(null);
const text = z
  .string()
  .nullish()
  .transform((v) => v ?? null)
  .catch(null);
/** A flag: absent, null or not a boolean reads as false. */
const flag = z
  .boolean()
  .nullish()
  .transform((v) => v ?? false)
  .catch(false);

/** One shipping option, as Flex's session shows it. */
const FlexShippingOption = z.object({ shipping_rate_id: text, shipping_amount: amount, display_name: text }).partial().loose();

/** `GET /v1/checkout/sessions/{id}` as Flex (or the sandbox) answers it. */
export const FlexSessionRead = z
  .object({
    checkout_session_id: z.string(),
    status: z.string(),
    mode: text,
    currency: text,
    amount_total: amount,
    amount_subtotal: amount,
    amount_received: amount,
    amount_refunded: amount,
    total_details: z
      .object({ amount_discount: amount, amount_tax: amount, amount_shipping: amount })
      .partial()
      .loose()
      .nullish()
      .transform((v) => v ?? null)
      .catch(null),
    created_at: FlexTime,
    expires_at: FlexTime,
    redirect_url: text,
    success_url: text,
    cancel_url: text,
    client_secret: text,
    customer: ref('customer_id'),
    /** An ID on Flex's newer pages, a summary object on the sandbox's. */
    payment_intent: ref('payment_intent_id'),
    payment_intent_id: text,
    setup_intent: ref('setup_intent_id'),
    subscription: ref('subscription_id'),
    setup_future_use: text,
    hsa_fsa_eligible: flag,
    letter_of_medical_necessity_required: flag,
    /** The sandbox inlines priced lines; Flex lists them at `…/line_items`. */
    line_items: z
      .array(z.unknown())
      .nullish()
      .transform((v) => v ?? null)
      .catch(null),
    allow_promotion_codes: flag,
    /** `[{coupon, promo_code}]`: IDs, or expanded objects. */
    discounts: z
      .array(z.object({ coupon: z.unknown().optional(), promo_code: z.unknown().optional() }).loose())
      .nullish()
      .transform((v) => v ?? [])
      .catch([]),
    /** Flex documents one object (`{shipping_rate_id, shipping_amount, display_name}`); a list is read too. */
    shipping_options: z
      .union([FlexShippingOption, z.array(FlexShippingOption)])
      .nullish()
      .transform((v) => (v ? (Array.isArray(v) ? v : [v]) : []))
      .catch([]),
    /** Flex documents a boolean; Stripe's `{allowed_countries}` is read too. */
    shipping_address_collection: z
      .union([z.boolean(), z.object({ allowed_countries: z.array(z.string()).nullish() }).loose()])
      .nullish()
      .transform((v) => v ?? false)
      .catch(false),
    shipping_details: z
      .object({ line1: text, line2: text, city: text, state: text, postal_code: text, country: text })
      .partial()
      .loose()
      .nullish()
      .transform((v) => v ?? null)
      .catch(null),
    /** `{amount, display_name}`, a bare amount, or `{}` (Flex's example). */
    tax_rate: z
      .union([z.number(), z.object({ amount: amount, display_name: text }).partial().loose()])
      .nullish()
      .transform((v) => v ?? null)
      .catch(null),
  })
  .loose();
export type FlexSessionRead = z.infer<typeof FlexSessionRead>;

/** `GET /v1/coupons/{id}`: what the summary says of a discount. */
export const FlexCouponRead = z
  .object({
    coupon_id: z.string(),
    name: text,
    percent_off: z
      .number()
      .nullish()
      .transform((v) => v ?? null)
      .catch(null),
    amount_off: amount,
    duration: z
      .string()
      .nullish()
      .transform((v) => (v === 'repeating' || v === 'forever' ? v : 'once'))
      .catch('once' as const),
    duration_in_months: amount,
  })
  .loose();
export type FlexCouponRead = z.infer<typeof FlexCouponRead>;

const FlexProductRead = z.object({ name: text, hsa_fsa_eligibility: text, visit_type: text }).partial().loose();

/** A price as Flex shows it inside a line item (or just its ID). */
const FlexPriceRead = z.union([
  z.string(),
  z
    .object({
      unit_amount: amount,
      currency: text,
      description: text,
      hsa_fsa_eligibility: text,
      // Flex's price documents trial_period_days beside `recurring` as well as inside it.
      trial_period_days: z.number().int().nullish().catch(null),
      recurring: z
        .object({ interval: z.string(), interval_count: z.number().int().nullish(), trial_period_days: z.number().int().nullish() })
        .loose()
        .nullish()
        .transform((v) => v ?? null)
        .catch(null),
      product: z.union([z.string(), FlexProductRead]).nullish().catch(null),
    })
    .partial()
    .loose(),
]);

/**
 * A line of a session: Flex's `GET …/line_items` entry (`description`, `price`, `eligibility`)
 * or the sandbox's inline line (`name`, `unit_amount`, `hsa_fsa_eligibility`).
 */
export const FlexLineItemRead = z
  .object({
    name: text,
    description: text,
    quantity: z
      .number()
      .int()
      .min(1)
      .nullish()
      .transform((v) => v ?? 1),
    unit_amount: amount,
    amount_subtotal: amount,
    amount_discount: amount,
    amount_total: amount,
    currency: text,
    eligibility: text,
    hsa_fsa_eligibility: text,
    recurring: z.unknown().optional(),
    price: FlexPriceRead.nullish().catch(null),
  })
  .loose();
export type FlexLineItemRead = z.infer<typeof FlexLineItemRead>;

/** `GET /v1/payment_intents/{id}`: what a finished checkout's completion needs of it. */
export const FlexPaymentIntentRead = z
  .object({
    payment_intent_id: z.string(),
    status: text,
    amount: amount,
    amount_received: amount,
    amount_capturable: amount,
    payment_method: ref('payment_method_id'),
    customer: ref('customer_id'),
  })
  .loose();
export type FlexPaymentIntentRead = z.infer<typeof FlexPaymentIntentRead>;

/**
 * `GET /v1/customers/{id}/payment_methods/{pm}`: the card's brand and last four, and whether
 * it was saved for off-session charges (`off_session`, the one place Flex shows that a
 * checkout's `setup_future_use` was honoured: its session object does not carry that field).
 */
export const FlexPaymentMethodRead = z
  .object({
    payment_method_id: z.string(),
    off_session: flag,
    card: z
      .object({ brand: z.string(), last4: z.string(), exp_month: z.number().int().nullish().catch(null), exp_year: z.number().int().nullish().catch(null) })
      .loose()
      .nullish()
      .catch(null),
  })
  .loose();

/**
 * Fields the sandbox's session holds that Flex's documented session object does not
 * (reference/flex-api.md §5): the sandbox's own, or Stripe's shape. The sandbox's flex profile
 * leaves them out of its answers, and the typed client types them as optional. (`line_items`
 * and `customer_details` are only named by one guide; Flex's lines are at `GET …/line_items`.)
 */
export const SANDBOX_SESSION_FIELDS = [
  'client_secret',
  'currency',
  'customer_email',
  'consultation',
  'discounts',
  'line_items',
  'multiple_subscriptions',
  'payment_method',
  'setup_future_use',
  'shipping_allowed_countries',
] as const;
export type SandboxSessionField = (typeof SANDBOX_SESSION_FIELDS)[number];

/**
 * Fields the sandbox's price holds that Flex's documented price object does not (reference/flex-api.md
 * §5: "No `currency` field appears on any documented price"). The flex profile leaves them out,
 * and the typed client types them as optional.
 */
export const SANDBOX_PRICE_FIELDS = ['currency'] as const;
export type SandboxPriceField = (typeof SANDBOX_PRICE_FIELDS)[number];
