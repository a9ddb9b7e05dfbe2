import { html, nothing } from 'lit';
import { money, recurringPrice, trialLength } from '../format.js';
import { fill } from '../i18n/index.js';
import { summaryOf } from '../store.js';
import { StepElement } from './base.js';

/** The order summary, visible throughout; a disclosure that starts closed on narrow screens. */
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
    return html`<details class="panel summary" part="summary" ?open=${!this.narrow}>
      <summary>${this.narrow ? t.showSummary : t.orderSummary} · ${money(session.amount_total, cur, locale)}</summary>
      <ul class="lines">
        ${session.line_items.map(
          (line) => html`<li>
            <div class="line"><span>${line.name}</span><span>${recurringPrice(line, t, locale)}</span></div>
            <div class="muted">
              ${fill(t.quantity, { n: line.quantity })}${line.recurring?.trial_period_days ? html` · ${trialLength(line.recurring.trial_period_days, t, locale)}` : nothing}
            </div>
          </li>`,
        )}
      </ul>
      <div class="row"><span>${t.subtotal}</span><span>${money(session.amount_subtotal, cur, locale)}</span></div>
      ${session.total_details.amount_discount ? html`<div class="row"><span>${t.discount}</span><span>−${money(session.total_details.amount_discount, cur, locale)}</span></div>` : nothing}
      ${session.total_details.amount_tax ? html`<div class="row"><span>${t.tax}</span><span>${money(session.total_details.amount_tax, cur, locale)}</span></div>` : nothing}
      <div class="row total"><span>${t.total}</span><span>${money(session.amount_total, cur, locale)}</span></div>
      ${due !== session.amount_total ? html`<div class="row"><span>${t.dueToday}</span><span>${money(due, cur, locale)}</span></div>` : nothing}
      <p class="after"><span class="badge ${eligible ? '' : 'none'}">${!eligible ? t.badgeNone : letter ? t.badgeLetter : t.badgeAuto}</span></p>
    </details>`;
  }
}
