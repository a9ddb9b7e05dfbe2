/**
 * `npm start`: the demo store on http://localhost:4242 (PORT to change), from one process:
 *
 *   /                  the store (demo/store/)
 *   /flex/*            the companion server, @flex-checkout/server (widget routes, webhooks)
 *   /sandbox/*, /v1/*  the Flex sandbox, in this process (secret key fsk_test_sandbox)
 *   /flex-checkout.js  the <flex-checkout> script-tag build, served as a CDN would
 *   /react, /vue       the same store, its checkout page rendered by @flex-checkout/react or /vue
 *   /hosted            the same store on the hosted checkout (the sandbox's /pay page framed in the element)
 *
 * With FLEX_API_KEY set, the store runs against Flex's API instead (FLEX_API_BASE, Flex's own
 * by default; FLEX_WEBHOOK_SECRET, store/upstream.ts): no sandbox, no /sandbox/* or /v1/*
 * mounts, no sandbox tools, and the checkout in hosted mode unless the API offers the browser
 * extension. Going live is configuration.
 *
 * Data lives under `.data/demo/` (`--data DIR` or FLEX_DEMO_DATA for another place; a
 * `postgres://` DATABASE_URL puts it all in PostgreSQL) and survives a restart.
 * `--headers-timeout-ms` and `--request-timeout-ms` bound how long a client may take to send
 * a request (defaults 10 000 and 30 000).
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { Hono } from 'hono';
import { isClientAbort } from '@flex-checkout/protocol/request-body';
import { createSandbox, DEFAULT_PUBLISHABLE_KEY, DEFAULT_SECRET_KEY } from '@flex-checkout/sandbox';
import { createFlexCheckout, createFlexClient, DEFAULT_TIMEOUTS, FLEX_API_BASE, httpUpstream, jsonLogger, serve, type Logger } from '@flex-checkout/server';
import { serveStatic } from '@hono/node-server/serve-static';
import { ensureAppBundles } from './apps/build.js';
import { bundleHandler, elementParts, ensureElementBundle } from './bundle.js';
import { loadCatalog } from './store/catalog.js';
import { getSetting, newId, openStoreDatabase, putSetting } from './store/db.js';
import { logClientAbort, tightenDataDir } from './store/http.js';
import { storeRoutes } from './store/routes.js';
import { setStoreUpstream } from './store/views/layout.js';
import { createShop, type Shop } from './store/shop.js';
import { FLEX_CHECKOUT_ORIGIN, liveFlexFromEnv } from './store/upstream.js';
import { deliveryLog, registerWebhookEndpoint, type ApiCall, type WebhookRegistration } from './store/webhooks.js';

const { values: args } = parseArgs({
  options: { data: { type: 'string' }, port: { type: 'string' }, 'headers-timeout-ms': { type: 'string' }, 'request-timeout-ms': { type: 'string' } },
  strict: true,
});
const ms = (name: 'headers-timeout-ms' | 'request-timeout-ms', fallback: number) => {
  const n = Number(args[name] ?? fallback);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} takes a whole number of milliseconds, not "${args[name]}"`);
  return n;
};
const timeouts = {
  headersTimeout: ms('headers-timeout-ms', DEFAULT_TIMEOUTS.headersTimeout),
  requestTimeout: ms('request-timeout-ms', DEFAULT_TIMEOUTS.requestTimeout),
};
const port = Number(args.port ?? process.env.PORT ?? 4242);
const hostname = process.env.HOST ?? '0.0.0.0';
const dataDir = args.data ?? process.env.FLEX_DEMO_DATA ?? '.data/demo';
const postgres = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '') ? process.env.DATABASE_URL! : undefined;
// One SQLite file per owner: each keeps its own connection, so none waits on another's lock.
const databases = {
  sandbox: postgres ?? join(dataDir, 'sandbox.sqlite'),
  server: postgres ?? join(dataDir, 'flex-server.sqlite'),
  store: postgres ?? join(dataDir, 'store.sqlite'),
};
const log = (line: string) => console.log(line);
// Customers' records: the folder and its files are this user's alone (new files are made
// 0600 by @flex-checkout/storage; this also closes up a folder an earlier version left open).
if (!postgres) tightenDataDir(dataDir);

const bundle = ensureElementBundle(log);
const appsDir = await ensureAppBundles(log);

// The sandbox stands in for Flex's API. With FLEX_API_KEY (a Flex account), it goes, and the
// companion servers below get `apiKey` and `apiBase` instead of `sandboxApp`.
const live = liveFlexFromEnv(process.env);
setStoreUpstream(live ? { sandbox: false, apiBase: live.apiBase ?? FLEX_API_BASE } : { sandbox: true });
const sandbox = live ? null : await createSandbox({ database: databases.sandbox });
/** The companion servers' upstream: the sandbox in this process, or Flex's API. */
const upstream = sandbox
  ? { sandboxApp: sandbox.app, apiKey: DEFAULT_SECRET_KEY }
  : { apiKey: live!.apiKey, ...(live!.apiBase ? { apiBase: live!.apiBase } : {}) };
const storeDb = await openStoreDatabase(databases.store);

// Listening comes first: the webhook endpoint's URL needs the port (PORT=0 picks a free one).
// The companion server's `serve`: Node's http with header and request timeouts.
// Set once the app is built (below); until then the server answers 503.
let handler: ((request: Request, env?: unknown) => Response | Promise<Response>) | undefined = undefined;
const running = await serve(
  { fetch: (request, env) => (handler ? handler(request, env) : new Response('Starting…', { status: 503, headers: { 'retry-after': '1' } })) },
  { port, hostname, ...timeouts },
);
const server = running.server;
const actualPort = running.port;
const origin = `http://localhost:${actualPort}`;
// Flex (here, the sandbox in this process) calls the store back over loopback.
const callbackHost = ['0.0.0.0', '::', 'localhost'].includes(hostname) ? '127.0.0.1' : hostname;

/** The sandbox's own API with the secret key, for what the typed client does not cover (its webhook endpoints, its clock); null on Flex. */
const sandboxApi: ApiCall | null = sandbox
  ? async (method, path, body) => {
      const res = await sandbox.app.request(path, {
        method,
        headers: { authorization: `Bearer ${DEFAULT_SECRET_KEY}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json().catch(() => null)) as unknown };
    }
  : null;
// The webhook is registered before the companion servers exist (they take its secret): on Flex
// through a typed client of its own, as a merchant's setup script would.
const webhookUrl = `http://${callbackHost}:${actualPort}/flex/webhooks`;
const registration: WebhookRegistration = live?.webhookSecret
  ? { status: 'configured', endpointId: null, url: webhookUrl, secret: live.webhookSecret }
  : await registerWebhookEndpoint(
      storeDb.db,
      webhookUrl,
      sandboxApi ? { sandbox: sandboxApi } : { flex: createFlexClient({ upstream: httpUpstream(live!.apiBase ?? FLEX_API_BASE), apiKey: live!.apiKey }) },
    );

const verbose = process.env.LOG_LEVEL === 'info';
const json = jsonLogger((line) => process.stderr.write(`${line}\n`));
const logger: Logger = verbose ? json : { ...json, info: () => {} };

// Created once the companion servers it uses are (below); no event comes before.
let shop: Shop | undefined = undefined;
// The companion server, as a merchant mounts it: the widget's routes and the webhook route.
const flex = await createFlexCheckout({
  ...upstream,
  database: databases.server,
  logger,
  ...(registration.status !== 'unavailable' ? { webhookSecret: registration.secret, onEvent: (event) => shop!.onEvent(event) } : {}),
});

// The hosted checkout, as the store would run it on Flex's API today: the same sandbox and
// database, the hosted page framed in the element (the /hosted store pages).
const flexHosted = await createFlexCheckout({
  ...upstream,
  database: databases.server,
  logger,
  checkout: 'hosted',
  prefix: '/flex-hosted',
});

const { items: catalog, created, skipped } = await loadCatalog(flex.client);
for (const { key, reason } of skipped) log(`Catalog: ${key} left out, the API refused it: ${reason}`);
shop = createShop({ flex, hosted: flexHosted, db: storeDb.db, catalog, webhooks: () => registration.status !== 'unavailable' });
let cookieSecret = await getSetting(storeDb.db, 'cookie_secret');
if (!cookieSecret) await putSetting(storeDb.db, 'cookie_secret', (cookieSecret = newId('cookie') + newId('')));

const app = new Hono();
app.on(['GET', 'HEAD'], '/flex-checkout.js', bundleHandler(bundle));
// What it loads when needed, from beside itself.
for (const part of elementParts()) app.on(['GET', 'HEAD'], `/${part.name}`, bundleHandler(part.path));
// The /react and /vue checkout pages' scripts (demo/apps/).
app.use(
  '/assets/apps/*',
  serveStatic({
    root: appsDir,
    rewriteRequestPath: (path) => path.replace(/^\/assets\/apps/, ''),
    onFound: (_path, c) => c.header('cache-control', 'no-cache'),
  }),
);
app.use('/flex/webhooks', deliveryLog(storeDb.db));
app.all('/flex/*', (c) => flex.fetch(c.req.raw));
app.all('/flex-hosted/*', (c) => flexHosted.fetch(c.req.raw));
if (sandbox) {
  app.all('/pay/*', (c) => flex.fetch(c.req.raw)); // the sandbox's hosted checkout (redirect_url), through the server
  app.all('/sandbox/*', (c) => flex.fetch(c.req.raw)); // the card frame and 3-D Secure page, through the server
  app.all('/v1/*', (c) => sandbox.app.fetch(c.req.raw)); // the sandbox's own API, for curl and tests
}
// On Flex's API the /hosted pages frame Flex's hosted page: its origin as Flex's docs show
// redirect_url (https://checkout.withflex.com/pay/c/…), and the API's own, for an API that
// serves its hosted page there (a sandbox over HTTP).
const frameOrigins = live ? [...new Set([FLEX_CHECKOUT_ORIGIN, new URL(live.apiBase ?? FLEX_API_BASE).origin])] : [];
app.route('/', storeRoutes({ shop, db: storeDb.db, catalog, cookieSecret, webhooks: () => registration, sandboxApi, frameOrigins }));
app.onError((error, c) => {
  // A client that hung up mid-request is no failure of the store's.
  if (isClientAbort(error, c.req.raw)) {
    logClientAbort(c);
    return c.body(null, 400, { connection: 'close' });
  }
  console.error(JSON.stringify({ level: 'error', msg: 'unhandled', method: c.req.method, path: c.req.path, error: String(error) }));
  return c.text('Something went wrong.', 500);
});
handler = app.fetch;

const webhookLine =
  registration.status === 'unavailable'
    ? `off — ${registration.reason}; the success page confirms orders instead`
    : `${registration.url} (${registration.status === 'reused' ? 'endpoint kept from an earlier start' : registration.status === 'configured' ? 'secret from FLEX_WEBHOOK_SECRET' : 'endpoint registered'})`;
const apiLine = sandbox
  ? `Flex sandbox API ${origin}/v1   secret key ${DEFAULT_SECRET_KEY} · publishable key ${DEFAULT_PUBLISHABLE_KEY}`
  : `Flex API         ${live!.apiBase ?? FLEX_API_BASE} (FLEX_API_KEY)`;
log(`flex-checkout demo store on ${origin}
  Store            ${origin}/   (account: ${origin}/account, webhook log: ${origin}/webhooks)
                   ${origin}/react and ${origin}/vue: the checkout through the React and Vue wrappers
                   ${origin}/hosted: the hosted checkout, as on Flex's API today
  Companion server ${origin}/flex
  ${apiLine}
  Element bundle   ${origin}/flex-checkout.js
  Webhooks         ${webhookLine}
  Data             ${postgres ? (sandbox?.store.location ?? 'PostgreSQL (DATABASE_URL)') : dataDir}${created > 0 ? ` (catalog of ${created} products created)` : ''}
  ${
    sandbox
      ? `Test cards       4242 4242 4242 4242 succeeds · 4000 0025 0000 3155 3-D Secure
                   4000 0000 0000 9995 insufficient funds · 4000 0000 0000 0002 declined
                   any future expiry, any CVC, any ZIP`
      : `Test cards       4242 4242 4242 4242 succeeds · 4000 0000 0000 9995 declined (with a test key)`
  }`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  // running.close() also closes idle keep-alive connections; a busy one gets a second.
  setTimeout(() => server.closeAllConnections(), 1000).unref();
  await running.close();
  await flexHosted.close();
  await flex.close();
  await storeDb.close();
  await sandbox?.close();
  process.exit(0);
}
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
