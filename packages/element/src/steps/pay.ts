import { html, nothing } from 'lit';
import { money, recurringPrice } from '../format.js';
import { fill } from '../i18n/index.js';
import { savesCard } from '../payment.js';
import { StepElement } from './base.js';

/**
 * The payment step. The card form itself is Stripe's (or the sandbox's) frame in a light-DOM
 * child of `<flex-checkout>`, shown here through `<slot name="payment">`. The button says
 * what will happen; a card that will be kept is said plainly before the shopper pays.
 */
export class FlexCheckoutPay extends StepElement {
  override render() {
    const { t, locale } = this;
    const session = this.state.session!;
    const processing = this.state.step === 'processing';
    const recurring = session.line_items.find((l) => l.recurring);
    const price = recurring ? recurringPrice(recurring, t, locale) : '';
    // What the confirm charges now is the upstream's number (amount_due_now), never a sum made here.
    const due = money(session.amount_due_now, session.currency, locale);
    const trial = session.line_items.some((l) => l.recurring?.trial_period_days);
    const label =
      session.mode === 'setup'
        ? t.saveCard
        : session.mode === 'subscription'
          ? session.amount_due_now === 0
            ? fill(t.startTrial, { price })
            : trial
              ? fill(t.payStartTrial, { amount: due, price })
              : fill(t.subscribe, { price })
          : fill(t.pay, { amount: due });
    return html`<section class="panel" part="payment">
      <h2 tabindex="-1" data-heading>${t.paymentTitle}</h2>
      ${savesCard(session)
        ? html`<p class="notice">${fill(t.savedCardNotice, { what: session.mode === 'subscription' ? t.futureRenewals : t.futurePurchases })}</p>`
        : nothing}
      ${this.state.stripeFailed
        ? html`<div class="alert" role="alert"><p>${t.stripeFailed}</p>
            <button class="link" type="button" @click=${() => this.controller.retryPayment()}>${t.tryAgain}</button></div>`
        : nothing}
      <slot name="payment" class="payment-slot"></slot>
      ${this.state.paymentError ? html`<p class="alert" id="pay-error">${this.state.paymentError}</p>` : nothing}
      <form novalidate @submit=${this.submit} style="margin-top:16px">
        <button class="primary" part="button" type="submit" aria-describedby=${this.state.paymentError ? 'pay-error' : nothing}
          aria-disabled=${this.state.busy || processing || this.state.stripeFailed ? 'true' : 'false'}>
          ${processing ? html`<span class="spinner" aria-hidden="true"></span>${session.mode === 'setup' ? t.savingCard : t.processing}` : label}
        </button>
      </form>
      <p class="muted" style="margin-top:12px">${t.secure}</p>
    </section>`;
  }

  private submit(event: Event) {
    event.preventDefault();
    void this.controller.pay();
  }
}
