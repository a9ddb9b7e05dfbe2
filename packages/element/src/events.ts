import type { Step } from './store.js';

export interface FlexStepChangeDetail {
  step: Step;
  previous: Step;
}
/** Never the answers: only the outcome. */
export interface FlexConsultationCompleteDetail {
  status: 'approved' | 'denied' | 'pending';
  visitType: string | null;
}
export interface FlexCompleteDetail {
  checkoutSessionId: string;
  status: 'complete';
  customerId: string | null;
  paymentMethodId: string | null;
  paymentIntentId: string | null;
  subscriptionId: string | null;
  setupFutureUse: 'off_session' | null;
  letter: { visitType: string; expiresAt: string } | null;
  /**
   * With `redirect="always"`: the success_url (with `{CHECKOUT_SESSION_ID}` filled in) the
   * element is about to go to; `preventDefault()` keeps the shopper on the page (a SPA
   * router can navigate itself). Null when the element stays.
   */
  redirectUrl: string | null;
}
export interface FlexErrorDetail {
  code:
    | 'load_failed'
    | 'stripe_failed'
    | 'connection_lost'
    /** The companion server refused the confirm (429) before it ran: nothing was charged; try again after the wait. */
    | 'rate_limited'
    | 'card_declined'
    | 'authentication_failed'
    | 'request_failed'
    | 'missing_client_secret'
    /** The hosted checkout's frame was blocked or never loaded: the element offers the link instead. */
    | 'hosted_unavailable';
  /** For the shopper, in their language: the element shows and announces it. */
  message: string;
  /** Whether trying again may help (the element then offers "Try again"). */
  recoverable: boolean;
  /** The HTTP status of the companion server's answer, when a call failed with one (0: nothing answered). */
  status?: number;
  /**
   * For the page's developer, in English: what the server said, or what to check (`load_failed`
   * with `recoverable: false` is a page set up wrong: the client secret or the endpoint). Also a
   * console warning. Never a secret, a card number or a health answer.
   */
  reason?: string | undefined;
}
/**
 * Why the shopper left for the store. In-page, only the consultation's outcome offers the way
 * back: a denial, or a review still pending. Flex's sessions have no way to pay an LMN product
 * without a letter, so a page that also sells by ordinary card can take a
 * `consultation_denied` shopper to that checkout instead. Hosted: `hosted_canceled` when the
 * shopper chose to go back on the hosted page (the default then goes to the cancel_url).
 */
export interface FlexCancelDetail {
  checkoutSessionId: string;
  reason: 'consultation_denied' | 'consultation_pending' | 'hosted_canceled';
}
export interface FlexReadyDetail {
  checkoutSessionId: string;
  step: Step;
}

/** Every event `<flex-checkout>` fires, by name: they bubble and cross shadow roots. */
export interface FlexCheckoutEventMap {
  'flex-ready': CustomEvent<FlexReadyDetail>;
  'flex-step-change': CustomEvent<FlexStepChangeDetail>;
  'flex-consultation-complete': CustomEvent<FlexConsultationCompleteDetail>;
  'flex-complete': CustomEvent<FlexCompleteDetail>;
  'flex-cancel': CustomEvent<FlexCancelDetail>;
  'flex-expired': CustomEvent<{ checkoutSessionId: string }>;
  'flex-error': CustomEvent<FlexErrorDetail>;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends FlexCheckoutEventMap {}
}
