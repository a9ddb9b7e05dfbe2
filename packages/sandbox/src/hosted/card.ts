import type { ConfirmationTokenCreateRequest } from '@flex-checkout/protocol';
import type { z } from 'zod';
import type { HostedMessages } from './messages.js';

type PaymentMethodData = z.input<typeof ConfirmationTokenCreateRequest>['payment_method_data'];

/**
 * The card fields of the hosted form, as the processor takes them. Only the shape is checked
 * here (digits, an MM / YY expiry, a US ZIP code); whether the card is good is the processor's
 * to say, in Stripe's words, as for every other card. Nothing here keeps or repeats the number.
 *
 * The ZIP code is required, as the in-page card form requires it (five digits; ZIP+4 is taken
 * too): a card paid here must not go through with less than one paid in the page.
 */
export function readCard(
  form: { number: string; expiry: string; cvc: string; postal_code: string },
  t: HostedMessages,
): { value: PaymentMethodData | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const number = form.number.replace(/[\s-]/g, '');
  if (!number) errors.number = t.required;
  else if (!/^\d{12,19}$/.test(number)) errors.number = t.invalidCardNumber;
  const expiry = /^(\d{1,2})\s*\/?\s*(\d{2}|\d{4})$/.exec(form.expiry);
  const month = expiry ? Number(expiry[1]) : 0;
  const year = expiry ? Number(expiry[2]!.length === 2 ? `20${expiry[2]}` : expiry[2]) : 0;
  if (!expiry || month < 1 || month > 12) errors.expiry = form.expiry ? t.invalidExpiry : t.required;
  if (!form.cvc) errors.cvc = t.required;
  else if (!/^\d{3,4}$/.test(form.cvc)) errors.cvc = t.invalidCvc;
  const postalCode = form.postal_code.trim();
  if (!postalCode) errors.postal_code = t.required;
  else if (!/^\d{5}(-?\d{4})?$/.test(postalCode)) errors.postal_code = t.invalidPostalCode;
  if (Object.keys(errors).length > 0) return { value: null, errors };
  return {
    value: {
      card: { number, exp_month: month, exp_year: year, cvc: form.cvc },
      billing_details: { address: { postal_code: postalCode } },
    },
    errors,
  };
}
