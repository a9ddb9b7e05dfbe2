import { fill, html, money, nothing } from '../../runtime.js';
import { renewalPrice } from '../consent.js';
import { InPageStep, SPACE } from '../step.js';

/**
 * The payment step. The card form itself is Stripe's (or the sandbox's) frame in a light-DOM
 * child of `<flex-checkout>`, shown here through `<slot name="payment">`. The button says
 * what will happen; when the card is kept, the stored-credential terms (naming the merchant)
 * stand right above it, and pressing it is the shopper's agreement to them.
 */
export class FlexCheckoutPay extends InPageStep {
  override render() {
    // The terms shown above the button (the host's merchant-name and terms-url), or null.
    const terms = this.flow.storedCardTerms();
    const { t, locale } = this;
    const session = this.state.session!;
    const processing = this.state.step === 'processing';
    const price = renewalPrice(session, t, locale);
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
      ${
        this.state.stripeFailed
          ? html`<div class="alert" role="alert"><p>${t.stripeFailed}</p>
            <button class="link" type="button" @click=${() => this.flow.retryPayment()}>${t.tryAgain}</button></div>`
          : nothing
      }
      <slot name="payment" class="payment-slot"></slot>
      ${this.state.paymentError ? html`<p class="alert" id="pay-error" tabindex="-1" data-focus>${this.state.paymentError}</p>` : nothing}
      ${
        terms
          ? html`<p class="notice terms" id="terms">${terms.text}${
              terms.termsUrl ? html`${SPACE}<a class="link" href=${terms.termsUrl} target="_blank" rel="noopener">${terms.termsLabel}</a>` : nothing
            }</p>`
          : nothing
      }
      <form class="pay" novalidate @submit=${this.submit}>
        <button class="primary" part="button" type="submit"
          aria-describedby=${[terms ? 'terms' : '', this.state.paymentError ? 'pay-error' : ''].filter(Boolean).join(' ') || nothing}
          aria-disabled=${this.state.busy || processing || this.state.stripeFailed ? 'true' : 'false'}>
          ${processing ? html`<span class="spinner" aria-hidden="true"></span>${session.mode === 'setup' ? t.savingCard : t.processing}` : label}
        </button>
      </form>
      <p class="muted after">${t.secure}</p>
    </section>`;
  }

  /** An arrow, as an event listener: it is passed to the template, never called on the element. */
  private readonly submit = (event: Event): void => {
    event.preventDefault();
    void this.flow.pay();
  };
}
