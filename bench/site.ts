import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createFlexCheckout, silentLogger, type FlexCheckout } from '@flex-checkout/server';
import { elementParts } from '../demo/bundle.js';
import { bundle, OUT_DIR, readElementScript } from './bundle.js';

/** What the bench pages record (set by the inline script in each page). */
declare global {
  interface Window {
    benchReady?: number;
    benchError?: string;
    benchClicked?: number;
    benchComplete?: number;
    benchSecret?: string;
    /** When the hosted page was on screen, as an absolute time (bench/ready.ts). */
    benchShownAt?: number;
  }
}

export type SessionKind = 'consultation' | 'payment' | 'hosted';

export interface BenchSite {
  /**
   * The origin on loopback that the pages, the scripts and the companion server share.
   * Pages: `/page/flex/{session}` (the script tag and the element for that session, rendered
   * with its first view by the companion server's `renderElement`), `/page/flex/{session}/client`
   * (the element alone: it reads the session itself), `/page/bare` (the floor's element);
   * `…/empty` loads the script with no element in it.
   * A `hosted` session's page is `/page/flex-hosted/{session}` (the element, the hosted page
   * framed in it), and `/page/redirect/{session}` answers what a Flex merchant's checkout
   * route answers today: a redirect (303) to the session's hosted page.
   * With `builds` (startSite), `/page/build/{name}/{session}` is the first of those pages with
   * that build's script-tag files, served from `/build/{name}/…`.
   */
  url: string;
  flex: FlexCheckout;
  /**
   * A new checkout session: `consultation` opens on the health questions, `payment` on the card
   * form; `hosted` is the gym's, made by the second companion server (`checkout: 'hosted'`).
   */
  newSession(kind: SessionKind): Promise<string>;
  close(): Promise<void>;
}

const page = (script: string, body: string, secret = '') => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bench</title>
<script>
  // Milliseconds from navigation start to the element's first sign of life.
  addEventListener('flex-ready', () => { window.benchReady ??= performance.now(); });
  addEventListener('bare-ready', () => { window.benchReady ??= performance.now(); });
  addEventListener('flex-error', (e) => { window.benchError ??= e.detail.code + ': ' + e.detail.message; });
  addEventListener('flex-complete', () => { window.benchComplete ??= performance.now(); });
  addEventListener('click', () => { window.benchClicked ??= performance.now(); }, true);
  window.benchSecret = ${JSON.stringify(secret)};
</script>
<script src="${script}"></script>
</head><body style="max-width:760px">${body}</body></html>`;

export interface SiteOptions {
  /**
   * Other builds of the script-tag files to serve beside the installed one, by name: each a
   * directory holding `flex-checkout.js` and its parts (a copy of packages/element/dist).
   * bench/compare.ts times two builds through the same route and page.
   */
  builds?: Record<string, string>;
}

/** A build's script-tag files, by file name, and its in-page part's name, as its manifest lists them. */
function readBuild(dir: string): { files: Map<string, Buffer>; inPage: string } {
  const main = join(dir, 'flex-checkout.js');
  const parts = elementParts(dir);
  const inPage = parts.find((part) => part.key === 'inPage')?.name;
  if (!existsSync(main) || !inPage) throw new Error(`${dir} holds no script-tag build (flex-checkout.js, and its in-page part in flex-checkout.parts.json)`);
  return { files: new Map([['flex-checkout.js', readFileSync(main)], ...parts.map((part) => [part.name, readFileSync(part.path)] as const)]), inPage };
}

/**
 * A merchant's site on loopback, as the browser parts see it: an HTML page that loads the
 * script tag, and the real companion server (`createFlexCheckout`, embedded sandbox on
 * fresh SQLite files) on the same origin, as when it is mounted on the merchant's backend.
 */
export async function startSite({ builds = {} }: SiteOptions = {}): Promise<BenchSite> {
  mkdirSync(OUT_DIR, { recursive: true });
  const dir = mkdtempSync(join(OUT_DIR, 'site-'));
  const flex = await createFlexCheckout({
    database: join(dir, 'server.sqlite'),
    sandboxDatabase: join(dir, 'sandbox.sqlite'),
    logger: silentLogger,
    // The bench makes hundreds of calls per session from one address; the defaults would answer 429.
    rateLimit: { perSession: 1_000_000, perIp: 1_000_000 },
  });
  // The hosted checkout, as on Flex today: a second companion server with `checkout: 'hosted'`
  // on the same sandbox, whose hosted page (`/pay/c/{id}`) this site serves through the first.
  const hosted = await createFlexCheckout({
    sandboxApp: flex.upstream.sandboxApp!,
    checkout: 'hosted',
    prefix: '/flex-hosted',
    database: join(dir, 'server-hosted.sqlite'),
    logger: silentLogger,
    rateLimit: { perSession: 1_000_000, perIp: 1_000_000 },
  });
  const ours = readElementScript();
  // What flex-checkout.js loads when needed (the in-page steps, Spanish), from beside itself.
  const parts = new Map(elementParts().map((part) => [part.name, readFileSync(part.path)]));
  const others = new Map(Object.entries(builds).map(([name, dir]) => [name, readBuild(dir)]));
  const [bareFile] = await bundle('bare');
  const bare = readFileSync(bareFile!);

  const gym = await flex.client.products.create({ name: 'Strength Club — 10 classes', hsa_fsa_eligibility: 'letter_of_medical_necessity', visit_type: 'gym' });
  const gymPrice = await flex.client.prices.create({ product: gym.product_id, unit_amount: 4999 });
  const kit = await flex.client.products.create({ name: 'First-aid kit', hsa_fsa_eligibility: 'auto_substantiation' });
  const kitPrice = await flex.client.prices.create({ product: kit.product_id, unit_amount: 4999 });
  const secrets = new Map<string, string>();
  const redirects = new Map<string, string>();

  const js = (body: Buffer) =>
    new Response(new Uint8Array(body), { headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' } });
  const html = (text: string) => new Response(text, { headers: { 'content-type': 'text/html; charset=utf-8' } });
  /**
   * A page whose body the server is still rendering: the head (the script tag) goes out at
   * once, so the script loads while the element's tag is made, then the body (docs/embedding.md).
   */
  const streamed = (script: string, body: Promise<string>) => {
    const [head, tail] = page(script, '\0').split('\0') as [string, string];
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(encoder.encode(head));
        try {
          controller.enqueue(encoder.encode(`${await body}${tail}`));
          controller.close();
        } catch (error) {
          controller.error(error);
        }
      },
    });
    return new Response(stream, { headers: { 'content-type': 'text/html; charset=utf-8' } });
  };
  const app = new Hono()
    .get('/flex-checkout.js', () => js(ours))
    .get('/bare.js', () => js(bare))
    .get('/page/bare', () => html(page('/bare.js', '<bare-checkout></bare-checkout>')))
    .get('/page/bare/empty', () => html(page('/bare.js', '')))
    // The checkout page as a merchant's server renders it (docs/embedding.md): the script from
    // the companion server, and the element with the session's first view in it.
    .get('/page/flex/:session', (c) => {
      const secret = secrets.get(c.req.param('session'));
      if (!secret) return c.text('no such session', 404);
      return streamed('/flex/flex-checkout.js', flex.renderElement(secret, { origin: url, language: c.req.header('accept-language') }));
    })
    // The element alone, as a page that cannot render it on the server has it: it reads the session itself.
    .get('/page/flex/:session/client', (c) => {
      const secret = secrets.get(c.req.param('session'));
      if (!secret) return c.text('no such session', 404);
      return html(page('/flex/flex-checkout.js', `<flex-checkout endpoint="/flex" client-secret="${secret}"></flex-checkout>`));
    })
    // The same page with another build's files, all from one plain route (no compression, as bare.js).
    .get('/page/build/:name/:session', (c) => {
      const build = others.get(c.req.param('name'));
      const secret = secrets.get(c.req.param('session'));
      if (!build || !secret) return c.text('no such build or session', 404);
      const from = `/build/${c.req.param('name')}`;
      const element = flex.renderElement(secret, { origin: url, language: c.req.header('accept-language'), preload: false });
      return streamed(
        `${from}/flex-checkout.js`,
        element.then((tag) => `<script src="${from}/${build.inPage}"></script>${tag}`),
      );
    })
    .get('/build/:name/:file', (c) => {
      const file = others.get(c.req.param('name'))?.files.get(c.req.param('file'));
      return file ? js(file) : c.notFound();
    })
    .get('/page/flex/:session/empty', (c) => html(page('/flex-checkout.js', '', secrets.get(c.req.param('session')) ?? '')))
    .get('/page/flex-hosted/:session', (c) => {
      const secret = secrets.get(c.req.param('session'));
      if (!secret) return c.text('no such session', 404);
      return streamed('/flex-hosted/flex-checkout.js', hosted.renderElement(secret, { origin: url, language: c.req.header('accept-language') }));
    })
    // Flex's merchants today: the checkout route sends the shopper's whole page to redirect_url.
    .get('/page/redirect/:session', (c) => {
      const to = redirects.get(c.req.param('session'));
      return to ? c.redirect(to, 303) : c.text('no such session', 404);
    })
    .get('/:file{flex-checkout\\.[\\w-]+\\.[\\w-]+\\.js}', (c) => {
      const part = parts.get(c.req.param('file'));
      return part ? js(part) : c.notFound();
    })
    .all('/flex-hosted/*', (c) => hosted.app.fetch(c.req.raw, c.env))
    .all('*', (c) => flex.app.fetch(c.req.raw, c.env));

  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    flex,
    async newSession(kind) {
      const client = kind === 'hosted' ? hosted.client : flex.client;
      const session = await client.checkoutSessions.create({ line_items: [{ price: (kind === 'payment' ? kitPrice : gymPrice).price_id }] });
      const id = session.checkout_session_id;
      secrets.set(id, session.client_secret!);
      // The hosted page is served on this site's origin (the embedded sandbox's /pay/*): its
      // redirect_url, read by a server with no browser request to take an origin from, names another.
      if (session.redirect_url) redirects.set(id, `${url}${new URL(session.redirect_url).pathname}`);
      if (kind === 'payment') {
        // The shopper's details are in, so the element opens on the card form.
        const res = await flex.app.request(`${url}/flex/sessions/${id}/details`, {
          method: 'POST',
          headers: { authorization: `Bearer ${session.client_secret}`, 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'bench@example.com', first_name: 'Bea', last_name: 'Bench' }),
        });
        if (res.status !== 200) throw new Error(`details for the bench session: ${res.status} ${await res.text()}`);
      }
      return id;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await hosted.close();
      await flex.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
