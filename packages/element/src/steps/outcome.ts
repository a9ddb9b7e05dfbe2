import { html, nothing } from 'lit';
import { longDate, money } from '../format.js';
import { fill } from '../i18n/index.js';
import { summaryOf } from '../store.js';
import { StepElement } from './base.js';

/** The steps with nothing to fill in: loading (a skeleton), complete, expired, error. */
export class FlexCheckoutOutcome extends StepElement {
  /**
   * What happened to the card, honestly: paid; held (a manual-capture session: the store
   * charges it later); or only saved (a trial, a setup).
   */
  private paidLine(last4: string, brand: string, received: number, authorized: number, currency: string): string {
    const { t, locale } = this;
    if (received > 0) return fill(t.paidWith, { amount: money(received, currency, locale), brand, last4 });
    if (authorized > 0) return fill(t.authorizedWith, { amount: money(authorized, currency, locale), brand, last4 });
    return fill(t.savedWith, { brand, last4 });
  }

  override render() {
    const { t, locale } = this;
    const { step, error } = this.state;
    const session = summaryOf(this.state);
    if (step === 'loading') {
      // The skeleton is the size of the form it stands for, so nothing jumps when it arrives.
      return html`<section class="panel skeleton" aria-busy="true" part="status">
        <h2 class="sr-only" tabindex="-1" data-heading>${t.loading}</h2>
        <div class="bone w40"></div><div class="bone tall"></div><div class="bone tall"></div>
        <div class="bone w70"></div><div class="bone tall"></div><div class="bone button"></div>
      </section>`;
    }
    if (step === 'complete' && session) {
      const c = session.completion;
      const brand = c?.card ? c.card.brand.charAt(0).toUpperCase() + c.card.brand.slice(1) : '';
      const letter = session.checkout === 'in-page' ? session.letter : null;
      const visitType = t.visitTypes[letter?.visit_type ?? ''] ?? letter?.visit_type ?? '';
      return html`<section class="panel" part="status">
        <span class="done-mark" aria-hidden="true">✓</span>
        <h2 tabindex="-1" data-heading>${t.completeTitle}</h2>
        ${c?.card ? html`<p>${this.paidLine(c.card.last4, brand, c.amount_received, c.amount_authorized, session.currency)}</p>` : nothing}
        ${letter ? html`<p>${fill(t.letterIssued, { visitType, date: longDate(letter.expires_at, locale) })}</p>` : nothing}
      </section>`;
    }
    if (step === 'expired') {
      return html`<section class="panel" part="status">
        <h2 tabindex="-1" data-heading>${t.expiredTitle}</h2>
        <p>${t.expiredBody}</p>
        <div class="actions">
          ${
            session?.cancel_url
              ? html`<a class="link" href=${session.cancel_url}>${t.startAgain}</a>`
              : html`<button class="link" type="button" @click=${() => location.reload()}>${t.startAgain}</button>`
          }
        </div>
      </section>`;
    }
    return html`<section class="panel" part="status">
      <h2 tabindex="-1" data-heading>${t.errorTitle}</h2>
      <p>${error?.message ?? t.loadFailed}</p>
      ${error?.recoverable ? html`<button class="primary" part="button" type="button" @click=${() => this.controller.start()}>${t.tryAgain}</button>` : nothing}
    </section>`;
  }
}
