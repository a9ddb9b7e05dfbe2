import { html } from 'hono/html';
import type { StoreTables } from '../db.js';
import type { WebhookRegistration } from '../webhooks.js';
import { formatTime, page, type Html } from './layout.js';

type Delivery = StoreTables['store_webhook_deliveries'];
type Handled = StoreTables['store_webhook_events'];

export interface WebhookPageData {
  registration: WebhookRegistration;
  /** Newest first. */
  deliveries: Delivery[];
  events: Map<string, Handled>;
  email: string | undefined;
  /** The sandbox clock, ISO 8601. */
  sandboxNow: string | null;
  /** Days the clock was just moved by. */
  advanced: number | null;
  /** Whether the store runs on the sandbox (its clock can be moved); false on Flex. */
  sandbox: boolean;
}

export function webhooksPage({ registration, deliveries, events, email, sandboxNow, advanced, sandbox }: WebhookPageData): Html {
  const verified = deliveries.filter((d) => d.verified).length;
  const handled = [...events.values()].filter((e) => e.handled_at).length;
  return page(
    { title: 'Webhook log', email, nav: 'webhooks' },
    html`<h1>Webhook log</h1>
      <p class="lead">What Flex sent to this store’s backend, whether the companion server verified the signature, and what the store’s handler did with it.</p>
      ${
        registration.status === 'unavailable'
          ? html`<div class="banner banner-warn" role="note">
            <strong>Webhooks are off:</strong> ${registration.reason}. Orders are confirmed instead by the success page, which reads the session from Flex with the secret key (labelled on each order).
          </div>`
          : html`<dl class="facts">
            <div><dt>Endpoint</dt><dd><code>${registration.url}</code></dd></div>
            <div><dt>Registered</dt><dd>${
              registration.status === 'configured'
                ? 'elsewhere (its secret is FLEX_WEBHOOK_SECRET)'
                : html`<code>${registration.endpointId ?? 'no ID in the answer'}</code> ${registration.status === 'reused' ? '(kept from an earlier start)' : '(at this start)'}`
            }</dd></div>
            <div><dt>Signing secret</dt><dd><code>${registration.secret.startsWith('fwhsec_') ? 'fwhsec_' : 'whsec_'}…</code> kept by the store; the companion server checks every delivery against it</dd></div>
          </dl>`
      }
      ${
        registration.status === 'unavailable'
          ? ''
          : !sandbox
            ? html`<section class="panel" aria-labelledby="tools-title">
              <h2 id="tools-title">Tools</h2>
              ${
                email
                  ? html`<form method="post" action="/webhooks/forge"><button class="button" type="submit">Send a forged delivery</button></form>
                      <p class="hint">A forged delivery is a POST to the webhook route with a signature Flex never made: it must show as rejected and never reach the store’s handler.</p>`
                  : html`<p class="muted"><a href="/account">Sign in</a> to send a forged delivery.</p>`
              }
            </section>`
            : !email
              ? html`<section class="panel" aria-labelledby="tools-title">
              <h2 id="tools-title">Sandbox tools</h2>
              <p class="muted">Sandbox clock: ${sandboxNow ? formatTime(Date.parse(sandboxNow)) : 'unknown'}. <a href="/account">Sign in</a> to move it or to send a forged delivery.</p>
            </section>`
              : html`<section class="panel" aria-labelledby="tools-title">
            <h2 id="tools-title">Sandbox tools</h2>
            <p class="muted">Sandbox clock: ${sandboxNow ? formatTime(Date.parse(sandboxNow)) : 'unknown'}${advanced ? html` — just moved ${advanced} day${advanced === 1 ? '' : 's'} on` : ''}.
              Moving it ends trials, renews subscriptions (each renewal arrives here as <code>invoice.payment_succeeded</code>) and expires checkouts.</p>
            <div class="tools">
              <form method="post" action="/webhooks/advance-clock" class="inline-form">
                <label for="days">Move the clock</label>
                <select id="days" name="days">
                  <option value="1">1 day</option>
                  <option value="15">15 days</option>
                  <option value="30" selected>30 days</option>
                  <option value="365">1 year</option>
                </select>
                <button class="button" type="submit">Move it forward</button>
              </form>
              <form method="post" action="/webhooks/forge">
                <button class="button" type="submit">Send a forged delivery</button>
              </form>
            </div>
            <p class="hint">A forged delivery is a POST to the webhook route with a signature Flex never made: it must show as rejected and never reach the store’s handler.</p>
          </section>`
      }
      <ul class="stats" role="list" aria-label="Totals">
        <li><strong>${deliveries.length}</strong> received</li>
        <li><strong>${verified}</strong> verified</li>
        <li><strong>${deliveries.length - verified}</strong> rejected</li>
        <li><strong>${handled}</strong> events handled</li>
      </ul>
      ${
        deliveries.length === 0
          ? html`<p class="muted">No deliveries yet. Buy something and come back.</p>`
          : html`<ul class="rows log" role="list">${deliveries.map((d) => {
              const event = d.event_id ? events.get(d.event_id) : undefined;
              return html`<li class="row" data-delivery="${d.delivery_id}" data-event="${d.event_id ?? ''}">
              <span>
                <code>${d.event_type ?? 'unverified delivery'}</code>
                <br><span class="muted-inline small">${formatTime(d.received_at)} · ${d.event_id ?? 'no ID'}</span>
                ${
                  !d.verified
                    ? html`<br><span class="failure small">${d.rejection}</span>`
                    : event?.handled_at
                      ? html`<br><span class="small">${event.outcome}</span>${event.handler_calls > 1 ? html` <span class="muted-inline small">(handler called ${event.handler_calls} times)</span>` : ''}`
                      : ''
                }
              </span>
              <span class="pills">
                ${d.verified ? html`<span class="pill pill-ok">verified</span>` : html`<span class="pill pill-bad">rejected ${d.http_status}</span>`}
                ${d.verified ? (event?.handled_at ? html`<span class="pill pill-ok">handled</span>` : html`<span class="pill pill-muted">waiting</span>`) : ''}
              </span>
            </li>`;
            })}</ul>`
      }
`,
  );
}
