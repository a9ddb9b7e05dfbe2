import { z } from 'zod';
import { HsaFsaEligibility, PriceFields, Recurring } from './catalog.js';
import { Amount, Currency, Metadata, UnixSeconds, VisitType, idOf } from './common.js';
import { Email, Phone } from './customers.js';
import { Capture, Refund } from './money.js';
import { DiscountInput, SessionDiscount } from './promotions.js';
import {
  ShippingAddressCollectionInput,
  ShippingAddressInput,
  ShippingDetails,
  ShippingOption,
  ShippingOptionInput,
  TaxRate,
  TaxRateInput,
} from './shipping.js';

export const CheckoutMode = z.enum(['payment', 'subscription', 'setup', 'off_session']);
export type CheckoutMode = z.infer<typeof CheckoutMode>;

export const CheckoutStatus = z.enum(['open', 'complete', 'expired']);
export type CheckoutStatus = z.infer<typeof CheckoutStatus>;

/** What the checkout form starts filled with. */
export const CheckoutDefaults = z.object({
  email: z.string().nullable(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  phone: z.string().nullable(),
});
export type CheckoutDefaults = z.infer<typeof CheckoutDefaults>;

/** A line of a session as the sandbox priced it (names and amounts come from the catalog). */
export const CheckoutLineItem = z.object({
  price: idOf('price'),
  product: idOf('product'),
  name: z.string(),
  description: z.string().nullable(),
  quantity: z.int().min(1),
  unit_amount: Amount,
  /** `unit_amount × quantity`. */
  amount_subtotal: Amount,
  /** This line's share of the session's discounts (a coupon's `applies_to` decides which lines share). */
  amount_discount: Amount,
  /** `amount_subtotal − amount_discount`. Tax and shipping are the session's, in `total_details`. */
  amount_total: Amount,
  currency: Currency,
  recurring: Recurring.nullable(),
  visit_type: VisitType.nullable(),
  hsa_fsa_eligibility: HsaFsaEligibility,
});
export type CheckoutLineItem = z.infer<typeof CheckoutLineItem>;

/**
 * What makes `amount_total` from `amount_subtotal`: `subtotal − amount_discount +
 * amount_shipping + amount_tax`. Shipping and tax are null when the session has none.
 */
export const TotalDetails = z.object({
  amount_discount: Amount,
  amount_tax: Amount.nullable(),
  amount_shipping: Amount.nullable(),
});
export type TotalDetails = z.infer<typeof TotalDetails>;

/** `subscription_data` (Flex's session shows it; Stripe's fields): the trial, and the subscription's metadata. */
export const SubscriptionData = z.object({
  trial_period_days: z.int().nullable(),
  metadata: Metadata,
});
const SubscriptionDataInput = z.strictObject({
  trial_period_days: z.int().min(1).max(730).nullable().optional(),
  metadata: Metadata.optional(),
});

/** `custom_text`: a message by the submit button and after the card form (Stripe's shape). */
const CustomTextMessage = z
  .strictObject({ message: z.string().trim().min(1).max(1200) })
  .nullable()
  .optional();
export const CustomText = z.object({
  submit: z.object({ message: z.string() }).nullable().optional(),
  after_submit: z.object({ message: z.string() }).nullable().optional(),
  shipping_address: z.object({ message: z.string() }).nullable().optional(),
});
const CustomTextInput = z.strictObject({ submit: CustomTextMessage, after_submit: CustomTextMessage, shipping_address: CustomTextMessage });

export const CheckoutSession = z.object({
  checkout_session_id: idOf('checkout_session'),
  /** Whether the shopper may type a promo code (the hosted page and the browser API take one). */
  allow_promotion_codes: z.boolean(),
  amount_total: Amount,
  amount_subtotal: Amount,
  /** What its payment intents received (captured), less nothing: refunds are `amount_refunded`. */
  amount_received: Amount,
  amount_refunded: Amount,
  /** What disputes took back and were not reinstated. */
  amount_disputed: Amount,
  /** Captures of a manual-capture session, oldest first. */
  captures: z.array(Capture),
  /** Disputes opened on its charges (IDs; `GET /v1/disputes/{id}` for each). */
  disputes: z.array(idOf('dispute')),
  discounts: z.array(SessionDiscount),
  cancel_url: z.string().nullable(),
  capture_method: z.enum(['automatic', 'manual']),
  client_reference_id: z.string().nullable(),
  /** Given to the browser: it lets the widget act on this one session and nothing else. */
  client_secret: z.string().nullable(),
  created_at: UnixSeconds,
  currency: Currency,
  customer: z.string().nullable(),
  customer_email: z.string().nullable(),
  /** What the shopper entered in the details step (email, names, phone). */
  customer_details: CheckoutDefaults.nullable(),
  /** The consultation held in this session, when one was. */
  consultation: z.string().nullable(),
  defaults: CheckoutDefaults,
  expires_at: UnixSeconds,
  invoice: z.string().nullable(),
  hsa_fsa_eligible: z.boolean(),
  letter_of_medical_necessity_required: z.boolean(),
  line_items: z.array(CheckoutLineItem),
  metadata: Metadata,
  mode: CheckoutMode,
  multiple_subscriptions: z.boolean(),
  /** The payment intent's ID (Flex's newer pages); `payment_intent_id` says the same. */
  payment_intent: z.string().nullable(),
  payment_intent_id: z.string().nullable(),
  /** Every payment intent of the session (one in the sandbox, which has no split cart). */
  payment_intents: z.array(z.string()),
  /** The charge of the payment, once it succeeded (`fch_…`). */
  latest_charge: z.string().nullable(),
  payment_method: z.string().nullable(),
  redirect_url: z.string().nullable(),
  setup_future_use: z.enum(['off_session']).nullable(),
  setup_intent: z.string().nullable(),
  /** Refunds of its payment, oldest first. */
  refunds: z.array(Refund),
  /** The shipping charged (one option in the sandbox), or null when none. */
  shipping_options: z.array(ShippingOption).nullable(),
  /** True when the shopper gives a shipping address before paying. */
  shipping_address_collection: z.boolean(),
  /** The countries the address may be in (Stripe's `allowed_countries`); null: any. */
  shipping_allowed_countries: z.array(z.string()).nullable(),
  shipping_details: ShippingDetails.nullable(),
  status: CheckoutStatus,
  success_url: z.string().nullable(),
  subscription: z.string().nullable(),
  /** For a subscription session: the trial it starts with and the subscription's metadata. */
  subscription_data: SubscriptionData.nullable(),
  /** Words the merchant adds to the hosted page (kept as given; Stripe's shape). */
  custom_text: CustomText.nullable(),
  /** The merchant's own tax amount (Flex does not calculate tax). */
  tax_rate: TaxRate.nullable(),
  tax_calculation_mode: z.literal('exclusive'),
  test_mode: z.boolean(),
  total_details: TotalDetails,
  visit_type: VisitType.nullable(),
});
export type CheckoutSession = z.infer<typeof CheckoutSession>;

/** Inline product for `price_data` when the catalog holds no product yet. */
export const ProductData = z.strictObject({
  name: z.string().trim().min(1).max(250),
  description: z.string().max(5000).nullable().optional(),
  visit_type: VisitType.nullable().optional(),
  hsa_fsa_eligibility: HsaFsaEligibility.default('not_eligible'),
  metadata: Metadata.optional(),
});

/** An inline price: `product` (an existing ID) or `product_data` (a new product). */
export const PriceData = PriceFields.omit({ active: true })
  .extend({ product: idOf('product').optional(), product_data: ProductData.optional() })
  .refine((p) => (p.product ? 1 : 0) + (p.product_data ? 1 : 0) === 1, {
    message: 'Give exactly one of product or product_data',
  });

export const LineItemInput = z
  .strictObject({
    price: idOf('price').optional(),
    price_data: PriceData.optional(),
    quantity: z.int().min(1).max(999).default(1),
  })
  .refine((l) => (l.price ? 1 : 0) + (l.price_data ? 1 : 0) === 1, {
    message: 'Give exactly one of price or price_data',
  });

const url = z.string().max(2048);

/** `POST /v1/checkout/sessions` body, exactly as Flex takes it. */
export const CheckoutSessionCreateRequest = z.strictObject({
  checkout_session: z.strictObject({
    line_items: z.array(LineItemInput).max(100).optional(),
    mode: z
      .enum(CheckoutMode.options, {
        // Flex names reimbursement sessions without documenting them: say so, not just "invalid option".
        error: (issue) =>
          issue.input === 'reimbursement'
            ? 'The sandbox does not offer reimbursement sessions (Flex names them but does not document their body); use "payment", "subscription", "setup" or "off_session"'
            : undefined,
      })
      .default('payment'),
    setup_future_use: z.enum(['off_session']).nullable().optional(),
    customer: idOf('customer').nullable().optional(),
    customer_email: Email.nullable().optional(),
    payment_method: idOf('payment_method').nullable().optional(),
    success_url: url.nullable().optional(),
    cancel_url: url.nullable().optional(),
    defaults: z
      .strictObject({
        email: Email.nullable().optional(),
        first_name: z.string().max(100).nullable().optional(),
        last_name: z.string().max(100).nullable().optional(),
        phone: Phone.nullable().optional(),
      })
      .optional(),
    allow_promotion_codes: z.boolean().default(false),
    capture_method: z.enum(['automatic', 'manual']).default('automatic'),
    client_reference_id: z.string().max(200).nullable().optional(),
    metadata: Metadata.optional(),
    /** Unix seconds, 30 minutes to 24 hours from now; one hour when absent. */
    expires_at: z.int().optional(),
    /** For a `setup` session: the subscription whose default the new card becomes. */
    subscription: idOf('subscription').nullable().optional(),
    /** For a session that pays one open invoice. */
    invoice: idOf('invoice').nullable().optional(),
    /** Coupons or promo codes taken off the total (at most one, as Stripe allows with promo codes). */
    discounts: z.array(DiscountInput).max(1).optional(),
    /** True (or Stripe's `{allowed_countries}`): the shopper gives a shipping address before paying. */
    shipping_address_collection: ShippingAddressCollectionInput.optional(),
    /** A fixed rate made with `POST /v1/shipping_rates`. */
    shipping_rate_id: idOf('shipping_rate').optional(),
    /** Or the shipping inline (one option). */
    shipping_options: z.array(ShippingOptionInput).min(1).max(1).optional(),
    /** An address the merchant already has (the shopper may still change it when collection is on). */
    shipping_details: ShippingAddressInput.optional(),
    /** The tax the merchant computed: cents, or `{amount, display_name}`. */
    tax_rate: TaxRateInput.optional(),
    /** Flex shows only `exclusive`: tax is added on top. */
    tax_calculation_mode: z.literal('exclusive').optional(),
    /** A subscription session's trial (overriding the prices' `trial_period_days`) and the subscription's metadata. */
    subscription_data: SubscriptionDataInput.optional(),
    custom_text: CustomTextInput.optional(),
  }),
});
export type CheckoutSessionCreateRequest = z.input<typeof CheckoutSessionCreateRequest>;

/** `GET /v1/checkout/sessions` filters besides pagination. */
export const CheckoutSessionListFilters = z.object({
  customer: z.string().optional(),
  status: CheckoutStatus.optional(),
});
