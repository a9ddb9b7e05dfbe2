import { html } from 'hono/html';
import type { Letter } from '@flex-checkout/protocol';
import type { FlexPaymentMethod, FlexSubscription } from '@flex-checkout/server';
import type { CatalogItem } from '../catalog.js';
import type { Customer, Order } from '../shop.js';
import { formatDate, formatMoney, page, VISIT_TYPE_NAMES, type Html } from './layout.js';
import { orderAmount } from './order-terms.js';
import { priceLabel } from './shop.js';

export function signInPage(error?: string, typed?: string): Html {
  return page(
    { title: 'Sign in', nav: 'account' },
    html`<section class="narrow">
      <h1>Your account</h1>
      <p>Sign in with the email you checked out with to see your saved cards, letters, subscriptions and orders.</p>
      <form method="post" action="/account/sign-in" class="stack" novalidate>
        <div class="field">
          <label for="email">Email</label>
          <input id="email" name="email" type="email" autocomplete="email" required value="${typed ?? ''}"
            ${error ? html`aria-invalid="true" aria-describedby="email-error"` : ''}>
          ${error ? html`<p class="field-error" id="email-error">${error}</p>` : ''}
        </div>
        <button class="button primary" type="submit">Sign in</button>
        <p class="hint">A demo: there is no password. New emails get a new account.</p>
      </form>
    </section>`,
  );
}

export interface AccountData {
  customer: Customer;
  cards: FlexPaymentMethod[];
  /** The card Buy again charges. */
  chargeable: FlexPaymentMethod | undefined;
  /** Null when the upstream lists no letters (Flex documents no letters API). */
  letters: Letter[] | null;
  /** Null when the API has no subscriptions (a sandbox without billing). */
  subscriptions: FlexSubscription[] | null;
  orders: Order[];
  buyable: CatalogItem[];
  /** The Buy again whose outcome to show. */
  result: Order | undefined;
  catalog: CatalogItem[];
  /** This page's Buy again token: each form sends it, so a double submit is one order. */
  intent: string;
}

const KIND: Record<string, string> = { checkout: 'checkout', subscription: 'subscription checkout', off_session: 'Buy again', renewal: 'renewal' };
const brand = (b: string) => (b === 'unknown' ? 'Card' : b.charAt(0).toUpperCase() + b.slice(1));
const visitName = (v: string | null | undefined) => VISIT_TYPE_NAMES[v ?? ''] ?? v ?? '';

export function accountPage(data: AccountData): Html {
  const { customer, cards, chargeable, letters, subscriptions, orders, buyable, result, catalog, intent } = data;
  const bought = new Set(orders.filter((o) => o.status === 'paid').map((o) => o.product_key));
  const nameOf = (key: string) => catalog.find((i) => i.key === key);
  return page(
    { title: 'Your account', email: customer.email, nav: 'account' },
    html`<div class="account-head">
        <div>
          <h1>Your account</h1>
          <p class="muted">${customer.email} · Flex customer <code>${customer.flex_customer_id}</code></p>
        </div>
        <form method="post" action="/account/sign-out"><button class="button" type="submit">Sign out</button></form>
      </div>
      ${result ? resultBanner(result, nameOf(result.product_key)) : ''}
      <div class="account-grid">
        <section class="panel" aria-labelledby="cards-title">
          <h2 id="cards-title">Saved cards</h2>
          ${
            cards.length === 0
              ? html`<p class="muted">No saved cards yet. Cards are saved when you check out.</p>`
              : html`<ul class="rows" role="list">
                ${cards.map(
                  (card) => html`<li class="row" data-card="${card.payment_method_id}">
                    <span><strong>${brand(card.card.brand)} •••• ${card.card.last4}</strong>
                      <span class="muted-inline">expires ${String(card.card.exp_month).padStart(2, '0')}/${card.card.exp_year}</span>
                      <br><code class="small">${card.payment_method_id}</code></span>
                    <span class="pills">${card.payment_method_id === chargeable?.payment_method_id ? html`<span class="pill pill-info">Buy again uses this</span>` : ''}
                      <span class="pill ${card.off_session ? 'pill-ok' : 'pill-muted'}">off_session: ${card.off_session ? 'true' : 'false'}</span></span>
                  </li>`,
                )}
              </ul>
              <p class="hint">Cards with <code>off_session: true</code> may be charged when you are not at a checkout (Buy again, renewals).</p>`
          }
        </section>
        <section class="panel" aria-labelledby="letters-title">
          <h2 id="letters-title">Letters of medical necessity</h2>
          ${
            letters === null
              ? html`<p class="muted">Your letters are kept by Flex: the checkout uses a valid one for you, so a product that needs one skips the consultation.</p>`
              : letters.length === 0
                ? html`<p class="muted">No letters yet. A consultation in the checkout issues one when a product needs it.</p>`
                : html`<table class="table">
                <thead><tr><th scope="col">Visit type</th><th scope="col">Valid until</th><th scope="col">Status</th></tr></thead>
                <tbody>${letters.map(
                  (l) => html`<tr data-letter="${l.letter_id}">
                    <td><code>${l.visit_type}</code> <span class="muted-inline">${visitName(l.visit_type)}</span></td>
                    <td>${formatDate(l.expires_at)}</td>
                    <td><span class="pill ${l.status === 'valid' ? 'pill-ok' : 'pill-muted'}">${l.status}</span></td>
                  </tr>`,
                )}</tbody>
              </table>`
          }
        </section>
      </div>
      <section class="panel" aria-labelledby="subs-title">
        <h2 id="subs-title">Subscriptions</h2>
        ${subscriptionsBlock(subscriptions, orders, catalog)}
      </section>
      <section class="panel" aria-labelledby="again-title">
        <h2 id="again-title">Buy again with your saved card</h2>
        ${
          chargeable
            ? html`<p class="muted">Charged at once to ${brand(chargeable.card.brand)} •••• ${chargeable.card.last4}, with no checkout. Products that need a letter need a valid one for their visit type.</p>
              <ul class="rows" role="list">
                ${buyable.map(
                  (item) => html`<li class="row" data-product="${item.key}">
                    <span><strong>${item.product.name}</strong>
                      <span class="muted-inline">${priceLabel(item)}${item.product.visit_type ? ` · needs a ${visitName(item.product.visit_type)} letter (${item.product.visit_type})` : ' · no letter needed'}</span></span>
                    <form method="post" action="/account/buy-again">
                      <input type="hidden" name="product" value="${item.key}">
                      <input type="hidden" name="intent" value="${intent}">
                      <button class="button" type="submit" aria-label="${bought.has(item.key) ? 'Buy again' : 'Buy now'}: ${item.product.name}">${bought.has(item.key) ? 'Buy again' : 'Buy now'}</button>
                    </form>
                  </li>`,
                )}
              </ul>`
            : html`<p class="muted">No card is saved for charges without you yet. Check out once with “Pay with HSA/FSA” and it will be.</p>`
        }
      </section>
      <section class="panel" aria-labelledby="orders-title">
        <h2 id="orders-title">Orders</h2>
        ${
          orders.length === 0
            ? html`<p class="muted">No orders yet. <a href="/">Browse the shop</a>.</p>`
            : html`<ul class="rows" role="list">${orders.map(
                (o) => html`<li class="row" data-order="${o.order_id}">
                <span><a href="/orders/${o.order_id}"><strong>${o.name}</strong></a>
                  <br><span class="muted-inline small">${formatDate(o.created_at)} · ${orderAmount(o, catalog)} · ${KIND[o.kind] ?? o.kind}</span>
                  ${o.failure ? html`<br><span class="failure small">${o.failure}</span>` : ''}</span>
                <span class="pill pill-${o.status === 'paid' ? 'ok' : o.status === 'pending' ? 'muted' : 'bad'}">${o.status}</span>
              </li>`,
              )}</ul>`
        }
      </section>`,
  );
}

function resultBanner(order: Order, item: CatalogItem | undefined): Html {
  if (order.status === 'paid') {
    return html`<div class="banner banner-ok" role="status" id="result">
      <strong>Paid: ${order.name}, ${formatMoney(order.amount, order.currency)}.</strong>
      Charged to your saved card with no checkout. <a href="/orders/${order.order_id}">See the order</a>.
    </div>`;
  }
  const needsLetter = item?.product.hsa_fsa_eligibility === 'letter_of_medical_necessity';
  return html`<div class="banner banner-error" role="alert" id="result">
    <strong>Not charged: ${order.name}.</strong> Flex answered: “${order.failure ?? 'The charge failed.'}”
    ${
      needsLetter && item
        ? html`<br>This needs a letter for <code>${item.product.visit_type}</code>, which you don't hold yet. <a href="/products/${item.key}">Check out once with a short consultation</a> and Buy again will work after.`
        : ''
    }
  </div>`;
}

function subscriptionsBlock(subscriptions: FlexSubscription[] | null, orders: Order[], catalog: CatalogItem[]): Html {
  if (subscriptions === null) {
    const local = orders.filter((o) => o.kind === 'subscription' && o.status === 'paid');
    return html`<p class="notice">The payment service has no subscriptions list (<code>GET /v1/subscriptions</code> answered 404), so this shows the store’s own records.</p>
      ${
        local.length === 0
          ? html`<p class="muted">No subscriptions.</p>`
          : html`<ul class="rows" role="list">${local.map(
              (
                o,
              ) => html`<li class="row"><span><strong>${o.name}</strong> <span class="muted-inline">${formatMoney(o.amount, o.currency)} / month · started ${formatDate(o.paid_at ?? o.created_at)}</span></span>
              <span class="pill pill-ok">subscribed</span></li>`,
            )}</ul>`
      }`;
  }
  if (subscriptions.length === 0)
    return html`<p class="muted">No subscriptions. <a href="/products/clear-skin">The Clear Skin Membership</a> starts with a free trial.</p>`;
  return html`<ul class="rows" role="list">${subscriptions.map((s) => {
    const item = s.items?.[0];
    const product = catalog.find((i) => i.price.price_id === item?.price);
    const date = (unix: unknown) => (typeof unix === 'number' ? formatDate(unix * 1000) : typeof unix === 'string' ? formatDate(unix) : '—');
    return html`<li class="row" data-subscription="${s.subscription_id}">
      <span><strong>${product?.product.name ?? item?.name ?? 'Subscription'}</strong>
        <span class="muted-inline">${product ? priceLabel(product) : ''}${s.status === 'trialing' ? ` · trial ends ${date(s.trial_end)}` : ` · renews ${date(s.current_period_end)}`}${s.cancel_at_period_end ? ' · cancels at period end' : ''}</span>
        <br><code class="small">${s.subscription_id}</code></span>
      <span class="pill ${['active', 'trialing'].includes(s.status) ? 'pill-ok' : 'pill-muted'}">${s.status}</span>
    </li>`;
  })}</ul>`;
}
