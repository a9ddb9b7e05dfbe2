import type { CheckoutSession, PaymentError, PaymentIntent, SetupIntent } from '@flex-checkout/protocol';
import { toIso, toUnixSeconds } from '../clock.js';
import { newId, secretToken } from '../ids.js';
import type { Outcome } from './processor.js';

export function newPaymentIntent(now: number, session: CheckoutSession, amount: number, offSession: boolean): PaymentIntent {
  return paymentIntentFor(now, {
    amount,
    currency: session.currency,
    customer: session.customer,
    checkout_session: session.checkout_session_id,
    setup_future_use: session.setup_future_use,
    off_session: offSession,
    capture_method: session.capture_method,
    metadata: session.metadata,
  });
}

/** How long a card authorization holds before it lapses uncaptured: 7 days, as Stripe's online card payments. */
export const AUTHORIZATION_MS = 7 * 24 * 60 * 60 * 1000;

/** A new payment intent for any charge: a session's, or an invoice's (no session). */
export function paymentIntentFor(
  now: number,
  fields: Pick<PaymentIntent, 'amount' | 'currency' | 'customer' | 'checkout_session' | 'setup_future_use' | 'off_session'> &
    Partial<Pick<PaymentIntent, 'capture_method' | 'invoice' | 'metadata'>>,
): PaymentIntent {
  const id = newId('payment_intent', now);
  return {
    payment_intent_id: id,
    capture_method: 'automatic',
    invoice: null,
    metadata: null,
    ...fields,
    amount_received: 0,
    amount_capturable: 0,
    capture_before: null,
    cancellation_reason: null,
    latest_charge: null,
    status: 'requires_payment_method',
    payment_method: null,
    last_payment_error: null,
    next_action: null,
    client_secret: `${id}_secret_${secretToken()}`,
    created_at: toIso(now),
    test_mode: true,
  };
}

export function newSetupIntent(now: number, session: CheckoutSession): SetupIntent {
  const id = newId('setup_intent', now);
  return {
    setup_intent_id: id,
    status: 'requires_payment_method',
    customer: session.customer,
    payment_method: null,
    checkout_session: session.checkout_session_id,
    usage: 'off_session',
    last_setup_error: null,
    next_action: null,
    client_secret: `${id}_secret_${secretToken()}`,
    created_at: toIso(now),
    test_mode: true,
  };
}

/** Where the browser goes for the 3-D Secure test challenge. */
export const challengeUrl = (publicUrl: string) => `${publicUrl}/sandbox/challenge`;

/**
 * The card accepted the payment: automatic capture takes the money now (`succeeded`); manual
 * capture holds it (`requires_capture`, `amount_capturable`) until a capture, a cancel, or
 * `capture_before` (7 days from the authorization, on the sandbox clock). Either way the
 * charge it made gets its `fch_` ID.
 */
export function accepted(pi: PaymentIntent, authorizedAt: number): PaymentIntent {
  const base = { ...pi, next_action: null, last_payment_error: null, latest_charge: pi.latest_charge ?? newId('charge', authorizedAt) };
  if (pi.capture_method === 'manual') {
    return {
      ...base,
      status: 'requires_capture',
      amount_capturable: pi.amount,
      amount_received: 0,
      capture_before: toUnixSeconds(authorizedAt + AUTHORIZATION_MS),
    };
  }
  return { ...base, status: 'succeeded', amount_received: pi.amount, amount_capturable: 0 };
}

/** A payment intent after one attempt with a card, following Stripe's lifecycle. */
export function applyToPaymentIntent(
  pi: PaymentIntent,
  outcome: Outcome,
  paymentMethod: string,
  publicUrl: string,
  now = Date.parse(pi.created_at),
): PaymentIntent {
  const base = { ...pi, payment_method: paymentMethod, next_action: null };
  switch (outcome.kind) {
    case 'succeeded':
      return accepted(base, now);
    case 'requires_action':
      return {
        ...base,
        status: 'requires_action',
        last_payment_error: null,
        next_action: { type: 'use_stripe_sdk', redirect_to_url: challengeUrl(publicUrl) },
      };
    case 'declined':
      return { ...base, status: 'requires_payment_method', last_payment_error: withMethod(outcome.error, paymentMethod) };
  }
}

export function applyToSetupIntent(si: SetupIntent, outcome: Outcome, paymentMethod: string, publicUrl: string): SetupIntent {
  const base = { ...si, payment_method: paymentMethod, next_action: null };
  switch (outcome.kind) {
    case 'succeeded':
      return { ...base, status: 'succeeded', last_setup_error: null };
    case 'requires_action':
      return {
        ...base,
        status: 'requires_action',
        last_setup_error: null,
        next_action: { type: 'use_stripe_sdk', redirect_to_url: challengeUrl(publicUrl) },
      };
    case 'declined':
      return { ...base, status: 'requires_payment_method', last_setup_error: withMethod(outcome.error, paymentMethod) };
  }
}

const withMethod = (error: Omit<PaymentError, 'payment_method'>, paymentMethod: string): PaymentError => ({
  ...error,
  payment_method: paymentMethod,
});
