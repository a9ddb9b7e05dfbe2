import type { CheckoutSession } from '@flex-checkout/protocol';
import { html } from 'hono/html';
import type { Language } from '../../language.js';
import { amountDueNow } from '../../resources/checkout/complete.js';
import { fill, money, plural, type HostedMessages } from '../messages.js';
import type { Html } from './layout.js';

/** What the shopper is paying for, with the amount due today when a trial defers the rest. */
export function summary(session: CheckoutSession, t: HostedMessages, language: Language): Html {
  const due = amountDueNow(session);
  const cur = session.currency;
  return html`<section class="summary" aria-labelledby="summary-heading">
    <h2 id="summary-heading">${t.orderSummary}</h2>
    <ul>
      ${session.line_items.map(
        (line) => html`<li class="row">
          <span>${line.name} <span class="muted">· ${fill(t.quantity, { n: line.quantity })}${line.recurring?.trial_period_days ? ` · ${fill(plural(t.trial, line.recurring.trial_period_days, language), { days: line.recurring.trial_period_days })}` : ''}</span></span>
          <span>${money(line.amount_total, cur, language)}</span>
        </li>`,
      )}
    </ul>
    <p class="row total"><span>${t.total}</span><span>${money(session.amount_total, cur, language)}</span></p>
    ${due !== session.amount_total ? html`<p class="row"><span>${t.dueToday}</span><span>${money(due, cur, language)}</span></p>` : ''}
  </section>`;
}
