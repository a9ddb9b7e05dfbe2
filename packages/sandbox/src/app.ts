import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { openApiDocument } from './openapi/document.js';
import { apiReferencePage, STYLES as API_PAGE_STYLES } from './openapi/page.js';
import type { Store } from './db/open.js';
import { requireSecretKey } from './http/auth.js';
import { limitBody } from './http/body-limit.js';
import type { SandboxEnv } from './http/env.js';
import { ApiError } from './http/errors.js';
import { transactionalWrites } from './http/writes.js';
import { checkoutSessionExtensionRoutes, checkoutSessionRoutes } from './resources/checkout/routes.js';
import { customerExtensionRoutes, customerRoutes } from './resources/customers.js';
import { priceRoutes } from './resources/prices.js';
import { productExtensionRoutes, productRoutes } from './resources/products.js';
import { testHelperRoutes } from './resources/test-helpers.js';
import { clientRoutes } from './resources/client/routes.js';
import { consultationRoutes, consultationTestHelperRoutes, customerLetterRoutes, questionnaireRoutes } from './resources/consultations.js';
import { paymentIntentRoutes, paymentMethodRoutes, setupIntentRoutes } from './resources/payments.js';
import { eventRetryRoutes, eventRoutes } from './resources/events.js';
import { invoiceExtensionRoutes, invoiceRoutes } from './resources/invoices.js';
import { subscriptionExtensionRoutes, subscriptionRoutes } from './resources/subscriptions.js';
import { webhookEndpointRoutes } from './resources/webhook-endpoints.js';
import { landingPage } from './landing.js';
import { confirmationTokenRoutes, sandboxBrowserRoutes } from './browser/routes.js';
import { hostedCheckoutRoutes } from './hosted/routes.js';
import { documentedWebhookRoutes } from './resources/webhooks.js';
import { customerPaymentMethodRoutes } from './resources/customer-payment-methods.js';
import { checkoutSessionMoneyRoutes } from './resources/checkout/money-routes.js';
import { refundRoutes } from './resources/refunds.js';
import { captureRoutes } from './resources/captures.js';
import { disputeRoutes, disputeTestHelperRoutes } from './resources/disputes.js';
import { balanceTransactionExtensionRoutes, balanceTransactionRoutes, payoutExtensionRoutes, payoutRoutes } from './resources/balance.js';
import { couponExtensionRoutes, couponRoutes } from './resources/coupons.js';
import { promoCodeExtensionRoutes, promoCodeRoutes } from './resources/promo-codes.js';
import { shippingRateExtensionRoutes, shippingRateRoutes } from './resources/shipping-rates.js';
import { clientSummaryRoutes } from './resources/client/summary-routes.js';
import type { SandboxProfile } from './profile.js';
import { BROWSER_EXTENSION, EXTENSIONS_HEADER, IDEMPOTENCY_EXTENSION, toFlexErrorBody } from '@flex-checkout/protocol';

/** The documented default secret key of the sandbox. */
export const DEFAULT_SECRET_KEY = 'fsk_test_sandbox';
/** The documented default publishable key (the browser side of the sandbox). */
export const DEFAULT_PUBLISHABLE_KEY = 'fpk_test_sandbox';
/** Bodies over 1 MB answer 413. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface SandboxAppOptions {
  store: Store;
  /** Secret keys the API accepts; every other key answers 401. Default: `["fsk_test_sandbox"]`. */
  apiKeys?: readonly string[];
  /** Publishable key for the browser side. Default: `fpk_test_sandbox`. */
  publishableKey?: string;
  /** The origin browsers reach the sandbox at; by default the request's own origin. */
  publicUrl?: string;
  /**
   * `default`: Flex's API and the sandbox's extensions (the in-page browser API among them).
   * `flex`: only what Flex documents, to prove an integration against Flex as it is
   * (see profile.ts).
   */
  profile?: SandboxProfile;
  /**
   * The origins whose pages may frame the hosted checkout (`/pay/c/{id}`), as CSP
   * `frame-ancestors` sources. Default `*`: any merchant's page, as Flex's iframe guide allows.
   */
  frameAncestors?: readonly string[];
}

/**
 * The sandbox as a Hono app: mount it in any server (`app.fetch`) or serve it alone
 * (see `cli.ts`). Every answer is JSON in Flex's shapes; every error is
 * `{"detail":[{"loc","msg","type"}]}`.
 */
export function createSandboxApp(options: SandboxAppOptions): Hono<SandboxEnv> {
  const { store } = options;
  const apiKeys = options.apiKeys ?? [DEFAULT_SECRET_KEY];
  const profile = options.profile ?? 'default';
  const extended = profile === 'default';
  const app = new Hono<SandboxEnv>();

  app.use('*', async (c, next) => {
    c.set('publicUrl', options.publicUrl ?? new URL(c.req.url).origin);
    c.set('publishableKey', options.publishableKey ?? DEFAULT_PUBLISHABLE_KEY);
    c.set('profile', profile);
    await next();
  });
  app.get('/', (c) => c.html(landingPage(c.var.publicUrl, apiKeys[0]!, extended ? c.var.publishableKey : null, profile)));
  // Flex's hosted checkout, in both profiles: what `redirect_url` opens.
  app.route('/pay', hostedCheckoutRoutes(store, options.frameAncestors ?? ['*']));
  // The API described (OpenAPI 3.1, from the same zod schemas that validate requests) and the
  // same rendered for people; no key needed, in both profiles (each describes its own routes).
  app.get('/v1/openapi.json', (c) => c.json({ ...openApiDocument(profile), servers: [{ url: c.var.publicUrl }] }));
  app.get('/sandbox/api', (c) => {
    c.header(
      'content-security-policy',
      `default-src 'none'; style-src 'sha256-${createHash('sha256').update(API_PAGE_STYLES).digest('base64')}'; base-uri 'none'`,
    );
    return c.html(apiReferencePage(openApiDocument(profile)));
  });
  if (extended) app.route('/sandbox', sandboxBrowserRoutes);

  const api = new Hono<SandboxEnv>();
  // The default profile says on every answer that it offers the browser API and honours
  // Idempotency-Key (EXTENSIONS_HEADER); the flex profile says nothing, as Flex documents neither.
  if (extended) {
    const offered = `${BROWSER_EXTENSION}, ${IDEMPOTENCY_EXTENSION}`;
    api.use('*', async (c, next) => {
      c.header(EXTENSIONS_HEADER, offered);
      await next();
      // Again after: a replayed answer (http/writes.ts) is a Response of its own, without it.
      c.header(EXTENSIONS_HEADER, offered);
    });
  }
  api.use('*', limitBody(MAX_BODY_BYTES));
  // Authentication comes before the transaction, so a refused request never claims an
  // Idempotency-Key. Browser paths are checked by their own routes (see isBrowserPath).
  api.use('*', requireSecretKey(apiKeys, { browserPaths: extended }));
  api.use('*', transactionalWrites(store));
  // Flex's documented API, in both profiles.
  api.route('/products', productRoutes);
  api.route('/prices', priceRoutes);
  api.route('/customers', customerRoutes);
  api.route('/customers', customerPaymentMethodRoutes);
  api.route('/checkout/sessions', checkoutSessionRoutes);
  api.route('/payment_intents', paymentIntentRoutes);
  api.route('/subscriptions', subscriptionRoutes);
  api.route('/invoices', invoiceRoutes);
  api.route('/webhooks', documentedWebhookRoutes);
  api.route('/checkout/sessions', checkoutSessionMoneyRoutes);
  api.route('/refunds', refundRoutes);
  api.route('/captures', captureRoutes);
  api.route('/disputes', disputeRoutes);
  api.route('/balance_transactions', balanceTransactionRoutes);
  api.route('/payouts', payoutRoutes);
  api.route('/coupons', couponRoutes);
  api.route('/promo_codes', promoCodeRoutes);
  api.route('/shipping_rates', shippingRateRoutes);
  api.route('/events', eventRetryRoutes);
  // The sandbox's test controls: how a test moves the clock or decides a review. Never
  // called by the product, so they stay in the flex profile too.
  api.route('/test_helpers', testHelperRoutes);
  api.route('/test_helpers/consultations', consultationTestHelperRoutes);
  api.route('/test_helpers/disputes', disputeTestHelperRoutes);
  if (extended) {
    // The sandbox's extensions: the in-page browser API and conveniences Flex does not document.
    api.route('/confirmation_tokens', confirmationTokenRoutes);
    api.route('/client', clientRoutes);
    api.route('/client', clientSummaryRoutes);
    api.route('/customers', customerLetterRoutes);
    api.route('/checkout/sessions', checkoutSessionExtensionRoutes);
    api.route('/payment_methods', paymentMethodRoutes);
    api.route('/setup_intents', setupIntentRoutes);
    api.route('/consultations', consultationRoutes);
    api.route('/questionnaires', questionnaireRoutes);
    api.route('/subscriptions', subscriptionExtensionRoutes);
    api.route('/invoices', invoiceExtensionRoutes);
    api.route('/events', eventRoutes);
    api.route('/webhook_endpoints', webhookEndpointRoutes);
    api.route('/products', productExtensionRoutes);
    api.route('/customers', customerExtensionRoutes);
    api.route('/coupons', couponExtensionRoutes);
    api.route('/promo_codes', promoCodeExtensionRoutes);
    api.route('/shipping_rates', shippingRateExtensionRoutes);
    api.route('/balance_transactions', balanceTransactionExtensionRoutes);
    api.route('/payouts', payoutExtensionRoutes);
  }
  app.route('/v1', api);

  const errorBody = (error: ApiError) => (extended ? error.body : toFlexErrorBody(error));
  app.notFound((c) => c.json(errorBody(ApiError.one(404, ['path'], `No route for ${c.req.method} ${c.req.path}`, 'not_found')), 404));
  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(errorBody(error), error.status);
    // Our fault, never the caller's: say so without a stack trace or internals.
    console.error(JSON.stringify({ level: 'error', msg: 'unhandled', method: c.req.method, path: c.req.path, error: String(error) }));
    return c.json(errorBody(ApiError.one(500, [], 'Something went wrong in the sandbox; nothing was saved. Try again.', 'api_error')), 500);
  });
  return app;
}
