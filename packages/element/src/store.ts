import type { ClientSession, ConsultationAnswers, HostedSession, Letter, Questionnaire } from '@flex-checkout/protocol';
import { createStore } from 'zustand/vanilla';

/** The steps a shopper can see. `hosted`: the upstream's hosted checkout, framed in the element. */
export type Step = 'loading' | 'consultation' | 'decision' | 'details' | 'payment' | 'processing' | 'hosted' | 'complete' | 'expired' | 'error';

/**
 * How the hosted checkout's frame is doing: `loading` until it has loaded, `shown`, or
 * `blocked` (the page's CSP or the upstream's frame policy forbids it, or it never loaded):
 * then the element offers the plain link. `link`: `redirect="always"`, no frame at all.
 */
export type FrameState = 'loading' | 'shown' | 'blocked' | 'link';

export interface CheckoutError {
  code: string;
  message: string;
  recoverable: boolean;
}

export interface CheckoutState {
  step: Step;
  /** The session, in-page. */
  session: ClientSession | null;
  /** The session, hosted (what the server read with the secret key). */
  hosted: HostedSession | null;
  frame: FrameState;
  /** The hosted page's height when it says so (the sandbox does); null: the frame's own size. */
  frameHeight: number | null;
  /** Changed to load the hosted page afresh in a new frame. */
  frameKey: number;
  questionnaire: Questionnaire | null;
  /** Health answers: held here, in memory only, until sent once. */
  answers: ConsultationAnswers;
  /** Messages beside questions or fields, by ID. */
  fieldErrors: Record<string, string>;
  decision: { status: 'approved' | 'denied' | 'pending'; reason: string | null; letter: Letter | null } | null;
  /** Why the promo code typed was not applied, shown under its field. */
  promoError: string | null;
  /** A decline or a failed authentication, shown on the payment step. */
  paymentError: string | null;
  /** The payment form could not load (offline, blocked, CSP). */
  stripeFailed: boolean;
  /** The payment form says the card details are complete. */
  cardComplete: boolean;
  /** One attempt at a time: true while a step's call is under way. */
  busy: boolean;
  error: CheckoutError | null;
  /** A line read out by the live region (errors, progress). */
  announcement: string;
  /** How many lines have been said: the same line said again is a new one (see `said`). */
  announced: number;
}

export const initialState = (): CheckoutState => ({
  step: 'loading',
  session: null,
  hosted: null,
  frame: 'loading',
  frameHeight: null,
  frameKey: 0,
  questionnaire: null,
  answers: {},
  fieldErrors: {},
  decision: null,
  promoError: null,
  paymentError: null,
  stripeFailed: false,
  cardComplete: false,
  busy: false,
  error: null,
  announcement: '',
  announced: 0,
});

/**
 * A line for the live region to read out. Counted, so the same line said twice (a second submit
 * with the same error) is read out twice: the element renders each count's line afresh.
 */
export const said = (state: CheckoutState, text: string): Pick<CheckoutState, 'announcement' | 'announced'> => ({
  announcement: text,
  announced: state.announced + 1,
});

/** One store per element: the single source of truth its steps render from. */
export const createCheckoutStore = () => createStore<CheckoutState>()(() => initialState());
export type CheckoutStore = ReturnType<typeof createCheckoutStore>;

/** Where a session, as the server reports it, puts the shopper. */
export function stepFor(session: ClientSession, detailsDone: boolean): Step {
  if (session.status === 'complete') return 'complete';
  if (session.status === 'expired') return 'expired';
  if (session.consultation_required) return session.consultation && session.consultation.status !== 'approved' ? 'decision' : 'consultation';
  if (session.payment_intent?.status === 'requires_action') return 'processing';
  // The details step also takes the shipping address, when the session collects one.
  const addressMissing = session.shipping_address_collection && !session.shipping_address;
  return (detailsDone || session.customer_details) && !addressMissing ? 'payment' : 'details';
}

/** Whichever view the session has: what the summary shows. */
export const summaryOf = (state: CheckoutState): ClientSession | HostedSession | null => state.session ?? state.hosted;
