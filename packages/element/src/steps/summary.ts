import type { SummaryDiscount } from '@flex-checkout/protocol';
import { html, nothing } from 'lit';
import { money, recurringPrice, trialLength } from '../format.js';
import { fill, plural } from '../i18n/index.js';
import { summaryOf } from '../store.js';
import { StepElement } from './base.js';

/**
 * The order summary, visible throughout; a disclosure that starts closed on narrow screens.
 * Every number in it is the upstream's (lines before discounts, each discount, shipping, tax,
 * the total and what is due now): the element adds nothing up itself.
 */
export class FlexCheckoutSummary extends StepElement {
  static override properties = { ...StepElement.properties, narrow: { type: Boolean } };
  declare narrow: boolean;

  override render() {
    const session = summaryOf(this.state);
    if (!session) return nothing;
    const { t, locale } = this;
    const cur = session.currency;
    const letter = session.line_items.some((l) => l.hsa_fsa_eligibility === 'letter_of_medical_necessity');
    const eligible = session.hsa_fsa_eligible;
    // Due today is the upstream's number: what the confirm (or the hosted page) charges now.
    const due = session.amount_due_now;
    const details = session.total_details;
    // Older upstreams give only the totals: then one row each, unnamed.
    const shipping = session.shipping ?? (details.amount_shipping ? { display_name: null, amount: details.amount_shipping } : null);
    const tax = session.tax ?? (details.amount_tax ? { display_name: null, amount: details.amount_tax } : null);
    return html`<details class="panel summary" part="summary" ?open=${!this.narrow}>
      <summary>${this.narrow ? t.showSummary : t.orderSummary} · ${money(session.amount_total, cur, locale)}</summary>
      <ul class="lines">
        ${session.line_items.map(
          (line) => html`<li>
            <div class="line"><span>${line.name}</span><span>${recurringPrice({ ...line, amount_total: line.amount_subtotal ?? line.amount_total }, t, locale)}</span></div>
            <div class="muted">
              ${fill(t.quantity, { n: line.quantity })}${line.recurring?.trial_period_days ? ` · ${trialLength(line.recurring.trial_period_days, t, locale)}` : nothing}
            </div>
          </li>`,
        )}
      </ul>
      <div class="row"><span>${t.subtotal}</span><span>${money(session.amount_subtotal, cur, locale)}</span></div>
      ${
        session.discounts.length > 0
          ? session.discounts.map((d) => this.discountRow(d, session.mode === 'subscription'))
          : details.amount_discount
            ? html`<div class="row"><span>${t.discount}</span><span>−${money(details.amount_discount, cur, locale)}</span></div>`
            : nothing
      }
      ${
        shipping
          ? html`<div class="row"><span>${shipping.display_name ? `${t.shipping} (${shipping.display_name})` : t.shipping}</span><span>${money(shipping.amount, cur, locale)}</span></div>`
          : nothing
      }
      ${tax ? html`<div class="row"><span>${tax.display_name ?? t.tax}</span><span>${money(tax.amount, cur, locale)}</span></div>` : nothing}
      ${
        // What is charged now stands out: where it is not the total (a trial), it is the bold row, not the total.
        due === session.amount_total
          ? html`<div class="row total"><span>${t.total}</span><span>${money(due, cur, locale)}</span></div>`
          : html`<div class="row"><span>${t.total}</span><span>${money(session.amount_total, cur, locale)}</span></div>
              <div class="row total"><span>${t.dueToday}</span><span>${money(due, cur, locale)}</span></div>`
      }
      ${
        // The promo code field: an in-page step's (a hosted page takes codes itself).
        this.state.session?.allow_promotion_codes
          ? html`<flex-checkout-promo .controller=${this.controller} .state=${this.state} .t=${this.t} .locale=${this.locale}></flex-checkout-promo>`
          : nothing
      }
      <p class="after"><span class="badge ${eligible ? '' : 'none'}">${!eligible ? t.badgeNone : letter ? t.badgeLetter : t.badgeAuto}</span></p>
    </details>`;
  }

  /** "Discount (SAVE20)  −$5.00", and on a subscription how long it lasts. */
  private discountRow(d: SummaryDiscount, subscription: boolean) {
    const { t, locale } = this;
    const named = d.code ?? d.name;
    const lasts =
      !subscription || d.duration === 'forever'
        ? null
        : d.duration === 'once'
          ? t.discountOnce
          : fill(plural(t.discountMonths, d.duration_in_months ?? 1, locale), { n: d.duration_in_months ?? 1 });
    return html`<div class="row">
      <span>${named ? fill(t.discountCode, { code: named }) : t.discount}${lasts ? html`<span class="note">${lasts}</span>` : nothing}</span>
      <span>−${money(d.amount, summaryOf(this.state)!.currency, locale)}</span>
    </div>`;
  }
}
