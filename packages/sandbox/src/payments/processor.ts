import type { PaymentError } from '@flex-checkout/protocol';
import type { Db } from '../db/collection.js';

/**
 * The sandbox's card processor: what Stripe's test cards do. Outcomes are decided by the
 * card's behaviour (kept when the card frame tokenized it; the number itself is never kept).
 */
export type Outcome = { kind: 'succeeded' } | { kind: 'requires_action' } | { kind: 'declined'; error: Omit<PaymentError, 'payment_method'> };

/** Stripe's decline codes and messages, in words a shopper can act on. */
const DECLINES: Record<string, { code: string; decline_code: string | null; message: string }> = {
  insufficient_funds: {
    code: 'card_declined',
    decline_code: 'insufficient_funds',
    message: 'Your card has insufficient funds. Try another card.',
  },
  generic_decline: { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined. Try another card.' },
  lost_card: { code: 'card_declined', decline_code: 'lost_card', message: 'Your card was declined. Try another card.' },
  expired_card: { code: 'expired_card', decline_code: null, message: 'Your card has expired. Try another card.' },
  incorrect_cvc: { code: 'incorrect_cvc', decline_code: null, message: "Your card's security code is incorrect. Check it and try again." },
  not_a_test_card: {
    code: 'card_declined',
    decline_code: 'test_mode_live_card',
    message: 'Your card was declined: this is a test checkout, so use a test card such as 4242 4242 4242 4242.',
  },
  authentication_required: {
    code: 'authentication_required',
    decline_code: 'authentication_required',
    message: 'This card needs the customer to authenticate the payment, which cannot happen off session. Ask the customer to pay on session.',
  },
};

export const AUTHENTICATION_FAILED: Omit<PaymentError, 'payment_method'> = {
  type: 'card_error',
  code: 'payment_intent_authentication_failure',
  decline_code: null,
  message: 'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
};

/**
 * The outcome of charging (`charge: true`) or verifying a card for later use (a setup
 * intent). Off session there is nobody to complete 3-D Secure, so a card that asks for it
 * declines with `authentication_required`. A `declines_charges` card (4000 0000 0000 0341)
 * verifies fine and declines every charge.
 */
export function process(behaviour: string, { offSession, charge }: { offSession: boolean; charge: boolean }): Outcome {
  // A disputed card's charge goes through; the dispute follows it (money/disputes.ts).
  if (behaviour === 'succeeds' || behaviour === 'disputes') return { kind: 'succeeded' };
  if (behaviour === 'declines_charges') return charge ? declined('generic_decline') : { kind: 'succeeded' };
  if (behaviour === 'requires_3ds') {
    return offSession ? declined('authentication_required') : { kind: 'requires_action' };
  }
  return declined(behaviour in DECLINES ? behaviour : 'generic_decline');
}

function declined(key: string): Outcome {
  const d = DECLINES[key]!;
  return { kind: 'declined', error: { type: 'card_error', code: d.code, decline_code: d.decline_code, message: d.message } };
}

/** The behaviour the card frame recorded for a payment method. */
export async function behaviourOf(db: Db, paymentMethodId: string): Promise<string> {
  const row = await db.selectFrom('payment_methods').select('behaviour').where('id', '=', paymentMethodId).executeTakeFirst();
  return row?.behaviour ?? 'generic_decline';
}
