import { html } from 'hono/html';
import type { StoreTables } from '../db.js';
import type { WebhookRegistration } from '../webhooks.js';
import { formatTime, page, type Html } from './layout.js';

type Delivery = StoreTables['store_webhook_deliveries'];
type Handled = StoreTables['store_webhook_events'];

export function webhooksPage(registration: WebhookRegistration, deliveries: Delivery[], events: Map<string, Handled>, email: string | undefined): Html {
  return page(
    { title: 'Webhook log', email, nav: 'webhooks' },
    html`<h1>Webhook log</h1>
      <p class="lead">What Flex sent to this store’s backend, whether the companion server verified the signature, and what the store’s handler did with it.</p>
      ${registration.status === 'unavailable'
        ? html`<div class="banner banner-warn" role="note">
            <strong>Webhooks are off:</strong> ${registration.reason}. Orders are confirmed instead by the success page, which reads the session from Flex with the secret key (labelled on each order).
          </div>`
        : html`<dl class="facts">
            <div><dt>Endpoint</dt><dd><code>${registration.url}</code></dd></div>
            <div><dt>Registered</dt><dd><code>${registration.endpointId}</code> ${registration.status === 'reused' ? '(kept from an earlier start)' : '(this start)'}</dd></div>
            <div><dt>Signing secret</dt><dd><code>whsec_…</code> kept by the store; the companion server verifies each delivery with it</dd></div>
          </dl>`}
      ${deliveries.length === 0
        ? html`<p class="muted">No deliveries yet. Buy something and come back.</p>`
        : html`<div class="table-scroll"><table class="table">
            <caption class="sr-only">Deliveries, newest first</caption>
            <thead><tr><th scope="col">Received</th><th scope="col">Event</th><th scope="col">Signature</th><th scope="col">Handled</th></tr></thead>
            <tbody>${deliveries.map((d) => {
              const handled = d.event_id ? events.get(d.event_id) : undefined;
              return html`<tr data-event="${d.event_id ?? ''}">
                <td class="nowrap">${formatTime(d.received_at)}</td>
                <td><code>${d.event_type ?? '—'}</code><br><span class="muted-inline small">${d.event_id ?? 'unknown'}</span></td>
                <td>${d.verified
                  ? html`<span class="pill pill-ok">verified</span>`
                  : html`<span class="pill pill-bad">rejected ${d.http_status}</span><br><span class="muted-inline small">${d.rejection}</span>`}</td>
                <td>${!d.verified
                  ? html`<span class="muted-inline">not handed to the store</span>`
                  : handled?.handled_at
                    ? html`<span class="pill pill-ok">handled</span> <span class="small">${handled.outcome}</span>${handled.handler_calls > 1 ? html`<br><span class="muted-inline small">handler called ${handled.handler_calls} times</span>` : ''}`
                    : html`<span class="pill pill-muted">waiting</span>`}</td>
              </tr>`;
            })}</tbody>
          </table></div>`}`,
  );
}
