import type { ConfirmationToken, ConfirmationTokenCreateRequest, PaymentMethod } from '@flex-checkout/protocol';
import type { z } from 'zod';
import { toIso } from '../clock.js';
import type { Db } from '../db/collection.js';
import { ApiError } from '../http/errors.js';
import { newId } from '../ids.js';
import { inspectCard, type InspectedCard } from '../payments/test-cards.js';

/** How long a confirmation token may be confirmed: one hour, ample for a shopper finishing a checkout. */
export const CONFIRMATION_TOKEN_TTL_MS = 60 * 60 * 1000;

type CardInput = z.output<typeof ConfirmationTokenCreateRequest>['payment_method_data']['card'];

const cardLoc = (field: keyof CardInput) => ['body', 'payment_method_data', 'card', field];

/**
 * A card problem in Stripe's words (the card frame shows `msg` under the field). 422, type
 * `card_error`: the request is well formed, the card is not acceptable.
 *
 * The message never quotes what was sent: the number and CVC must not echo back.
 */
const cardError = (field: keyof CardInput, msg: string) => ApiError.one(422, cardLoc(field), msg, 'card_error');

/** Checks a card as Stripe does when it tokenizes one, by the sandbox clock. */
export function validateCard(card: CardInput, now: number): InspectedCard {
  const inspected = inspectCard(card.number);
  if ('error' in inspected) throw cardError('number', 'Your card number is invalid.');

  // A card is good through the last day of its expiry month.
  const today = new Date(now);
  const [year, month] = [today.getUTCFullYear(), today.getUTCMonth() + 1];
  if (card.exp_year < year || (card.exp_year === year && card.exp_month < month)) {
    throw cardError('exp_year', "Your card's expiration date is in the past.");
  }

  const cvcLength = inspected.brand === 'amex' ? 4 : 3;
  if (card.cvc.length !== cvcLength) throw cardError('cvc', "Your card's security code is invalid.");
  return inspected;
}

/**
 * Stores what may be known of the card (brand, last four, expiry, ZIP and the test
 * behaviour) as a payment method, and a one-hour confirmation token pointing at it.
 * The number and CVC go no further than `validateCard`.
 */
export async function createConfirmationToken(db: Db, now: number, request: z.output<typeof ConfirmationTokenCreateRequest>): Promise<ConfirmationToken> {
  const { card, billing_details } = request.payment_method_data;
  const inspected = validateCard(card, now);

  const paymentMethod: PaymentMethod = {
    payment_method_id: newId('payment_method', now),
    type: 'card',
    card: { brand: inspected.brand, last4: inspected.last4, exp_month: card.exp_month, exp_year: card.exp_year },
    billing_details: {
      email: null,
      name: null,
      phone: null,
      address: { postal_code: billing_details?.address?.postal_code ?? null },
    },
    customer: null,
    metadata: null,
    created_at: toIso(now),
    test_mode: true,
    off_session: false,
  };
  await db
    .insertInto('payment_methods')
    .values({
      id: paymentMethod.payment_method_id,
      customer_id: null,
      behaviour: inspected.behaviour,
      data: JSON.stringify(paymentMethod),
    })
    .execute();

  const token: ConfirmationToken = {
    confirmation_token_id: newId('confirmation_token', now),
    payment_method_preview: { type: 'card', card: paymentMethod.card, billing_details: paymentMethod.billing_details },
    created_at: toIso(now),
    expires_at: toIso(now + CONFIRMATION_TOKEN_TTL_MS),
    test_mode: true,
  };
  await db
    .insertInto('confirmation_tokens')
    .values({
      id: token.confirmation_token_id,
      payment_method_id: paymentMethod.payment_method_id,
      used_at: null,
      data: JSON.stringify(token),
    })
    .execute();
  return token;
}
