import { shippableCountries, ShippingAddressInput, type CheckoutSession } from '@flex-checkout/protocol';
import { defaultCountry } from '@flex-checkout/protocol/country-options';
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
    state: given ?? { address, errors: {}, countries: shippableCountries(session.shipping_allowed_countries) },
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
  const countries = shippableCountries(session.shipping_allowed_countries);
  const raw = {
    line1: text('ship_line1'),
    line2: text('ship_line2') || null,
    city: text('ship_city'),
    state: text('ship_state') || null,
    postal_code: text('ship_postal_code'),
    country: text('ship_country') || (defaultCountry(countries) ?? ''),
  };
  const errors: Partial<Record<ShippingField, string>> = {};
  const parsed = ShippingAddressInput.safeParse(raw);
  if (!parsed.success) {
    // Each field's own problem: empty, too long, or (the country) not one it ships to.
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] as keyof typeof raw;
      errors[`ship_${key}`] ??= !raw[key]?.trim()
        ? m.required
        : key === 'country'
          ? m.countryNotShipped
          : issue.code === 'too_big'
            ? m.tooLong.replace('{max}', String(issue.maximum))
            : m.required;
    }
  } else if (!countries.includes(parsed.data.country)) {
    errors.ship_country = m.countryNotShipped;
  }
  // A US address needs its state to arrive; elsewhere the region is often not used (as the
  // element's details step has it).
  if (raw.country.toUpperCase() === 'US' && !raw.state?.trim()) errors.ship_state ??= m.required;
  const state: ShippingFormState = { address: raw, errors, countries };
  return { address: parsed.success && Object.keys(errors).length === 0 ? parsed.data : null, state };
}
