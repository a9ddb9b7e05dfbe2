import { z } from 'zod';
import { CheckoutDefaults, CheckoutLineItem, CheckoutMode, CheckoutStatus, TotalDetails } from './checkout.js';
import { Amount, Currency, UnixSeconds, VisitType } from './common.js';
import { ConsultationStatus, Letter } from './consultations.js';
import { Email, Phone } from './customers.js';
import { CardDetails, PaymentError, PaymentIntentStatus } from './payments.js';

/**
 * The browser's view of one checkout session (client-secret auth). It holds what the
 * widget renders and nothing else: no secret key, no other customer's data, no answers.
 */
export const ClientSession = z.object({
  checkout_session_id: z.string(),
  status: CheckoutStatus,
  mode: CheckoutMode,
  currency: Currency,
  amount_total: Amount,
  amount_subtotal: Amount,
  total_details: TotalDetails,
  line_items: z.array(CheckoutLineItem),
  visit_type: VisitType.nullable(),
  hsa_fsa_eligible: z.boolean(),
  letter_of_medical_necessity_required: z.boolean(),
  /** True when a line item needs a letter and no valid letter for the visit type is held. */
  consultation_required: z.boolean(),
  consultation: z
    .object({ consultation_id: z.string(), status: ConsultationStatus, reason: z.string().nullable() })
    .nullable(),
  /** The valid letter that covers this session, once there is one. */
  letter: Letter.nullable(),
  setup_future_use: z.enum(['off_session']).nullable(),
  defaults: CheckoutDefaults,
  /** What the shopper entered in the details step. */
  customer_details: CheckoutDefaults.nullable(),
  expires_at: UnixSeconds,
  success_url: z.string().nullable(),
  cancel_url: z.string().nullable(),
  /** The current payment attempt, if any. */
  payment_intent: z
    .object({
      status: PaymentIntentStatus,
      last_payment_error: PaymentError.nullable(),
      /** Present while 3-D Secure is pending: what `stripe.handleNextAction` takes. */
      client_secret: z.string().nullable(),
    })
    .nullable(),
  /** Filled once the session is complete. */
  completion: z
    .object({
      customer: z.string(),
      payment_method: z.string().nullable(),
      card: CardDetails.nullable(),
      payment_intent: z.string().nullable(),
      setup_intent: z.string().nullable(),
      subscription: z.string().nullable(),
      amount_received: Amount,
    })
    .nullable(),
  /** How the browser loads the payment form. */
  payment: z.object({
    publishable_key: z.string(),
    /** The Stripe.js stand-in's URL in the sandbox; null means load the real Stripe.js. */
    stripe_js_url: z.string().nullable(),
  }),
});
export type ClientSession = z.infer<typeof ClientSession>;

/** The details step. */
export const CustomerDetailsRequest = z.strictObject({
  email: Email,
  first_name: z.string().trim().min(1).max(100),
  last_name: z.string().trim().min(1).max(100),
  phone: Phone.nullable().optional(),
});
export type CustomerDetailsRequest = z.input<typeof CustomerDetailsRequest>;

/** Confirm: which card (a confirmation token from the card frame); the amount is the session's. */
export const ConfirmRequest = z.strictObject({ confirmation_token: z.string().min(1).max(100) });
export type ConfirmRequest = z.input<typeof ConfirmRequest>;

/**
 * The answer to a confirm: `complete`, or `requires_action` with the client secret that
 * `stripe.handleNextAction` takes. A decline is an error answer (402, type `card_error`).
 */
export const ConfirmResult = z.object({
  status: z.enum(['complete', 'requires_action']),
  next_action: z.object({ client_secret: z.string() }).nullable(),
  checkout_session: ClientSession,
});
export type ConfirmResult = z.infer<typeof ConfirmResult>;
