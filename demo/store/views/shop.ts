import { html } from 'hono/html';
import { trialDays, type CatalogItem } from '../catalog.js';
import { productArt } from './art.js';
import { periodName } from './order-terms.js';
import { VIA_NAMES, viaHome, viaQuery, type Via } from '../via.js';
import { eligibilityBadge, formatMoney, page, VISIT_TYPE_NAMES, type Html } from './layout.js';

export function priceLabel(item: CatalogItem): string {
  const amount = formatMoney(item.price.unit_amount, item.price.currency);
  const recurring = item.price.recurring;
  if (!recurring) return amount;
  return `${amount} / ${periodName(recurring.interval)}`;
}

export function catalogPage(items: CatalogItem[], email: string | undefined, via: Via = 'element'): Html {
  return page(
    { title: via === 'element' ? 'Shop' : `Shop (${VIA_NAMES[via]})`, email, nav: 'shop' },
    html`${
      via === 'element'
        ? ''
        : via === 'hosted'
          ? html`<p class="notice via-note" role="note">This is the store checking out with <strong>the hosted checkout</strong>, as it would on Flex's API today:
              the consultation and the card are on Flex's hosted page (here, the sandbox's), shown inside <code>&lt;flex-checkout&gt;</code> on this page;
              the companion server runs with <code>checkout: 'hosted'</code> and reads the outcome from Flex with the secret key.
              <a href="/">Back to the in-page store</a></p>`
          : html`<p class="notice via-note" role="note">This is the store with its checkout page rendered by <code>${VIA_NAMES[via]}</code>
            (the same session, companion server and element; its code is <code>demo/apps/${via}.${via === 'react' ? 'tsx' : 'ts'}</code>).
            <a href="/">Back to the script-tag store</a></p>`
    }
      <section class="hero">
        <h1>Pay for your health with your HSA or FSA</h1>
        <p class="lead">Fitness, skin care and everyday health goods. Where a product needs a letter of medical necessity, a short online consultation decides in the checkout — no trip away from this page.</p>
      </section>
      <h2 class="section-title">Products</h2>
      <ul class="grid" role="list">
        ${items.map(
          (item) => html`<li class="card product-card">
            <a class="card-link" href="/products/${item.key}${viaQuery(via)}">
              ${productArt(item)}
              <span class="card-body">
                <span class="card-title">${item.product.name}</span>
                <span class="price">${priceLabel(item)}</span>
                ${trialDays(item.price) ? html`<span class="trial-note">${trialDays(item.price)}-day free trial</span>` : ''}
                ${eligibilityBadge(item.product.hsa_fsa_eligibility, item.product.visit_type)}
              </span>
            </a>
          </li>`,
        )}
      </ul>
      <section class="how">
        <h2 class="section-title">How paying with HSA/FSA works here</h2>
        <ol>
          <li><strong>Choose a product</strong> and select “Pay with HSA/FSA”.</li>
          <li><strong>Answer a few health questions</strong> if the product needs a letter of medical necessity. A clinician decides on the spot; a letter covers that kind of product for a year.</li>
          <li><strong>Pay with your HSA/FSA card.</strong> It can be kept for later, so buying again takes one click.</li>
        </ol>
      </section>`,
  );
}

export function productPage(item: CatalogItem, email: string | undefined, error?: string, typed?: string, via: Via = 'element'): Html {
  const { product, price } = item;
  const recurring = price.recurring;
  const trial = trialDays(price);
  const eligible = product.hsa_fsa_eligibility !== 'not_eligible';
  const needsLetter = product.hsa_fsa_eligibility === 'letter_of_medical_necessity';
  return page(
    { title: product.name, email, nav: 'shop' },
    html`<p class="crumbs"><a href="${viaHome(via)}">Shop</a> <span aria-hidden="true">/</span> <span>${product.name}</span></p>
      <article class="product">
        ${productArt(item, 'large')}
        <div class="product-info">
          <h1>${product.name}</h1>
          <p class="price price-large">${priceLabel(item)}</p>
          ${trial ? html`<p class="trial">Starts with a ${trial}-day free trial: nothing is charged today.</p>` : ''}
          ${eligibilityBadge(product.hsa_fsa_eligibility, product.visit_type)}
          <p>${product.description ?? ''}</p>
          <p class="muted">
            ${
              needsLetter
                ? `Needs a letter of medical necessity for ${VISIT_TYPE_NAMES[product.visit_type ?? ''] ?? product.visit_type}. If you don't have one yet, a short consultation in the checkout decides; the letter is valid for a year.`
                : eligible
                  ? 'Eligible as is: no consultation needed.'
                  : 'HSA/FSA funds cannot pay for this item; the checkout takes an ordinary card.'
            }
          </p>
          <form class="buy" method="post" action="/checkout" novalidate>
            <input type="hidden" name="product" value="${item.key}">
            ${via === 'element' ? '' : html`<input type="hidden" name="via" value="${via}">`}
            ${
              email
                ? html`<p class="muted">Buying as <strong>${email}</strong>.</p>`
                : html`<div class="field">
                  <label for="email">Email</label>
                  <input id="email" name="email" type="email" autocomplete="email" required value="${typed ?? ''}"
                    aria-describedby="email-hint${error ? ' email-error' : ''}" ${error ? html`aria-invalid="true"` : ''}>
                  <p class="hint" id="email-hint">For your receipt and your account: cards, letters and orders.</p>
                  ${error ? html`<p class="field-error" id="email-error">${error}</p>` : ''}
                </div>`
            }
            <button class="button primary" type="submit">${eligible ? (recurring ? 'Subscribe with HSA/FSA' : 'Pay with HSA/FSA') : 'Pay by card'}</button>
          </form>
        </div>
      </article>`,
  );
}

export function notFoundPage(email: string | undefined, what = 'This page'): Html {
  return page({ title: 'Not found', email }, html`<section class="empty"><h1>${what} does not exist</h1><p><a href="/">Back to the shop</a></p></section>`);
}

export function errorPage(email: string | undefined, message: string): Html {
  return page(
    { title: 'Something went wrong', email },
    html`<section class="empty"><h1>Something went wrong</h1><p>${message}</p><p><a href="/">Back to the shop</a></p></section>`,
  );
}
