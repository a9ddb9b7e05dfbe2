import { ApiError } from '@flex-checkout/protocol';
import { Hono, type MiddlewareHandler } from 'hono';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { isClientAbort } from '@flex-checkout/protocol/request-body';
import { accessLog, allowOrigins, clientIp, limitBody, requestLimits, type TrustProxy } from './guards/index.js';

/** Wrong client secrets one caller may send a minute: a page that reloads with a stale one sends a few; a guesser, thousands. */
const REFUSED_SECRETS_PER_MINUTE = 30;
import type { Logger } from './log.js';
import type { ServerStore } from './storage/open.js';
import { logUnreachable, SecretKeyRefusedError, UpstreamBusyError, type Upstream } from './upstream.js';
import type { ReturnUrls } from './checkout/return-urls.js';
import { unexpectedError } from './answers.js';
import { elementScriptRoutes, type ElementScript } from './element-script.js';
import { returnPageRoutes } from './widget/return-page.js';
import { widgetRoutes, type WidgetRouteOptions } from './widget/routes.js';

export interface ServerAppOptions extends WidgetRouteOptions {
  upstream: Upstream;
  store: ServerStore;
  apiKey: string;
  prefix: string;
  /** The hosted checkout's return pages (return-urls.ts). */
  returnUrls: ReturnUrls;
  allowedOrigins: readonly string[];
  logger: Logger;
  rateLimit: { perSession: number; perIp: number };
  /** Which proxies in front set X-Forwarded-For, for the per-IP limit (see FlexCheckoutOptions). */
  trustProxy: TrustProxy;
  /** The webhook route, when a webhook secret is configured. */
  webhooks?: Hono;
  /** The element's script-tag build, served at `{prefix}/flex-checkout.js` (null: not installed). */
  elementScript: ElementScript | null;
}

/**
 * Paths of the embedded sandbox the browser itself loads: its hosted checkout (`/pay/*`, what
 * `redirect_url` opens) and, for the in-page checkout, the Stripe.js stand-in and card frame.
 */
const SANDBOX_BROWSER_PATHS = ['/pay/*', '/sandbox/*', '/v1/confirmation_tokens', '/v1/client/next_action/authenticate'];
/** What the embedded sandbox serves with headers of its own (it is framed by the merchant's page). */
const framedSandboxPage = (path: string) => path.startsWith('/sandbox/') || path.startsWith('/pay/');

/**
 * The companion server's Hono app: guards, the widget routes under the prefix, the webhook
 * route, and — with the embedded sandbox — the sandbox pages the browser loads. Every error
 * becomes `{"detail":[...]}` here, and nothing else: no stack, no upstream secret.
 */
export function createServerApp(options: ServerAppOptions): Hono {
  const { prefix, logger } = options;
  const app = new Hono();
  app.use('*', requestId());
  app.use('*', accessLog(logger));
  // The sandbox's pages and the return page bring their own headers: they are framed by the
  // merchant's page, maybe on another origin, which X-Frame-Options would forbid.
  const headers = secureHeaders({ crossOriginResourcePolicy: false, crossOriginOpenerPolicy: false });
  const returnPages = `${prefix}/return`;
  const framing: MiddlewareHandler = (c, next) =>
    (framedSandboxPage(c.req.path) && options.upstream.sandboxApp) || c.req.path.startsWith(returnPages) ? next() : headers(c, next);
  app.use('*', framing);

  const widget = `${prefix}/sessions`;
  app.use(`${widget}/*`, allowOrigins(options.allowedOrigins));
  // Per address; per caller the secrets it got wrong; per session only what its own secret
  // opened (finding 2). One statement to the database counts all three.
  app.use(
    `${widget}/*`,
    requestLimits({
      perIp: options.rateLimit.perIp,
      perSession: options.rateLimit.perSession,
      refusedPerMinute: REFUSED_SECRETS_PER_MINUTE,
      caller: clientIp(options.trustProxy),
      secrets: options.secrets,
      store: options.store,
    }),
  );
  app.use(`${widget}/*`, limitBody());
  app.route(prefix, widgetRoutes(options));
  app.route(prefix, returnPageRoutes(options.returnUrls, prefix, options.allowedOrigins));
  elementScriptRoutes(app, prefix, options.elementScript);
  if (options.webhooks) {
    app.use(`${prefix}/webhooks`, limitBody(1024 * 1024));
    app.route(`${prefix}/webhooks`, options.webhooks);
  } else {
    // Without the secret nothing can be verified. Said plainly (not a 404), and as a 503, so
    // Flex keeps the delivery and tries it again once the server has its secret.
    app.post(`${prefix}/webhooks`, (c) =>
      c.json(
        ApiError.one(
          503,
          ['server', 'webhookSecret'],
          'This server has no webhookSecret, so it cannot verify deliveries: set it to the secret Flex gave for this webhook',
          'service_unavailable',
        ).body,
        503,
      ),
    );
  }

  const sandbox = options.upstream.sandboxApp;
  if (sandbox) {
    for (const path of SANDBOX_BROWSER_PATHS) app.all(path, (c) => sandbox.fetch(c.req.raw));
  }

  app.notFound((c) => c.json(ApiError.one(404, ['path'], `No route for ${c.req.method} ${c.req.path}`, 'not_found').body, 404));
  app.onError((error, c) => {
    if (error instanceof SecretKeyRefusedError) {
      // An error, not a warning: every checkout fails until the key is mended.
      logger.error('the payment service refused the secret key (401): check apiKey', {
        request_id: c.get('requestId' as never),
        upstream: options.upstream.description,
        upstream_path: error.path,
      });
      return c.json(error.body, error.status);
    }
    if (error instanceof ApiError) {
      // The upstream could not be reached: the caller gets the 502 alone, the log which host and why.
      logUnreachable(logger, error, 1, undefined, { request_id: c.get('requestId' as never) });
      if (error instanceof UpstreamBusyError && error.retryAfter !== null) c.header('Retry-After', String(error.retryAfter));
      return c.json(error.body, error.status);
    }
    if (isClientAbort(error, c.req.raw)) {
      // The caller hung up mid-request: nobody reads this answer, and it is not our failure.
      logger.info('client aborted', { request_id: c.get('requestId' as never), method: c.req.method, path: c.req.path });
      return c.json(ApiError.one(400, ['body'], 'The connection closed before the request ended', 'client_aborted').body, 400, { connection: 'close' });
    }
    logger.error('unhandled error', { request_id: c.get('requestId' as never), path: c.req.path, error: String(error) });
    return c.json(unexpectedError().body, 500);
  });
  return app;
}
