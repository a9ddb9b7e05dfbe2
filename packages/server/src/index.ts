/**
 * @flex-checkout/server: the companion server a merchant mounts on its backend. It holds
 * the secret key, scopes the widget to one checkout session, makes confirms idempotent and
 * verifies webhooks.
 *
 * @example With no account yet (the sandbox runs in this process):
 * ```ts
 * import { createFlexCheckout, serve } from '@flex-checkout/server';
 * const flex = await createFlexCheckout();
 * await serve(flex.app, { port: 4244 });
 * ```
 *
 * @example Against Flex (the hosted checkout, inside `<flex-checkout>`):
 * ```ts
 * const flex = await createFlexCheckout({
 *   apiKey: process.env.FLEX_API_KEY,
 *   apiBase: 'https://api.withflex.com',
 *   webhookSecret: process.env.FLEX_WEBHOOK_SECRET, // fwhsec_…
 *   onEvent: async (event) => { if (event.event_type === 'checkout.session.completed') await fulfil(event.object) },
 * });
 * ```
 */
import type { Hono } from 'hono';
import { createServerApp } from './app.js';
import { createFlexClient, type FlexClient } from './client/index.js';
import { embeddedUpstream, inProcessUpstream } from './embedded.js';
import { jsonLogger } from './log.js';
import type { FlexCheckoutOptions } from './options.js';
import { openServerStore, type ServerStore } from './storage/open.js';
import { httpUpstream, isPlainHttpElsewhere, originOf, type Upstream } from './upstream.js';
import { createEventWorker, webhookRoute } from './webhooks/index.js';
import { sessionBinder, withMerchantUrls } from './checkout/binder.js';
import { clientSecrets } from './checkout/client-secrets.js';
import { experiences } from './checkout/experience.js';
import { returnUrls } from './checkout/return-urls.js';
import { signingKey } from './checkout/signing-key.js';
import { loadElementScript } from './element-script.js';
import type { FlexEvent, WidgetSession } from '@flex-checkout/protocol';
import { firstViews, type RenderElementOptions, type SessionViewOptions } from './widget/first-view.js';

export type { FlexCheckoutOptions } from './options.js';
export { jsonLogger, silentLogger, redact, type Logger } from './log.js';
export { httpUpstream, type Upstream } from './upstream.js';
export * from './client/index.js';
export * from './adapters/index.js';

/** Where Flex's API lives. */
export const FLEX_API_BASE = 'https://api.withflex.com';
export const DEFAULT_SERVER_DATABASE = '.data/flex-server.sqlite';
/** How long a read the element asks for waits on Flex by default (`upstreamReadTimeoutMs`). */
export const DEFAULT_UPSTREAM_READ_TIMEOUT_MS = 10_000;

export interface FlexCheckout {
  /** The Hono app: widget routes under the prefix, the webhook route, the element's script, and (embedded) the sandbox's browser pages. */
  app: Hono;
  /**
   * Where this server serves `<flex-checkout>` for a script tag, by its content hash (cached for
   * good): `/flex/flex-checkout.3kq9….js`. Null when `@flex-checkout/element` is not installed.
   * `{prefix}/flex-checkout.js` serves the same file, revalidated on each use.
   */
  elementScriptUrl: string | null;
  /** The typed client for the merchant's own server-side calls. */
  client: FlexClient;
  /** The plain Fetch handler, for any runtime. */
  fetch: (request: Request) => Promise<Response>;
  upstream: Upstream;
  store: ServerStore;
  /**
   * The session as `<flex-checkout>` first reads it (`GET {prefix}/sessions/{id}` with its
   * client secret), for a page your server renders: given in the element's `session-view`
   * attribute (or property), the shopper starts on the first step without waiting for that
   * read. Throws a `FlexError` as the read would answer (a wrong secret: 401).
   */
  sessionView(clientSecret: string, options: SessionViewOptions): Promise<WidgetSession>;
  /**
   * The element's tag for the session, its first view in it, as escaped HTML:
   * `<flex-checkout endpoint="/flex" client-secret="…" session-view="…"></flex-checkout>`.
   *
   * @example In an Express handler that renders the checkout page:
   * ```ts
   * const tag = await flex.renderElement(session.client_secret, {
   *   origin: `${req.protocol}://${req.get('host')}`,
   *   language: req.get('accept-language'),
   * });
   * res.send(`<script src="/flex/flex-checkout.js"></script>${tag}`);
   * ```
   */
  renderElement(clientSecret: string, options: RenderElementOptions): Promise<string>;
  /** Stops the webhook worker and closes the databases. */
  close(): Promise<void>;
}

export type { RenderElementOptions, SessionViewOptions };

/** Builds the companion server. With no `apiKey`/`apiBase` it runs the sandbox in process. */
export async function createFlexCheckout(options: FlexCheckoutOptions = {}): Promise<FlexCheckout> {
  const logger = options.logger ?? jsonLogger();
  const readTimeoutMs = options.upstreamReadTimeoutMs ?? DEFAULT_UPSTREAM_READ_TIMEOUT_MS;
  // Checked before anything opens: a wrong value would only show as every shopper's read failing.
  if (!Number.isInteger(readTimeoutMs) || readTimeoutMs < 1 || readTimeoutMs > 120_000) {
    throw new Error(`upstreamReadTimeoutMs must be a whole number of milliseconds from 1 to 120000; it was ${String(options.upstreamReadTimeoutMs)}`);
  }
  let upstream: Upstream;
  let apiKey: string;
  if (options.sandboxApp) {
    upstream = inProcessUpstream(options.sandboxApp, 'in-process sandbox');
    apiKey = options.apiKey ?? 'fsk_test_sandbox';
  } else if (options.apiKey || options.apiBase) {
    if (!options.apiKey) throw new Error('apiBase was given without apiKey: pass the secret key (fsk_…) for that API');
    upstream = httpUpstream(options.apiBase ?? FLEX_API_BASE);
    apiKey = options.apiKey;
    // Flex's secret keys are `fsk_…` (live) and `fsk_test_…` (test). Another key (a Stripe
    // `sk_…`, a publishable key) would show only as every checkout failing with a 401; said
    // once here instead. Only for Flex itself: a stand-in behind `apiBase` may use keys of its own.
    if (!options.apiBase && !apiKey.startsWith('fsk_')) {
      logger.warn('apiKey is not a Flex secret key (those start with fsk_): Flex will refuse it; copy the secret key from the Partner Dashboard', {});
    }
    if (options.apiBase && isPlainHttpElsewhere(options.apiBase)) {
      logger.warn('apiBase is plain HTTP to another host: the secret key crosses the network unencrypted', { upstream: originOf(options.apiBase) });
    }
  } else {
    ({ upstream, apiKey } = await embeddedUpstream({
      ...(options.sandboxDatabase ? { database: options.sandboxDatabase } : {}),
      ...(options.schema ? { schema: options.schema } : {}),
      ...(options.sandboxProfile ? { profile: options.sandboxProfile } : {}),
    }));
  }
  const store = await openServerStore(options.database ?? (process.env.DATABASE_URL || DEFAULT_SERVER_DATABASE), options.schema);
  const prefix = (options.prefix ?? '/flex').replace(/\/+$/, '');

  // The checkout each session gets, and the client secrets and return pages of hosted ones.
  const key = await signingKey(store);
  const secrets = clientSecrets(key);
  const offered = experiences(upstream, apiKey, options.checkout, logger);
  const binder = sessionBinder({ secrets, experiences: offered, key, prefix, publicUrl: options.publicUrl?.replace(/\/+$/, '') });

  let worker: ReturnType<typeof createEventWorker> | undefined;
  let webhooks: Hono | undefined;
  if (options.webhookSecret) {
    const onEvent = options.onEvent;
    // A session in an event shows the merchant's own URLs, as the client's answers do, not the return page's.
    const receiver = {
      secret: options.webhookSecret,
      store,
      logger,
      ...(onEvent ? { onEvent: (event: FlexEvent) => onEvent(withMerchantUrls(event, binder.restore)) } : {}),
    };
    webhooks = webhookRoute(receiver);
    worker = createEventWorker(receiver);
    worker.start();
  } else if (options.onEvent) {
    logger.warn('onEvent is set but webhookSecret is not: deliveries are refused (503) until it is set', { path: `${prefix}/webhooks` });
  }

  const elementScript = loadElementScript();
  const app = createServerApp({
    elementScript,
    upstream,
    store,
    apiKey,
    prefix,
    secrets,
    experiences: offered,
    restore: binder.restore,
    readTimeoutMs,
    returnUrls: returnUrls(key, prefix),
    allowedOrigins: options.allowedOrigins ?? [],
    logger,
    rateLimit: { perSession: options.rateLimit?.perSession ?? 120, perIp: options.rateLimit?.perIp ?? 600 },
    trustProxy: options.trustProxy ?? false,
    ...(webhooks ? { webhooks } : {}),
  });
  // The element's first read, answered in this process for pages the merchant's server renders.
  const views = firstViews(
    { upstream, store, apiKey, secrets, experiences: offered, restore: binder.restore, readTimeoutMs },
    logger,
    prefix,
    elementScript?.firstParts ?? null,
  );
  return {
    app,
    sessionView: views.sessionView,
    renderElement: views.renderElement,
    elementScriptUrl: elementScript ? `${prefix}/${elementScript.hashedName}` : null,
    client: createFlexClient({ upstream, apiKey, sessions: binder, logger }),
    fetch: async (request) => app.fetch(request),
    upstream,
    store,
    async close() {
      await worker?.stop();
      await store.close();
      await upstream.close();
    },
  };
}
