import type { CheckoutSession } from '@flex-checkout/protocol';
import { html } from 'hono/html';
import type { Language } from '../../language.js';
import { amountDueNow } from '../../resources/checkout/complete.js';
import { fill, money, plural, type HostedMessages } from '../messages.js';
import type { Html } from './layout.js';
import type { SessionSummary } from '../../pricing/summary.js';
import { summaryMessages } from '../summary-messages.js';

/**
 * What the shopper is paying for, with the amount due today when a trial defers the rest.
 * With discounts, shipping or tax, each line shows its price before discounts and the
 * discounts, shipping and tax follow as lines of their own, as the session priced them.
 */
export function summary(session: CheckoutSession, t: HostedMessages, language: Language, extras?: SessionSummary): Html {
  const due = amountDueNow(session);
  const cur = session.currency;
  const m = summaryMessages(language);
  const itemized = extras && (extras.discounts.length > 0 || extras.shipping || extras.tax);
  return html`<section class="summary" aria-labelledby="summary-heading">
    <h2 id="summary-heading">${t.orderSummary}</h2>
    <ul>
      ${session.line_items.map(
        (line) => html`<li class="row">
          <span>${line.name} <span class="muted">· ${fill(t.quantity, { n: line.quantity })}${line.recurring?.trial_period_days ? ` · ${fill(plural(t.trial, line.recurring.trial_period_days, language), { days: line.recurring.trial_period_days })}` : ''}</span></span>
          <span>${money(itemized ? line.amount_subtotal : line.amount_total, cur, language)}</span>
        </li>`,
      )}
    </ul>
    ${
      itemized
        ? html`<p class="row"><span>${m.subtotal}</span><span>${money(session.amount_subtotal, cur, language)}</span></p>
          ${extras.discounts.map(
            (d) =>
              html`<p class="row"><span>${d.code || d.name ? fill(m.discountNamed, { name: d.code ?? d.name ?? '' }) : m.discount}</span><span>−${money(d.amount, cur, language)}</span></p>`,
          )}
          ${
            extras.shipping
              ? html`<p class="row"><span>${extras.shipping.display_name ? fill(m.shippingNamed, { name: extras.shipping.display_name }) : m.shipping}</span><span>${money(extras.shipping.amount, cur, language)}</span></p>`
              : ''
          }
          ${extras.tax ? html`<p class="row"><span>${extras.tax.display_name ?? m.tax}</span><span>${money(extras.tax.amount, cur, language)}</span></p>` : ''}`
        : ''
    }
    <p class="row total"><span>${t.total}</span><span>${money(session.amount_total, cur, language)}</span></p>
    ${due !== session.amount_total ? html`<p class="row"><span>${t.dueToday}</span><span>${money(due, cur, language)}</span></p>` : ''}
  </section>`;
}
