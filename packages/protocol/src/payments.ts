import { z } from 'zod';
import { Amount, Currency, IsoTimestamp, Metadata, UnixSeconds, idOf } from './common.js';

/**
 * A card's network. Flex's API writes American Express as `american_express` (its saved cards);
 * the browser's card form and views say `amex`, as Stripe.js does.
 */
export const CardBrand = z.enum(['visa', 'mastercard', 'amex', 'american_express', 'discover', 'unknown']);

/** What anyone may know of a card: never its number. */
export const CardDetails = z.object({
  brand: CardBrand,
  last4: z.string().length(4),
  exp_month: z.int().min(1).max(12),
  exp_year: z.int(),
});
export type CardDetails = z.infer<typeof CardDetails>;

export const BillingDetails = z.object({
  email: z.string().nullable(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.object({ postal_code: z.string().nullable() }).nullable(),
});
export type BillingDetails = z.infer<typeof BillingDetails>;

export const PaymentMethod = z.object({
  payment_method_id: idOf('payment_method'),
  type: z.literal('card'),
  /** As Flex shows a saved card: `brand` (`american_express`…), `funding` (`credit`…), `country`. */
  card: CardDetails.extend({ funding: z.string().nullable().optional(), country: z.string().nullable().optional() }),
  billing_details: BillingDetails,
  customer: z.string().nullable(),
  metadata: Metadata,
  created_at: IsoTimestamp,
  test_mode: z.boolean(),
  /** True once a successful on-session payment or a setup verified it for later charges. */
  off_session: z.boolean(),
});
export type PaymentMethod = z.infer<typeof PaymentMethod>;

/** Stripe's lifecycle; `requires_capture` is a manual-capture session's authorization, waiting to be captured. */
export const PaymentIntentStatus = z.enum(['requires_payment_method', 'requires_action', 'processing', 'requires_capture', 'succeeded', 'canceled']);
export type PaymentIntentStatus = z.infer<typeof PaymentIntentStatus>;

/** Stripe's shape for a failed attempt. */
export const PaymentError = z.object({
  type: z.enum(['card_error', 'invalid_request_error']),
  code: z.string(),
  decline_code: z.string().nullable(),
  message: z.string(),
  payment_method: z.string().nullable(),
});
export type PaymentError = z.infer<typeof PaymentError>;

export const NextAction = z.object({
  type: z.literal('use_stripe_sdk'),
  /** Where the 3-D Secure challenge is served (the sandbox's test challenge). */
  redirect_to_url: z.string(),
});

export const PaymentIntent = z.object({
  payment_intent_id: idOf('payment_intent'),
  amount: Amount,
  amount_received: Amount,
  /** What an authorization still holds and a capture may take (manual capture); 0 otherwise. */
  amount_capturable: Amount,
  currency: Currency,
  status: PaymentIntentStatus,
  capture_method: z.enum(['automatic', 'manual']),
  /** Unix seconds: when an uncaptured authorization lapses (sandbox clock); null when none is held. */
  capture_before: UnixSeconds.nullable(),
  /** Why it was canceled: released by `…/cancel` (`requested_by_customer`) or lapsed (`automatic`). */
  cancellation_reason: z.enum(['requested_by_customer', 'automatic', 'abandoned']).nullable(),
  /** The charge its success made (`fch_…`), named by refunds and disputes. */
  latest_charge: idOf('charge').nullable(),
  invoice: z.string().nullable(),
  metadata: Metadata,
  customer: z.string().nullable(),
  payment_method: z.string().nullable(),
  checkout_session: z.string().nullable(),
  setup_future_use: z.enum(['off_session']).nullable(),
  off_session: z.boolean(),
  last_payment_error: PaymentError.nullable(),
  next_action: NextAction.nullable(),
  /** For Stripe.js `handleNextAction`; scoped to this one intent. */
  client_secret: z.string(),
  created_at: IsoTimestamp,
  test_mode: z.boolean(),
});
export type PaymentIntent = z.infer<typeof PaymentIntent>;

export const SetupIntent = z.object({
  setup_intent_id: idOf('setup_intent'),
  status: z.enum(['requires_payment_method', 'requires_action', 'succeeded', 'canceled']),
  customer: z.string().nullable(),
  payment_method: z.string().nullable(),
  checkout_session: z.string().nullable(),
  usage: z.literal('off_session'),
  last_setup_error: PaymentError.nullable(),
  next_action: NextAction.nullable(),
  client_secret: z.string(),
  created_at: IsoTimestamp,
  test_mode: z.boolean(),
});
export type SetupIntent = z.infer<typeof SetupIntent>;

/**
 * Made by the card frame from what the shopper typed (publishable key), handed to the
 * page as an ID: it says which card, and carries no number.
 */
export const ConfirmationToken = z.object({
  confirmation_token_id: idOf('confirmation_token'),
  payment_method_preview: z.object({ type: z.literal('card'), card: CardDetails, billing_details: BillingDetails }),
  created_at: IsoTimestamp,
  expires_at: IsoTimestamp,
  test_mode: z.boolean(),
});
export type ConfirmationToken = z.infer<typeof ConfirmationToken>;

/** The card frame's request: the only place a card number is ever sent. */
export const ConfirmationTokenCreateRequest = z.strictObject({
  payment_method_data: z.strictObject({
    card: z.strictObject({
      number: z.string().regex(/^[0-9 ]{12,23}$/),
      exp_month: z.int().min(1).max(12),
      exp_year: z.int().min(2000).max(2100),
      cvc: z.string().regex(/^[0-9]{3,4}$/),
    }),
    billing_details: z.strictObject({ address: z.strictObject({ postal_code: z.string().max(10).nullable().optional() }).optional() }).optional(),
  }),
});
