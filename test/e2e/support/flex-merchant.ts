import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { FlexEvent } from '@flex-checkout/protocol';
import { createFlexCheckout, createFlexClient, httpUpstream, silentLogger, type FlexCheckout } from '@flex-checkout/server';
import { elementParts, ensureElementBundle } from '../../../demo/bundle.js';
import { caller, type Call } from '../../support/sandbox.js';
import { startSandboxProcess, type RunningSandbox } from '../../support/process.js';

export interface FlexMerchant {
  /** The merchant's site: its pages, /flex (the companion server), /flex-checkout.js. */
  url: string;
  /** The sandbox in the flex profile, as its own process: Flex as its documentation shows it. */
  sandbox: RunningSandbox;
  /** Calls the sandbox directly with the secret key (test setup and its clock). */
  api: Call;
  flex: FlexCheckout;
  /** Every call the companion server (and its typed client) sent upstream: "GET /v1/…". */
  upstreamCalls: string[];
  /** Every verified webhook event handed to onEvent, in order. */
  events: FlexEvent[];
  /** A price whose product needs a letter for `gym`, another for `skincare`. */
  prices: { gym: string; skincare: string };
  close(): Promise<void>;
}

/**
 * A merchant's site set up exactly as the README's production example, pointed at a sandbox
 * in the flex profile over HTTP. Between them, a recording proxy notes each call the server
 * makes, so a test can check that none leaves Flex's documented API.
 *
 * Pages: `/checkout/{price}` creates a session and renders `<flex-checkout>` (`?csp=strict`
 * adds a page CSP that leaves Flex's origin out of frame-src; `?returns=none` gives the
 * session no success or cancel URL; `?render=server` has the companion server render the tag
 * with the session's first view in it, `flex.renderElement()`, as docs/embedding.md shows);
 * `/thanks/{id}` reads the session as a success page does.
 */
export async function startFlexMerchant(): Promise<FlexMerchant> {
  const dir = mkdtempSync(join(tmpdir(), 'flex-merchant-'));
  const sandbox = await startSandboxProcess(join(dir, 'sandbox.sqlite'), ['--profile', 'flex', '--poll-ms', '100']);
  const api = caller((path, init) => fetch(`${sandbox.url}${path}`, init));
  const bundle = ensureElementBundle(() => {});

  // The recording proxy: what reaches it is what the companion server asked of "Flex".
  const upstreamCalls: string[] = [];
  const proxy = serve({
    port: 0,
    hostname: '127.0.0.1',
    fetch: async (request) => {
      const url = new URL(request.url);
      upstreamCalls.push(`${request.method} ${url.pathname}`);
      const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
      const res = await fetch(`${sandbox.url}${url.pathname}${url.search}`, { method: request.method, headers: request.headers, body });
      return new Response(await res.arrayBuffer(), { status: res.status, headers: res.headers });
    },
  });
  await new Promise<void>((resolve) => proxy.once('listening', () => resolve()));
  const apiBase = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

  // The merchant's server listens first: the webhook's URL needs its port.
  // Set once the app is built; until then the site answers 503.
  let handler: ((request: Request) => Response | Promise<Response>) | undefined = undefined;
  const site = serve({ port: 0, hostname: '127.0.0.1', fetch: (request) => (handler ? handler(request) : new Response('starting', { status: 503 })) });
  await new Promise<void>((resolve) => site.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;

  // Going live, step 1: register the webhook (the sandbox answers its fwhsec_ secret once).
  const setup = createFlexClient({ upstream: httpUpstream(apiBase), apiKey: 'fsk_test_sandbox' });
  const webhook = await setup.webhooks.create({ url: `${url}/flex/webhooks`, events: ['checkout.session.completed'] });
  if (!webhook.secret) throw new Error('The webhook answer holds no signing secret');

  // Step 2: the README's production setup.
  const events: FlexEvent[] = [];
  const flex = await createFlexCheckout({
    apiKey: 'fsk_test_sandbox',
    apiBase,
    webhookSecret: webhook.secret,
    onEvent: (event) => void events.push(event),
    database: join(dir, 'flex-server.sqlite'),
    logger: silentLogger,
  });

  const gym = await flex.client.products.create({ name: 'Strength Club', hsa_fsa_eligibility: 'letter_of_medical_necessity', visit_type: 'gym' });
  const skincare = await flex.client.products.create({ name: 'Clear Skin Kit', hsa_fsa_eligibility: 'letter_of_medical_necessity', visit_type: 'skincare' });
  const prices = {
    gym: (await flex.client.prices.create({ product: gym.product_id, unit_amount: 12900 })).price_id,
    skincare: (await flex.client.prices.create({ product: skincare.product_id, unit_amount: 4500 })).price_id,
  };

  const app = new Hono();
  app.all('/flex/*', (c) => flex.fetch(c.req.raw));
  app.get('/flex-checkout.js', (c) => c.body(readFileSync(bundle, 'utf8'), 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  // What it loads when needed (Spanish, for one), from beside itself.
  for (const part of elementParts())
    app.get(`/${part.name}`, (c) => c.body(readFileSync(part.path, 'utf8'), 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  app.get('/checkout/:price', async (c) => {
    const returns = c.req.query('returns') !== 'none';
    const session = await flex.client.checkoutSessions.create({
      line_items: [{ price: c.req.param('price'), quantity: 1 }],
      setup_future_use: 'off_session',
      ...(returns ? { success_url: `${url}/thanks/{CHECKOUT_SESSION_ID}`, cancel_url: `${url}/cart` } : {}),
    });
    if (c.req.query('csp') === 'strict') {
      // Flex's origin is not among the frames this page allows.
      c.header('content-security-policy', "default-src 'self'; script-src 'self'; style-src 'self'; frame-src 'self'; img-src 'self' data:");
    }
    const tag =
      c.req.query('render') === 'server'
        ? await flex.renderElement(session.client_secret!, { origin: url, language: c.req.header('accept-language') })
        : `<flex-checkout client-secret="${session.client_secret}" endpoint="/flex"></flex-checkout>`;
    return c.html(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Checkout</title><script src="/events.js" defer></script><script src="/flex-checkout.js" defer></script></head>
<body><main><h1>Checkout</h1>${tag}</main></body></html>`);
  });
  // The page's own listener (a file, so the strict CSP allows it): every event, in order. It
  // runs before flex-checkout.js: an element rendered with its first view is ready as the
  // script defines it, before a script after it would have run.
  app.get('/events.js', (c) =>
    c.body(
      `window.flexEvents = [];
for (const type of ['flex-ready', 'flex-step-change', 'flex-complete', 'flex-cancel', 'flex-expired', 'flex-error'])
  document.addEventListener(type, (e) => window.flexEvents.push({ type, detail: e.detail, at: performance.now() }));`,
      200,
      { 'content-type': 'text/javascript' },
    ),
  );
  app.get('/thanks/:id', async (c) => {
    // As Flex's redirect guide says: read the session, fulfil only when it is complete.
    const session = await flex.client.checkoutSessions.retrieve(c.req.param('id'));
    return c.html(
      `<!doctype html><html lang="en"><head><title>Thanks</title></head><body><h1>Order ${session.checkout_session_id}: ${session.status}</h1></body></html>`,
    );
  });
  app.get('/cart', (c) => c.html('<!doctype html><html lang="en"><head><title>Cart</title></head><body><h1>Your cart</h1></body></html>'));
  handler = app.fetch;

  return {
    url,
    sandbox,
    api,
    flex,
    upstreamCalls,
    events,
    prices,
    async close() {
      await flex.close();
      await new Promise<void>((resolve) => site.close(() => resolve()));
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await sandbox.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
