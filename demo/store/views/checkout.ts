import { html, raw } from 'hono/html';
import type { CatalogItem } from '../catalog.js';
import type { Order } from '../shop.js';
import { viaQuery, type Via } from '../via.js';
import { formatMoney, formatTime, page, storeUpstream, type Html } from './layout.js';
import { subscriptionTerms } from './order-terms.js';

/**
 * The checkout page: the element and nothing else of the payment. Its tag comes from the
 * companion server (`renderElement`, shop.ts): the session's client secret, the companion
 * server's prefix and the session's first view; `redirect="always"` sends the shopper to the
 * session's success_url once it completes. Through a wrapper (`via`), the page is a mount
 * point with the client secret, and the app (demo/apps/) renders <FlexCheckout> with the
 * same props.
 */
export function checkoutPage(
  item: CatalogItem,
  order: Order,
  checkout: { tag: string } | { clientSecret: string },
  email: string | undefined,
  via: Via = 'element',
): Html {
  return page(
    {
      title: `Checkout — ${item.product.name}`,
      email,
      nav: 'shop',
      head:
        via === 'element'
          ? html`<script src="/flex-checkout.js" defer></script>`
          : via === 'hosted'
            ? html`<script src="/flex-checkout.js" defer></script><script type="module" src="/assets/apps/after-checkout.js"></script>`
            : html`<script type="module" src="/assets/apps/${via}.js"></script>`,
    },
    html`<p class="crumbs"><a href="/products/${item.key}${viaQuery(via)}">← ${item.product.name}</a></p>
      <h1>Checkout</h1>
      <div class="checkout">
        ${
          // Hosted: the hosted page is framed in the element; once the server says the session
          // is complete, the page goes to the order (after-checkout.js, by data-order-url).
          'tag' in checkout ? raw(checkout.tag) : html`<div id="flex-app" data-client-secret="${checkout.clientSecret}" data-via="${via}"></div>`
        }
        <noscript><p class="notice">The checkout needs JavaScript.</p></noscript>
      </div>
      <details class="test-cards">
        <summary>${storeUpstream().sandbox ? 'Test cards for this sandbox' : 'Test cards for Flex’s test mode'}</summary>
        <table>
          <caption class="sr-only">Test cards</caption>
          <thead><tr><th scope="col">Card number</th><th scope="col">What it does</th></tr></thead>
          <tbody>
            <tr><td><code>4242 4242 4242 4242</code></td><td>Succeeds</td></tr>
            ${
              storeUpstream().sandbox
                ? html`<tr><td><code>4000 0025 0000 3155</code></td><td>Asks for 3-D Secure</td></tr>
                    <tr><td><code>4000 0000 0000 9995</code></td><td>Declines: insufficient funds</td></tr>
                    <tr><td><code>4000 0000 0000 0002</code></td><td>Declines</td></tr>`
                : html`<tr><td><code>4000 0000 0000 9995</code></td><td>Declines</td></tr>`
            }
          </tbody>
        </table>
        <p class="muted">Any future expiry date, any CVC, any ZIP.</p>
      </details>
      <p class="muted small">Order <code>${order.order_id}</code></p>`,
  );
}

const FULFILLED_BY: Record<string, string> = {
  webhook: 'confirmed by Flex’s webhook (checkout.session.completed)',
  off_session_answer: 'confirmed by the charge’s own answer',
  success_page: 'confirmed by reading the session from Flex on this page — fallback: this sandbox sends no webhooks',
};

/**
 * The success page: what the store's own records say about the order. Arriving here proves
 * nothing (anyone can open the URL); the order is paid once Flex has told the backend.
 */
export function orderPage(order: Order, email: string | undefined, webhooks: boolean, catalog: CatalogItem[]): Html {
  const paid = order.status === 'paid';
  const pending = order.status === 'pending';
  // A subscription with a free trial started without a charge: say so, not "we have your payment".
  const terms = subscriptionTerms(order, catalog);
  const trialDays = terms?.trialDays ?? null;
  return page(
    { title: paid ? 'Thank you' : 'Your order', email, ...(pending ? { refresh: 2 } : {}) },
    html`<section class="order-status ${paid ? 'is-paid' : pending ? 'is-pending' : 'is-failed'}" aria-live="polite">
        ${
          paid
            ? html`<h1>Thank you — your order is confirmed</h1>
              <p>${
                trialDays
                  ? html`Your ${trialDays}-day free trial of <strong>${order.name}</strong> has started: nothing was charged today, then ${terms?.perPeriod} until you cancel.`
                  : terms
                    ? html`We have your first payment for <strong>${order.name}</strong> (${terms.perPeriod}).`
                    : html`We have your payment for <strong>${order.name}</strong> (${formatMoney(order.amount, order.currency)}).`
              }</p>`
            : pending
              ? html`<h1>Confirming your payment…</h1>
                <p>${
                  webhooks
                    ? 'We are waiting for Flex to confirm the payment to our backend. This page refreshes by itself.'
                    : 'This page refreshes by itself until the payment is confirmed.'
                }</p>
                <p><a href="/checkout/${order.order_id}">Back to the checkout</a></p>`
              : html`<h1>This order was not paid</h1>
                <p>${order.status === 'expired' ? 'The checkout expired before it was paid.' : (order.failure ?? 'The payment did not go through.')}</p>
                <p><a class="button" href="/products/${order.product_key}">Try again</a></p>`
        }
      </section>
      <dl class="facts">
        <div><dt>Order</dt><dd><code>${order.order_id}</code></dd></div>
        <div><dt>Status</dt><dd><span class="status status-${order.status}">${paid && trialDays ? 'trial started' : order.status}</span></dd></div>
        ${order.fulfilled_by ? html`<div><dt>How we know</dt><dd>${FULFILLED_BY[order.fulfilled_by] ?? order.fulfilled_by}${order.fulfilment_event ? html` <code>${order.fulfilment_event}</code>` : ''}</dd></div>` : ''}
        ${order.paid_at ? html`<div><dt>${trialDays ? 'Started' : 'Paid'}</dt><dd>${formatTime(order.paid_at)}</dd></div>` : ''}
        ${order.subscription_id ? html`<div><dt>Subscription</dt><dd><code>${order.subscription_id}</code></dd></div>` : ''}
      </dl>
      <p><a class="button primary" href="/account">Go to your account</a> <a class="button" href="/">Keep shopping</a></p>`,
  );
}
