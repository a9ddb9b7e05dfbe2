import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Hono, type Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';
import { isClientAbort } from '@flex-checkout/protocol/request-body';
import { FlexError } from '@flex-checkout/server';
import type { CatalogItem } from './catalog.js';
import { newId, type StoreDb } from './db.js';
import { limitForms, logClientAbort } from './http.js';
import type { Customer, Shop } from './shop.js';
import { accountPage, signInPage } from './views/account.js';
import { checkoutPage, orderPage } from './views/checkout.js';
import { catalogPage, errorPage, notFoundPage, productPage } from './views/shop.js';
import { webhooksPage } from './views/webhooks.js';
import { parseVia, viaQuery } from './via.js';
import type { ApiCall, ErrorAnswer, WebhookRegistration } from './webhooks.js';

export interface StoreRoutesOptions {
  shop: Shop;
  db: StoreDb;
  catalog: CatalogItem[];
  /** Signs the shopper cookie. */
  cookieSecret: string;
  webhooks: () => WebhookRegistration;
  /** The sandbox's API with the secret key, for its test helpers (the clock); null on Flex, which has none. */
  sandboxApi: ApiCall | null;
  /** Origins besides this one whose pages the checkout frames: Flex's hosted page, when the store runs on Flex's API. */
  frameOrigins?: string[];
}

const COOKIE = 'juniper_shopper';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** A Buy again form's page token (`newId('intent')`). */
const INTENT = /^intent_[A-Za-z0-9_-]{12}$/;
const CSS = readFileSync(new URL('./public/store.css', import.meta.url));
const ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="9" fill="#1f6f5c"/><path d="M10 22c8 0 12-5 12-12-8 0-12 5-12 12z" fill="#fff"/></svg>';

/** The store's pages. Every payment step happens in <flex-checkout>; these only create and show. */
export function storeRoutes({ shop, db, catalog, cookieSecret, webhooks, sandboxApi, frameOrigins = [] }: StoreRoutesOptions): Hono {
  const app = new Hono();
  // The checkout runs under a strict policy: scripts, frames and calls only to this origin
  // (the element, the sandbox's card frame, the companion server; on Flex's API, frames of its
  // hosted page too), and no inline style: the
  // element needs none (issue 15, finding 17). The product tiles' one style attribute each
  // (`--hue:N`, views/art.ts) is allowed by its exact hash, nothing else inline.
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-hashes'", ...new Set(catalog.map((i) => `'sha256-${createHash('sha256').update(`--hue:${i.hue}`).digest('base64')}'`))],
        imgSrc: ["'self'", 'data:'],
        frameSrc: ["'self'", ...frameOrigins],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    }),
  );

  // The store's forms are small: a larger body is refused with 413 (demo/store/http.ts).
  app.use(
    '*',
    limitForms(async (c) => c.html(errorPage((await shopper(c))?.email, 'That was more than any of the store’s forms sends.'), 413)),
  );

  async function shopper(c: Context): Promise<Customer | undefined> {
    const id = await getSignedCookie(c, cookieSecret, COOKIE);
    return id ? shop.customerById(id) : undefined;
  }
  async function signIn(c: Context, email: string): Promise<Customer> {
    const customer = await shop.customerFor(email);
    await setSignedCookie(c, COOKIE, customer.customer_id, cookieSecret, { path: '/', httpOnly: true, sameSite: 'Lax', maxAge: 60 * 60 * 24 * 30 });
    return customer;
  }
  const form = async (c: Context) => {
    const body = await c.req.parseBody();
    return (name: string) => (typeof body[name] === 'string' ? body[name].trim() : '');
  };

  app.get('/favicon.ico', (c) => c.redirect('/assets/icon.svg', 301));
  app.get('/assets/icon.svg', (c) => c.body(ICON, 200, { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' }));
  app.get('/assets/store.css', (c) => c.body(new Uint8Array(CSS), 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-cache' }));

  app.get('/', async (c) => c.html(catalogPage(catalog, (await shopper(c))?.email)));
  // The same store, its checkout page rendered by the React or the Vue wrapper.
  app.get('/react', async (c) => c.html(catalogPage(catalog, (await shopper(c))?.email, 'react')));
  app.get('/vue', async (c) => c.html(catalogPage(catalog, (await shopper(c))?.email, 'vue')));
  app.get('/hosted', async (c) => c.html(catalogPage(catalog, (await shopper(c))?.email, 'hosted')));

  app.get('/products/:key', async (c) => {
    const item = shop.item(c.req.param('key'));
    const email = (await shopper(c))?.email;
    if (!item) return c.html(notFoundPage(email, 'This product'), 404);
    return c.html(productPage(item, email, undefined, undefined, parseVia(c.req.query('via'))));
  });

  // "Pay with HSA/FSA": the backend creates the order and its session, then shows the checkout.
  app.post('/checkout', async (c) => {
    const field = await form(c);
    const item = shop.item(field('product'));
    const via = parseVia(field('via'));
    let customer = await shopper(c);
    if (!item) return c.html(notFoundPage(customer?.email, 'This product'), 404);
    if (!customer) {
      const email = field('email');
      if (!EMAIL.test(email)) return c.html(productPage(item, undefined, 'Enter a valid email address, like name@example.com.', email, via), 422);
      customer = await signIn(c, email);
    }
    const order = await shop.startCheckout(customer, item, new URL(c.req.url).origin, via === 'hosted' ? 'hosted' : 'in-page');
    return c.redirect(`/checkout/${order.order_id}${viaQuery(via)}`, 303);
  });

  app.get('/checkout/:orderId', async (c) => {
    const customer = await shopper(c);
    const order = await shop.order(c.req.param('orderId'));
    if (!order || order.customer_id !== customer?.customer_id) return c.html(notFoundPage(customer?.email, 'This checkout'), 404);
    if (order.status === 'paid') return c.redirect(`/orders/${order.order_id}`, 303);
    const item = shop.item(order.product_key)!;
    const via = parseVia(c.req.query('via'));
    const experience = via === 'hosted' ? 'hosted' : 'in-page';
    // The element's own page and /hosted: its tag rendered here with the session's first view
    // in it. A wrapper's page: the client secret, for the app to render <FlexCheckout> with.
    const checkout =
      via === 'element' || via === 'hosted'
        ? await shop
            .checkoutElement(order, experience, {
              origin: new URL(c.req.url).origin,
              // In page, the session's success_url once it completes; hosted, the order page (after-checkout.js).
              attributes: via === 'hosted' ? { 'data-order-url': `/orders/${order.order_id}` } : { redirect: 'always' },
            })
            .then((tag) => tag && { tag })
        : await shop.clientSecretFor(order, experience).then((clientSecret) => clientSecret && { clientSecret });
    if (!checkout) return c.html(notFoundPage(customer.email, 'This checkout'), 404);
    return c.html(checkoutPage(item, order, checkout, customer.email, via));
  });

  // The success page: the store's own record of the order, never the redirect's word.
  app.get('/orders/:orderId', async (c) => {
    const customer = await shopper(c);
    let order = await shop.order(c.req.param('orderId'));
    if (!order || order.customer_id !== customer?.customer_id) return c.html(notFoundPage(customer?.email, 'This order'), 404);
    const webhooksOn = webhooks().status !== 'unavailable';
    if (await shop.fulfilFromSuccessPage(order)) order = (await shop.order(order.order_id))!;
    return c.html(orderPage(order, customer.email, webhooksOn, catalog));
  });

  app.get('/account', async (c) => {
    const customer = await shopper(c);
    if (!customer) return c.html(signInPage());
    const [cards, chargeable, letters, subscriptions, orders] = await Promise.all([
      shop.savedCards(customer),
      shop.chargeableCard(customer),
      shop.letters(customer),
      shop.subscriptions(customer),
      shop.orders(customer),
    ]);
    const resultId = c.req.query('result');
    const result = resultId ? orders.find((o) => o.order_id === resultId && o.kind === 'off_session') : undefined;
    const buyable = catalog.filter((i) => !i.price.recurring && i.product.hsa_fsa_eligibility !== 'not_eligible');
    // This page's Buy again forms carry one fresh token: a double click or a resent form is
    // the same intent, so it is one order and one charge (shop.buyAgain).
    const intent = newId('intent');
    c.header('cache-control', 'no-store');
    return c.html(accountPage({ customer, cards, chargeable, letters, subscriptions, orders, buyable, result, catalog, intent }));
  });

  app.post('/account/sign-in', async (c) => {
    const email = (await form(c))('email');
    if (!EMAIL.test(email)) return c.html(signInPage('Enter a valid email address, like name@example.com.', email), 422);
    await signIn(c, email);
    return c.redirect('/account', 303);
  });

  app.post('/account/sign-out', (c) => {
    deleteCookie(c, COOKIE, { path: '/' });
    return c.redirect('/', 303);
  });

  // "Buy again": an off-session charge, then the account page shows what Flex answered.
  app.post('/account/buy-again', async (c) => {
    const customer = await shopper(c);
    if (!customer) return c.redirect('/account', 303);
    const field = await form(c);
    const item = shop.item(field('product'));
    if (!item || item.price.recurring) return c.html(notFoundPage(customer.email, 'This product'), 404);
    const intent = field('intent');
    if (!INTENT.test(intent))
      return c.html(errorPage(customer.email, 'This page was out of date, so nothing was charged. Open your account page again and try again.'), 400);
    const order = await shop.buyAgain(customer, item, intent);
    return c.redirect(`/account?result=${order.order_id}#result`, 303);
  });

  app.get('/webhooks', async (c) => {
    const [deliveries, handled] = await Promise.all([
      db.selectFrom('store_webhook_deliveries').selectAll().orderBy('received_at', 'desc').limit(200).execute(),
      db.selectFrom('store_webhook_events').selectAll().execute(),
    ]);
    const clock = sandboxApi ? await sandboxApi('GET', '/v1/test_helpers/clock') : null;
    c.header('cache-control', 'no-store');
    return c.html(
      webhooksPage({
        registration: webhooks(),
        deliveries,
        events: new Map(handled.map((h) => [h.event_id, h])),
        email: (await shopper(c))?.email,
        sandboxNow: clock?.status === 200 ? (clock.body as { test_clock: { now_iso: string } }).test_clock.now_iso : null,
        sandbox: sandboxApi !== null,
        advanced: Number(c.req.query('advanced')) || null,
      }),
    );
  });

  // Sandbox tools on the webhook page. A forged delivery: what an attacker's POST looks like
  // to the webhook route (a body Flex never signed); the companion server must refuse it.
  app.post('/webhooks/forge', async (c) => {
    if (!(await shopper(c))) return c.html(signInPage('Sign in to use the sandbox tools.'), 401);
    const registration = webhooks();
    if (registration.status === 'unavailable') return c.redirect('/webhooks', 303);
    const event = {
      event_id: `fevt_forged_${Date.now()}`,
      event_type: 'checkout.session.completed',
      event_dt: Math.floor(Date.now() / 1000),
      object: { checkout_session_id: 'fcs_forged' },
    };
    const forged = Buffer.from('not the signature').toString('base64');
    await fetch(registration.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'svix-id': event.event_id,
        'svix-timestamp': String(Math.floor(Date.now() / 1000)),
        'svix-signature': `v1,${forged}`,
      },
      body: JSON.stringify(event),
    });
    return c.redirect('/webhooks', 303);
  });

  // Moves the sandbox's clock (trials end, subscriptions renew, letters and sessions expire).
  // Signed-in shoppers only: it changes the sandbox for everyone (a cross-site form cannot,
  // since the cookie is SameSite=Lax).
  app.post('/webhooks/advance-clock', async (c) => {
    const customer = await shopper(c);
    if (!customer) return c.html(signInPage('Sign in to use the sandbox tools.'), 401);
    const days = Number((await form(c))('days'));
    if (![1, 15, 30, 365].includes(days) || !sandboxApi) return c.redirect('/webhooks', 303);
    const moved = await sandboxApi('POST', '/v1/test_helpers/advance_time', { seconds: days * 86_400 });
    if (moved.status === 422)
      return c.html(errorPage(customer.email, `The sandbox clock did not move: ${(moved.body as ErrorAnswer | null)?.detail?.[0]?.msg ?? 'it refused'}.`), 422);
    if (moved.status !== 200) throw new Error(`Moving the sandbox clock answered ${moved.status}`);
    return c.redirect('/webhooks?advanced=' + days, 303);
  });

  // Mounted under the root app, whose own notFound would answer first: a catch-all instead.
  app.all('*', async (c) => c.html(notFoundPage((await shopper(c))?.email), 404));
  app.onError((error, c) => {
    if (isClientAbort(error, c.req.raw)) {
      logClientAbort(c);
      return c.body(null, 400, { connection: 'close' });
    }
    // Flex's answer in words (its detail list); never a stack trace.
    const message = error instanceof FlexError ? `The payment service said: ${error.detail[0]?.msg ?? error.message}` : 'Try again in a moment.';
    console.error(JSON.stringify({ level: 'error', msg: 'store page failed', path: c.req.path, error: String(error) }));
    return c.html(errorPage(undefined, message), error instanceof FlexError && error.status < 500 ? 400 : 500);
  });
  return app;
}
