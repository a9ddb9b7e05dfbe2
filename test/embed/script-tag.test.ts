import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elementParts } from '../../demo/bundle.js';
import { launchBrowser } from '../support/browser.js';
import { createPrice, createSession, listen, merchantSite, startFlex, type EmbedServer } from './support/flex.js';

/**
 * The script-tag file (`packages/element/dist/flex-checkout.js`, what `npm run build`
 * makes) on plain merchant pages in Chromium, each way a merchant may load it, against the
 * real companion server with the sandbox in process.
 */
const SCRIPT_PATH = fileURLToPath(new URL('../../packages/element/dist/flex-checkout.js', import.meta.url));
const VERSION = JSON.parse(readFileSync(new URL('../../packages/element/package.json', import.meta.url), 'utf8')).version as string;

let server: EmbedServer;
let site: { origin: string; close: () => Promise<void> };
let browser: Browser;
let price: string;
let script: string;

/** The page a merchant writes: `head` and `body` are the only parts that change. */
const html = (head: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Checkout</title><link rel="icon" href="data:,">${head}</head><body><main>${body}</main></body></html>`;

/** The part files asked of /flaky/, in order; while `down`, its in-page part answers 503. */
const flakyRequests: string[] = [];
const flaky = { down: true };

/** Each test's page, by name; `{secret}` is filled with a fresh session's client secret. */
const pages = new Map<string, string>();

beforeAll(async () => {
  if (!existsSync(SCRIPT_PATH)) throw new Error(`${SCRIPT_PATH} is missing: run "npm run build" first.`);
  script = readFileSync(SCRIPT_PATH, 'utf8');
  server = await startFlex();
  price = await createPrice(server, {});
  const app = merchantSite(server, (app) => {
    app.get('/flex-checkout.js', (c) => c.body(script, 200, { 'content-type': 'text/javascript' }));
    // What it loads when needed (the in-page steps, Spanish), from beside itself.
    for (const part of elementParts()) app.get(`/${part.name}`, (c) => c.body(readFileSync(part.path, 'utf8'), 200, { 'content-type': 'text/javascript' }));
    // The same file as a later release would be: only its version differs.
    app.get('/flex-checkout-next.js', (c) => c.body(nextVersion(script), 200, { 'content-type': 'text/javascript' }));
    // A folder whose in-page part cannot be had while `flakyDown` (a deploy mid-way, a CDN outage).
    app.get('/flaky/flex-checkout.js', (c) => c.body(script, 200, { 'content-type': 'text/javascript' }));
    app.get('/flaky/:file', (c) => {
      const part = elementParts().find((p) => p.name === c.req.param('file'));
      if (!part) return c.notFound();
      flakyRequests.push(part.name);
      if (part.name.includes('.in-page.') && flaky.down) return c.text('unavailable', 503);
      return c.body(readFileSync(part.path, 'utf8'), 200, { 'content-type': 'text/javascript' });
    });
    app.get('/page/:name', (c) => c.html(pages.get(c.req.param('name'))!.replaceAll('{secret}', c.req.query('secret') ?? '')));
    // A page the merchant's server renders: the element with its first view, from the companion server.
    app.get('/rendered/:name', async (c) => {
      const tag = await server.flex.renderElement(c.req.query('secret') ?? '', { origin: new URL(c.req.url).origin });
      return c.html(pages.get(c.req.param('name'))!.replace('{tag}', tag));
    });
  });
  site = await listen(app);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await server?.close();
});

function nextVersion(source: string): string {
  // The VERSION constant, in whichever quotes the minifier chose, wherever it inlined it.
  const literal = new RegExp(`([\`"'])${VERSION.replaceAll('.', '\\.')}\\1`, 'g');
  if (!literal.test(source)) throw new Error(`the version ${VERSION} is not in flex-checkout.js: this test must learn where it went`);
  return source.replace(literal, '$199.0.0$1');
}

interface Loaded {
  page: Page;
  consoleMessages: { type: string; text: string }[];
  pageErrors: string[];
}

/** Opens a page with a fresh session and waits until the shopper sees the details form. */
async function open(name: string, head: string, body: string): Promise<Loaded> {
  pages.set(name, html(head, body));
  const session = await createSession(server, { line_items: [{ price }] });
  const page = await browser.newPage();
  const consoleMessages: Loaded['consoleMessages'] = [];
  const pageErrors: string[] = [];
  page.on('console', (m) => consoleMessages.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${site.origin}/page/${name}?secret=${encodeURIComponent(session.client_secret)}`);
  await page.getByRole('heading', { name: 'Your details' }).waitFor({ timeout: 15_000 });
  return { page, consoleMessages, pageErrors };
}

const TAG = '<flex-checkout client-secret="{secret}"></flex-checkout>';

describe('flex-checkout.js as a <script> tag', () => {
  it('classic <script defer> in the head: a shopper pays with 4242 and flex-complete fires', async () => {
    const { page, consoleMessages, pageErrors } = await open('defer', '<script defer src="/flex-checkout.js"></script>', TAG);
    await page.evaluate(() => {
      document.querySelector('flex-checkout')!.addEventListener('flex-complete', (e) => ((window as any).completed = (e as CustomEvent).detail));
    });
    await page.getByLabel('Email').fill('sam@example.com');
    await page.getByLabel('First name').fill('Sam');
    await page.getByLabel('Last name').fill('Shopper');
    await page.getByRole('button', { name: 'Continue' }).click();
    const frame = page.frameLocator('iframe[title="Secure payment input frame"]');
    await frame.getByLabel('Card number').fill('4242424242424242');
    await frame.getByLabel('Expiration date').fill('12 / 34');
    await frame.getByLabel('Security code').fill('123');
    await frame.getByLabel('ZIP code').fill('10001');
    await page.getByRole('button', { name: 'Pay $24.00' }).click();
    await page.getByRole('heading', { name: 'Thank you' }).waitFor({ timeout: 15_000 });
    const detail = await page.evaluate(() => (window as any).completed);
    expect(detail).toMatchObject({ status: 'complete' });
    expect(detail.paymentIntentId).toMatch(/^fpi_|^pi_/);
    expect(pageErrors).toEqual([]);
    expect(consoleMessages.filter((m) => m.type === 'error' || m.type === 'warning')).toEqual([]);
    await page.close();
  });

  it('locale="es": the Spanish part loads from beside the file and the checkout is in Spanish', async () => {
    pages.set('es', html('<script defer src="/flex-checkout.js"></script>', '<flex-checkout client-secret="{secret}" locale="es"></flex-checkout>'));
    const session = await createSession(server, { line_items: [{ price }] });
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${site.origin}/page/es?secret=${encodeURIComponent(session.client_secret)}`);
    await page.getByRole('heading', { name: 'Sus datos' }).waitFor({ timeout: 15_000 });
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('classic <script async> in the head', async () => {
    const { page, pageErrors } = await open('async', '<script async src="/flex-checkout.js"></script>', TAG);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('<script type="module">', async () => {
    const { page, pageErrors } = await open('module', '<script type="module" src="/flex-checkout.js"></script>', TAG);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('loaded after the tag is already in the page: the waiting element upgrades', async () => {
    // The tag is parsed and painted first; the script arrives a moment later, as from a tag manager.
    const loader = `<script>setTimeout(() => { const s = document.createElement('script'); s.src = '/flex-checkout.js'; document.body.append(s); }, 200);</script>`;
    const { page, pageErrors } = await open('late', '', TAG + loader);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('loaded twice (the same version): one registration, no warning, one checkout', async () => {
    const twice = '<script src="/flex-checkout.js"></script><script src="/flex-checkout.js?again"></script>';
    const { page, consoleMessages, pageErrors } = await open('twice', twice, TAG);
    expect(pageErrors).toEqual([]);
    expect(consoleMessages.filter((m) => m.type === 'warning' || m.type === 'error')).toEqual([]);
    // Each file ran: the second found the first's registration and left it alone.
    expect(await page.evaluate(() => (customElements.get('flex-checkout') as any).version)).toBe(VERSION);
    expect(await page.getByRole('heading', { name: 'Your details' }).count()).toBe(1);
    await page.close();
  });

  it('two versions on one page: the first stays registered and the second says so', async () => {
    const both = '<script src="/flex-checkout.js"></script><script src="/flex-checkout-next.js"></script>';
    const { page, consoleMessages, pageErrors } = await open('two-versions', both, TAG);
    expect(pageErrors).toEqual([]);
    expect(consoleMessages.filter((m) => m.type === 'warning').map((m) => m.text)).toEqual([
      `<flex-checkout> 99.0.0 was loaded, but ${VERSION} is already registered and stays in use.`,
    ]);
    expect(await page.evaluate(() => (customElements.get('flex-checkout') as any).version)).toBe(VERSION);
    await page.close();
  });

  // renderElement writes the in-page part's script tag before the element, so the part has run
  // when the tag is parsed; with flex-checkout.js deferred, the part runs first and waits for it.
  for (const [name, head] of [
    ['blocking', '<script src="/flex/flex-checkout.js"></script>'],
    ['deferred', '<script defer src="/flex/flex-checkout.js"></script>'],
  ] as const) {
    it(`rendered by the companion server (renderElement), flex-checkout.js ${name} in the head: the first step with no read, the part fetched once`, async () => {
      pages.set(`rendered-${name}`, html(head, '{tag}'));
      const session = await createSession(server, { line_items: [{ price }] });
      const page = await browser.newPage();
      const pageErrors: string[] = [];
      const asked: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      page.on('request', (r) => asked.push(new URL(r.url()).pathname));
      await page.goto(`${site.origin}/rendered/rendered-${name}?secret=${encodeURIComponent(session.client_secret)}`);
      await page.getByRole('heading', { name: 'Your details' }).waitFor({ timeout: 15_000 });
      expect(await page.locator('script[src*=".in-page."]').count()).toBe(1);
      expect(asked.filter((path) => path.includes('.in-page.'))).toHaveLength(1);
      expect(asked.filter((path) => path.startsWith('/flex/sessions/'))).toEqual([]);
      // And it goes on as a checkout does: the details are sent and the card form follows.
      await page.getByLabel('Email').fill('sam@example.com');
      await page.getByLabel('First name').fill('Sam');
      await page.getByLabel('Last name').fill('Shopper');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.frameLocator('iframe[title="Secure payment input frame"]').getByLabel('Card number').waitFor({ timeout: 15_000 });
      expect(pageErrors).toEqual([]);
      await page.close();
    });
  }

  it('loads its in-page part from beside itself; when the part cannot load, says so, and "Try again" loads it', async () => {
    pages.set('flaky', html('<script defer src="/flaky/flex-checkout.js"></script>', TAG));
    const session = await createSession(server, { line_items: [{ price }] });
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${site.origin}/page/flaky?secret=${encodeURIComponent(session.client_secret)}`);
    await page.getByRole('heading', { name: 'Something went wrong' }).waitFor({ timeout: 15_000 });
    // Shown under the heading, and read out (the live region).
    await expect(page.getByText('The checkout could not be loaded.', { exact: false }).count()).resolves.toBe(2);
    const refused = flakyRequests.length;
    flaky.down = false;
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'Your details' }).waitFor({ timeout: 15_000 });
    // Asked of the folder the script came from, the in-page part only (an English page wants no
    // Spanish): refused (the element tries again by itself once the session has arrived), then served once.
    expect(refused).toBeGreaterThanOrEqual(1);
    expect(flakyRequests).toHaveLength(refused + 1);
    expect(flakyRequests.every((name) => name.includes('.in-page.'))).toBe(true);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
