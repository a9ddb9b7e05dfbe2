import { ShippingAddressInput, type CheckoutSession } from '@flex-checkout/protocol';
import type { z } from 'zod';
import type { Language } from '../language.js';
import { summaryMessages } from './summary-messages.js';
import type { ShippingField, ShippingFormState } from './views/shipping.js';

type Address = z.output<typeof ShippingAddressInput>;

/** The payment form's address part for a session that collects one; null when it does not. */
export function shippingState(session: CheckoutSession, language: Language, given?: ShippingFormState) {
  if (!session.shipping_address_collection) return null;
  const { shipping_address_id: _id, ...address } = session.shipping_details ?? { shipping_address_id: null };
  return {
    messages: summaryMessages(language),
    state: given ?? { address, errors: {}, countries: session.shipping_allowed_countries },
  };
}

/**
 * The address a posted payment form gives (`ship_line1`…), checked as the browser API checks
 * it: the address, or the form's refill with each problem at its field.
 */
export function readShipping(
  session: CheckoutSession,
  language: Language,
  text: (name: string) => string,
): { address: Address | null; state: ShippingFormState } {
  const m = summaryMessages(language);
  const raw = {
    line1: text('ship_line1'),
    line2: text('ship_line2') || null,
    city: text('ship_city'),
    state: text('ship_state') || null,
    postal_code: text('ship_postal_code'),
    country: text('ship_country') || session.shipping_allowed_countries?.[0] || 'US',
  };
  const errors: Partial<Record<ShippingField, string>> = {};
  const parsed = ShippingAddressInput.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      errors[`ship_${String(issue.path[0])}` as ShippingField] ??= raw[issue.path[0] as keyof typeof raw] ? m.countryNotShipped : m.required;
  } else if (session.shipping_allowed_countries && !session.shipping_allowed_countries.includes(parsed.data.country)) {
    errors.ship_country = m.countryNotShipped;
  }
  const state: ShippingFormState = { address: raw, errors, countries: session.shipping_allowed_countries };
  return { address: parsed.success && Object.keys(errors).length === 0 ? parsed.data : null, state };
}
