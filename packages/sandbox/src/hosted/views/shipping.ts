import { html } from 'hono/html';
import type { FlatAddress } from '@flex-checkout/protocol';
import type { SummaryMessages } from '../summary-messages.js';
import type { Html } from './layout.js';

/** The address fields, as the form names them (`ship_line1`…): apart from the contact and card fields. */
export const SHIPPING_FIELDS = ['ship_line1', 'ship_line2', 'ship_city', 'ship_state', 'ship_postal_code', 'ship_country'] as const;
export type ShippingField = (typeof SHIPPING_FIELDS)[number];
/** The address fields a shopper may leave blank (ShippingAddressInput's nullable ones). */
const OPTIONAL: ReadonlySet<ShippingField> = new Set(['ship_line2', 'ship_state']);

/** What the address part of the payment form shows: the address so far, its problems, the countries. */
export interface ShippingFormState {
  address: Partial<Record<keyof FlatAddress, string | null>>;
  errors: Partial<Record<ShippingField, string>>;
  /** The countries it may be in; null: any (a text field, `US` by default). */
  countries: string[] | null;
}

export const shippingLabels = (m: SummaryMessages): Record<ShippingField, string> => ({
  ship_line1: m.line1,
  ship_line2: m.line2,
  ship_city: m.city,
  ship_state: m.state,
  ship_postal_code: m.postalCode,
  ship_country: m.country,
});

/** The shipping address fieldset of the payment form, when the session collects one. */
export function shippingFields(m: SummaryMessages, s: ShippingFormState): Html {
  const labels = shippingLabels(m);
  const field = (name: ShippingField, autocomplete: string, value: string | null | undefined) => {
    const error = s.errors[name];
    // As on the contact and card fields: `required` for assistive technology (the form is
    // `novalidate`; the server checks). The optional ones say "(optional)" in their labels.
    return html`<div class="field">
      <label class="label" for="${name}">${labels[name]}</label>
      <input id="${name}" name="${name}" type="text" autocomplete="${autocomplete}" value="${value ?? ''}" ${OPTIONAL.has(name) ? '' : 'required'}
        aria-invalid="${error ? 'true' : 'false'}" ${error ? html`aria-describedby="${name}-error"` : ''}>
      ${error ? html`<p class="error" id="${name}-error">${error}</p>` : ''}
    </div>`;
  };
  const country = s.address.country ?? s.countries?.[0] ?? 'US';
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
      ${
        s.countries
          ? html`<div class="field">
            <label class="label" for="ship_country">${labels.ship_country}</label>
            <select id="ship_country" name="ship_country" autocomplete="shipping country" required aria-invalid="${countryError ? 'true' : 'false'}">
              ${s.countries.map((c) => html`<option value="${c}" ${c === country ? 'selected' : ''}>${c}</option>`)}
            </select>
            ${countryError ? html`<p class="error" id="ship_country-error">${countryError}</p>` : ''}
          </div>`
          : field('ship_country', 'shipping country', country)
      }
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
