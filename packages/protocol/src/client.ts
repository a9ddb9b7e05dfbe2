import { z } from 'zod';
import { Recurring } from './catalog.js';
import { CheckoutDefaults, CheckoutLineItem, CheckoutMode, CheckoutStatus, TotalDetails } from './checkout.js';
import { Amount, Currency, UnixSeconds, VisitType } from './common.js';
import { ConsultationStatus, Letter, Questionnaire } from './consultations.js';
import { Email, Phone } from './customers.js';
import { CardDetails, PaymentError, PaymentIntentStatus } from './payments.js';
import { SummaryExtras } from './summary.js';

/**
 * How a session is checked out: `in-page` (every step native in `<flex-checkout>`, through an
 * upstream's browser API, such as the sandbox's) or `hosted` (the upstream's hosted page at
 * `redirect_url`, framed inside the element: what Flex offers).
 */
export const CheckoutExperience = z.enum(['in-page', 'hosted']);
export type CheckoutExperience = z.infer<typeof CheckoutExperience>;

/** What a finished session says: who paid, with what, for what. Read with the secret key, never from the browser. */
export const SessionCompletion = z.object({
  customer: z.string().nullable(),
  payment_method: z.string().nullable(),
  card: CardDetails.nullable(),
  payment_intent: z.string().nullable(),
  setup_intent: z.string().nullable(),
  subscription: z.string().nullable(),
  amount_received: Amount,
  /**
   * What a `capture_method: "manual"` session's card holds for the merchant to capture
   * (`amount_received` is then 0 until a capture): say "authorized", not "paid". 0 otherwise.
   */
  amount_authorized: Amount.default(0),
});
export type SessionCompletion = z.infer<typeof SessionCompletion>;

/**
 * The browser's view of one checkout session (client-secret auth), in-page. It holds what the
 * widget renders and nothing else: no secret key, no other customer's data, no answers.
 */
export const ClientSession = z.object({
  /** Older upstreams answer without it: an answer of the browser API is in-page by definition. */
  checkout: z.literal('in-page').default('in-page'),
  checkout_session_id: z.string(),
  status: CheckoutStatus,
  mode: CheckoutMode,
  currency: Currency,
  amount_total: Amount,
  /**
   * What the confirm charges now, decided upstream, once: nothing for a setup session, only
   * the one-time lines during a subscription's trial, otherwise `amount_total`. The browser
   * shows this number ("Due today", the pay button) and never works it out itself.
   */
  amount_due_now: Amount,
  amount_subtotal: Amount,
  total_details: TotalDetails,
  /** Discounts, shipping, tax, the address step and the promo code field (summary.ts). */
  ...SummaryExtras,
  line_items: z.array(CheckoutLineItem),
  visit_type: VisitType.nullable(),
  hsa_fsa_eligible: z.boolean(),
  letter_of_medical_necessity_required: z.boolean(),
  /** True when a line item needs a letter and no valid letter for the visit type is held. */
  consultation_required: z.boolean(),
  consultation: z.object({ consultation_id: z.string(), status: ConsultationStatus, reason: z.string().nullable() }).nullable(),
  /** The valid letter that covers this session, once there is one. */
  letter: Letter.nullable(),
  /**
   * The questionnaire to answer, in the shopper's language, while the consultation is still to
   * take: the element's first read holds everything its first step shows (older upstreams
   * answer without it: `GET …/questionnaire` then).
   */
  questionnaire: Questionnaire.nullable().default(null),
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
  completion: SessionCompletion.nullable(),
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

/**
 * The stored-credential terms the shopper was shown above the button, when the card is kept
 * for later charges (card networks require the cardholder's agreement, naming the merchant,
 * before merchant-initiated charges). The upstream records them on the saved payment method
 * (its `metadata`: `consent_shown_at`, `consent_terms_sha256`, …) so the merchant can prove it.
 */
export const StoredCardConsent = z.strictObject({
  /** The words exactly as shown: who may charge, when, and how to withdraw. */
  text: z.string().min(1).max(2000),
  /** Which wording this is (the element's or the hosted page's template, and its revision). */
  version: z.string().min(1).max(40),
  /** The merchant the words name, as the merchant gave it; null: a generic "this store". */
  merchant_name: z.string().max(100).nullable(),
  /** The merchant's terms, linked under the words. */
  terms_url: z.string().max(500).nullable(),
  /** The language they were shown in (BCP 47). */
  locale: z.string().min(2).max(35),
});
export type StoredCardConsent = z.infer<typeof StoredCardConsent>;

/**
 * Confirm: which card (a confirmation token from the card frame), and the terms shown when
 * the card is kept; the amount is the session's.
 */
export const ConfirmRequest = z.strictObject({ confirmation_token: z.string().min(1).max(100), consent: StoredCardConsent.optional() });
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

/** One line of the order summary, in either experience. */
export const SummaryLine = z.object({
  name: z.string(),
  quantity: z.int().min(1),
  /** Per unit; null when the upstream gives only the line's total. */
  unit_amount: Amount.nullable(),
  /** Before the line's discount; null when the upstream gives only the line's total. */
  amount_subtotal: Amount.nullable().default(null),
  /** The line's share of the discounts (0 when none). */
  amount_discount: Amount.default(0),
  amount_total: Amount,
  currency: Currency,
  recurring: Recurring.nullable(),
  /** Flex's eligibility token (`letter_of_medical_necessity`, `not_eligible`, …). */
  hsa_fsa_eligibility: z.string(),
});
export type SummaryLine = z.infer<typeof SummaryLine>;

/**
 * The browser's view of a session paid on the upstream's hosted page. The companion server
 * builds it from the session it reads with the secret key (Flex has no browser API): the
 * summary, where the hosted page is, and, once the session is complete, what it came to.
 */
export const HostedSession = z.object({
  checkout: z.literal('hosted'),
  checkout_session_id: z.string(),
  status: CheckoutStatus,
  mode: z.string(),
  currency: Currency,
  amount_total: Amount,
  /**
   * What the hosted page charges now. Flex's session has no such field: the companion server
   * derives it once from the mode and lines (its hosted-view.ts), by the sandbox's rule.
   */
  amount_due_now: Amount,
  amount_subtotal: Amount,
  total_details: TotalDetails,
  /** Discounts, shipping, tax and the address (summary.ts); the hosted page itself collects the address. */
  ...SummaryExtras,
  line_items: z.array(SummaryLine),
  hsa_fsa_eligible: z.boolean(),
  letter_of_medical_necessity_required: z.boolean(),
  setup_future_use: z.enum(['off_session']).nullable(),
  expires_at: UnixSeconds,
  /** The hosted checkout to frame, while the session is open. */
  redirect_url: z.string().nullable(),
  /** The merchant's own pages, for the top-window fallback (`{CHECKOUT_SESSION_ID}` left in). */
  success_url: z.string().nullable(),
  cancel_url: z.string().nullable(),
  completion: SessionCompletion.nullable(),
});
export type HostedSession = z.infer<typeof HostedSession>;

/** Either view: the element renders by `checkout`. */
export const WidgetSession = z.discriminatedUnion('checkout', [ClientSession, HostedSession]);
export type WidgetSession = z.infer<typeof WidgetSession>;

/**
 * The widget's contract with the companion server, one schema per route's answer (what the
 * sandbox's browser API answers, what the server lets through, what the element reads).
 */
export const WidgetAnswers = {
  /** `GET {prefix}/sessions/{id}`. */
  session: z.object({ checkout_session: WidgetSession }),
  /** The in-page steps answer the in-page view. */
  inPageSession: z.object({ checkout_session: ClientSession }),
  /** `GET {prefix}/sessions/{id}/status`: the cheap read the element polls. */
  status: z.object({
    status: CheckoutStatus,
    payment_intent: ClientSession.shape.payment_intent,
    completion: SessionCompletion.nullable(),
  }),
  /** `GET {prefix}/sessions/{id}/questionnaire`. */
  questionnaire: z.object({ questionnaire: Questionnaire }),
  /** `POST {prefix}/sessions/{id}/consultation`. */
  consultation: z.object({
    consultation: z.object({ consultation_id: z.string(), status: ConsultationStatus, reason: z.string().nullable(), letter: Letter.nullable() }),
    checkout_session: ClientSession,
  }),
  /** `POST {prefix}/sessions/{id}/confirm`. */
  confirm: ConfirmResult,
};
export type SessionStatusAnswer = z.infer<typeof WidgetAnswers.status>;
export type ConsultationAnswer = z.infer<typeof WidgetAnswers.consultation>;
