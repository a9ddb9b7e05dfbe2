/**
 * Stripe's test cards: what the sandbox's card processor does with a card is decided here,
 * once, when the card frame tokenizes it. Only the result (`behaviour`) is kept beside the
 * payment method; the number itself is never stored.
 *
 * @see https://docs.stripe.com/testing
 */

export type CardBehaviour =
  | 'succeeds'
  | 'insufficient_funds'
  | 'generic_decline'
  | 'requires_3ds'
  | 'expired_card'
  | 'incorrect_cvc'
  | 'lost_card'
  /** Saves and verifies fine (a setup, a trial), then every charge declines: a card that "starts declining". */
  | 'declines_charges'
  /** A Luhn-valid number that is not one of Stripe's test cards: declined, as Stripe's test mode declines real cards. */
  | 'not_a_test_card'
  /** Charges fine, then the cardholder disputes it as fraudulent (Stripe's 4000 0000 0000 0259). */
  | 'disputes';

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'unknown';

export interface InspectedCard {
  brand: CardBrand;
  last4: string;
  behaviour: CardBehaviour;
}

const TEST_CARDS: Readonly<Record<string, CardBehaviour>> = {
  '4242424242424242': 'succeeds',
  '5555555555554444': 'succeeds',
  '378282246310005': 'succeeds',
  '6011111111111117': 'succeeds',
  '4000000000009995': 'insufficient_funds',
  '4000000000000002': 'generic_decline',
  '4000002500003155': 'requires_3ds',
  '4000002760003184': 'requires_3ds',
  '4000000000000069': 'expired_card',
  '4000000000000127': 'incorrect_cvc',
  '4000000000009987': 'lost_card',
  '4000000000000341': 'declines_charges',
  '4000000000000259': 'disputes',
};

/** Lengths each brand issues; an unknown brand may be any length cards come in. */
const LENGTHS: Readonly<Record<CardBrand, readonly number[]>> = {
  visa: [13, 16, 19],
  mastercard: [16],
  amex: [15],
  discover: [16, 17, 18, 19],
  unknown: [12, 13, 14, 15, 16, 17, 18, 19],
};

/** The brand by the number's leading digits (its IIN range). */
export function brandOf(digits: string): CardBrand {
  if (/^4/.test(digits)) return 'visa';
  if (/^(5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/.test(digits)) return 'mastercard';
  if (/^3[47]/.test(digits)) return 'amex';
  if (/^(6011|65|64[4-9]|622)/.test(digits)) return 'discover';
  return 'unknown';
}

/** The Luhn checksum every card number carries in its last digit. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/**
 * What a card number is (brand, last four digits) and what the test processor will do with
 * it. Spaces are ignored; a number that is not Luhn-valid or has a length its brand does not
 * issue is an error, as Stripe answers "Your card number is invalid.".
 */
export function inspectCard(number: string): InspectedCard | { error: string } {
  const digits = number.replace(/ /g, '');
  if (!/^\d+$/.test(digits)) return { error: 'A card number is digits only' };
  const brand = brandOf(digits);
  if (!LENGTHS[brand].includes(digits.length)) return { error: `A ${brand} card number does not have ${digits.length} digits` };
  if (!luhnValid(digits)) return { error: 'The card number fails its Luhn check' };
  return { brand, last4: digits.slice(-4), behaviour: TEST_CARDS[digits] ?? 'not_a_test_card' };
}
