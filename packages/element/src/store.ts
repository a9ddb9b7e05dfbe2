import type { ClientSession, ConsultationAnswers, Letter, Questionnaire } from '@flex-checkout/protocol';
import { createStore } from 'zustand/vanilla';

/** The steps a shopper can see. */
export type Step = 'loading' | 'consultation' | 'decision' | 'details' | 'payment' | 'processing' | 'complete' | 'expired' | 'error';

export interface CheckoutError {
  code: string;
  message: string;
  recoverable: boolean;
}

export interface CheckoutState {
  step: Step;
  session: ClientSession | null;
  questionnaire: Questionnaire | null;
  /** Health answers: held here, in memory only, until sent once. */
  answers: ConsultationAnswers;
  /** Messages beside questions or fields, by ID. */
  fieldErrors: Record<string, string>;
  decision: { status: 'approved' | 'denied' | 'pending'; reason: string | null; letter: Letter | null } | null;
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
}

export const initialState = (): CheckoutState => ({
  step: 'loading',
  session: null,
  questionnaire: null,
  answers: {},
  fieldErrors: {},
  decision: null,
  paymentError: null,
  stripeFailed: false,
  cardComplete: false,
  busy: false,
  error: null,
  announcement: '',
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
  return detailsDone || session.customer_details ? 'payment' : 'details';
}
