import { html } from 'hono/html';
import type { FlatAddress } from '@flex-checkout/protocol';
import { countryOptions, defaultCountry } from '@flex-checkout/protocol/country-options';
import type { SummaryMessages } from '../summary-messages.js';
import type { Html } from './layout.js';

/** The address fields, as the form names them (`ship_line1`…): apart from the contact and card fields. */
export const SHIPPING_FIELDS = ['ship_line1', 'ship_line2', 'ship_city', 'ship_state', 'ship_postal_code', 'ship_country'] as const;
export type ShippingField = (typeof SHIPPING_FIELDS)[number];
/**
 * The address fields not marked `required`: the second line (its label says "(optional)"), and
 * the state, which only a US address needs (shipping-form.ts), as in the element's details step.
 */
const NOT_REQUIRED: ReadonlySet<ShippingField> = new Set(['ship_line2', 'ship_state']);

/** What the address part of the payment form shows: the address so far, its problems, the countries. */
export interface ShippingFormState {
  address: Partial<Record<keyof FlatAddress, string | null>>;
  errors: Partial<Record<ShippingField, string>>;
  /** The countries it may be in (every ISO 3166-1 code when the session ships anywhere). */
  countries: readonly string[];
}

export const shippingLabels = (m: SummaryMessages): Record<ShippingField, string> => ({
  ship_line1: m.line1,
  ship_line2: m.line2,
  ship_city: m.city,
  ship_state: m.state,
  ship_postal_code: m.postalCode,
  ship_country: m.country,
});

/**
 * The countries as the shopper reads them, named in the page's language (Node's ICU, as the
 * element uses the browser's, by the same function) and sorted by name; the value sent is the code.
 */
function countryNames(codes: readonly string[], locale: string): readonly { code: string; name: string }[] {
  // Kept: the page is drawn again on every refused form, and the list is the same ~250 each time.
  const key = `${locale}:${codes.join()}`;
  let named = namedCountries.get(key);
  if (!named) {
    named = countryOptions(codes, locale);
    if (namedCountries.size > 100) namedCountries.clear();
    namedCountries.set(key, named);
  }
  return named;
}
const namedCountries = new Map<string, readonly { code: string; name: string }[]>();

/** The shipping address fieldset of the payment form, when the session collects one. */
export function shippingFields(m: SummaryMessages, s: ShippingFormState): Html {
  const labels = shippingLabels(m);
  const field = (name: ShippingField, autocomplete: string, value: string | null | undefined) => {
    const error = s.errors[name];
    // As on the contact and card fields: `required` for assistive technology (the form is
    // `novalidate`; the server checks).
    return html`<div class="field">
      <label class="label" for="${name}">${labels[name]}</label>
      <input id="${name}" name="${name}" type="text" autocomplete="${autocomplete}" value="${value ?? ''}" ${NOT_REQUIRED.has(name) ? '' : 'required'}
        aria-invalid="${error ? 'true' : 'false'}" ${error ? html`aria-describedby="${name}-error"` : ''}>
      ${error ? html`<p class="error" id="${name}-error">${error}</p>` : ''}
    </div>`;
  };
  const country = s.address.country ?? defaultCountry(s.countries);
  const countryError = s.errors.ship_country;
  return html`<h2>${m.shippingTitle}</h2>
    ${field('ship_line1', 'shipping address-line1', s.address.line1)}
    ${field('ship_line2', 'shipping address-line2', s.address.line2)}
    <div class="grid">
      ${field('ship_city', 'shipping address-level2', s.address.city)}
      ${field('ship_state', 'shipping address-level1', s.address.state)}
    </div>
    <div class="grid">
      ${field('ship_postal_code', 'shipping postal-code', s.address.postal_code)}
      <div class="field">
        <label class="label" for="ship_country">${labels.ship_country}</label>
        <select id="ship_country" name="ship_country" autocomplete="shipping country" required aria-invalid="${countryError ? 'true' : 'false'}"
          ${countryError ? html`aria-describedby="ship_country-error"` : ''}>
          ${countryNames(s.countries, m.locale).map(({ code, name }) => html`<option value="${code}"${code === country ? ' selected' : ''}>${name}</option>`)}
        </select>
        ${countryError ? html`<p class="error" id="ship_country-error">${countryError}</p>` : ''}
      </div>
    </div>`;
}

/** The promo code form, under the summary, when the session takes codes. */
export function promoCodeForm(m: SummaryMessages, action: string, applied: string | null, error: string | null): Html {
  if (applied) {
    return html`<form method="post" action="${action}" class="field">
      <input type="hidden" name="code" value="">
      <button class="secondary" type="submit">${m.removeCode.replace('{code}', applied)}</button>
    </form>`;
  }
  return html`<form method="post" action="${action}" class="field" novalidate>
    <label class="label" for="promo_code">${m.promoCode}</label>
    <div class="grid">
      <input id="promo_code" name="code" type="text" autocomplete="off" aria-invalid="${error ? 'true' : 'false'}" ${error ? html`aria-describedby="promo_code-error"` : ''}>
      <button class="secondary" type="submit">${m.apply}</button>
    </div>
    ${error ? html`<p class="error" id="promo_code-error" role="alert">${error}</p>` : ''}
  </form>`;
}
