import { html } from 'lit';
import { StepElement } from './base.js';

const FIELDS = [
  { name: 'email', type: 'email', autocomplete: 'email', label: 'email' },
  { name: 'first_name', type: 'text', autocomplete: 'given-name', label: 'firstName' },
  { name: 'last_name', type: 'text', autocomplete: 'family-name', label: 'lastName' },
  { name: 'phone', type: 'tel', autocomplete: 'tel', label: 'phone' },
] as const;

/** Email, names and phone, prefilled from the session's defaults (or what was entered before). */
export class FlexCheckoutDetails extends StepElement {
  override render() {
    const { t } = this;
    const session = this.state.session!;
    const prefill = session.customer_details ?? session.defaults;
    return html`<section class="panel" part="details">
      <h2 tabindex="-1" data-heading>${t.detailsTitle}</h2>
      <form novalidate @submit=${this.submit}>
        ${FIELDS.map((f) => {
          const error = this.state.fieldErrors[f.name];
          const optional = f.name === 'phone';
          return html`<div class=${f.name === 'first_name' || f.name === 'last_name' ? 'field half' : 'field'}>
            <label class="field-label" for="d-${f.name}">${t[f.label]}${optional ? html` <span class="muted">(${t.optional})</span>` : ''}</label>
            <input id="d-${f.name}" name=${f.name} type=${f.type} autocomplete=${f.autocomplete} .value=${prefill[f.name] ?? ''}
              ?required=${!optional} aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? `d-${f.name}-error` : ''} />
            ${error ? html`<p class="field-error" id="d-${f.name}-error">${error}</p>` : ''}
          </div>`;
        })}
        <button class="primary" part="button" type="submit" aria-disabled=${this.state.busy ? 'true' : 'false'}>${t.continue}</button>
      </form>
    </section>`;
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const get = (name: string) => String(data.get(name) ?? '');
    await this.controller.submitDetails({ email: get('email'), first_name: get('first_name'), last_name: get('last_name'), phone: get('phone') });
    await this.focusErrors();
  }
}
