import { html, nothing } from '../../runtime.js';
import { countryOptions, defaultCountry } from '@flex-checkout/protocol/country-options';
import type { AddressInput } from '../flow.js';
import type { Messages } from '../../i18n/index.js';
import { InPageStep, SPACE } from '../step.js';

interface Field {
  name: string;
  type: 'email' | 'text' | 'tel';
  /** Bound as the property: the analyzer's list of autofill tokens knows no section (`shipping …`). */
  autocomplete: AutoFill;
  label: keyof Messages;
  optional?: boolean;
  half?: boolean;
}

const CONTACT: Field[] = [
  { name: 'email', type: 'email', autocomplete: 'email', label: 'email' },
  { name: 'first_name', type: 'text', autocomplete: 'given-name', label: 'firstName', half: true },
  { name: 'last_name', type: 'text', autocomplete: 'family-name', label: 'lastName', half: true },
  { name: 'phone', type: 'tel', autocomplete: 'tel', label: 'phone', optional: true },
];

/** The shipping address, as Flex keeps it (flat); the country is a list above these. */
const COUNTRY_AUTOFILL: AutoFill = 'shipping country';

const ADDRESS: Field[] = [
  { name: 'line1', type: 'text', autocomplete: 'shipping address-line1', label: 'line1' },
  { name: 'line2', type: 'text', autocomplete: 'shipping address-line2', label: 'line2', optional: true },
  { name: 'city', type: 'text', autocomplete: 'shipping address-level2', label: 'city', half: true },
  { name: 'state', type: 'text', autocomplete: 'shipping address-level1', label: 'region', half: true },
  { name: 'postal_code', type: 'text', autocomplete: 'shipping postal-code', label: 'postalCode' },
];

/**
 * Email, names and phone, prefilled from the session's defaults (or what was entered before);
 * and the shipping address when the session collects one (`shipping_address_collection`),
 * in the countries it ships to.
 */
export class FlexCheckoutDetails extends InPageStep {
  override render() {
    const { t } = this;
    const session = this.state.session!;
    const contact = session.customer_details ?? session.defaults;
    const address = session.shipping_address;
    return html`<section class="panel" part="details">
      <h2 tabindex="-1" data-heading>${t.detailsTitle}</h2>
      <form novalidate @submit=${this.submit}>
        ${CONTACT.map((f) => this.field(f, contact[f.name as keyof typeof contact] ?? ''))}
        ${
          session.shipping_address_collection
            ? html`<fieldset class="address" part="address">
              <legend>${t.shippingTitle}</legend>
              ${this.countryField(address?.country ?? null)}
              ${ADDRESS.map((f) => this.field(f, address?.[f.name as keyof typeof address] ?? ''))}
            </fieldset>`
            : nothing
        }
        <button class="primary" part="button" type="submit" aria-disabled=${this.state.busy ? 'true' : 'false'}>${t.continue}</button>
      </form>
    </section>`;
  }

  private field(f: Field, value: string) {
    const { t } = this;
    const error = this.state.fieldErrors[f.name];
    return html`<div class=${f.half ? 'field half' : 'field'}>
      <label class="field-label" for="d-${f.name}">${t[f.label]}${f.optional ? html`${SPACE}<span class="muted">(${t.optional})</span>` : ''}</label>
      <input id="d-${f.name}" name=${f.name} type=${f.type} .autocomplete=${f.autocomplete} .value=${value}
        ?required=${!f.optional} aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? `d-${f.name}-error` : nothing} />
      ${error ? html`<p class="field-error" id="d-${f.name}-error">${error}</p>` : ''}
    </div>`;
  }

  private countryField(current: string | null) {
    const { t, locale } = this;
    const session = this.state.session!;
    // The upstream names the countries; one that names none is taken to ship to the United States.
    // Named by the browser (Intl.DisplayNames), so no table of countries ships with the element.
    const codes = session.shipping_allowed_countries ?? ['US'];
    const options = countryOptions(codes, locale === 'es' ? 'es-US' : 'en-US');
    const chosen = current ?? defaultCountry(codes);
    const error = this.state.fieldErrors.country;
    return html`<div class="field">
      <label class="field-label" for="d-country">${t.country}</label>
      <select id="d-country" name="country" .autocomplete=${COUNTRY_AUTOFILL} aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? 'd-country-error' : nothing}>
        ${options.map((o) => html`<option value=${o.code} ?selected=${o.code === chosen}>${o.name}</option>`)}
      </select>
      ${error ? html`<p class="field-error" id="d-country-error">${error}</p>` : ''}
    </div>`;
  }

  /** An arrow, as an event listener: it is passed to the template, never called on the element. */
  private readonly submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    // Every field is a text input: its value is text (a File only comes from a file input).
    const get = (name: string) => {
      const value = data.get(name);
      return typeof value === 'string' ? value : '';
    };
    const address: AddressInput | undefined = this.state.session!.shipping_address_collection
      ? { country: get('country'), line1: get('line1'), line2: get('line2'), city: get('city'), state: get('state'), postal_code: get('postal_code') }
      : undefined;
    await this.flow.submitDetails({ email: get('email'), first_name: get('first_name'), last_name: get('last_name'), phone: get('phone'), address });
    await this.focusErrors();
  };
}
