/**
 * Screenshots of every step of <flex-checkout>, in light and dark, at a desktop width and at
 * 375 px, written to docs/screenshots/element/. The element is the script-tag build
 * (`dist/flex-checkout.js`), on a plain page, against the real companion server with the
 * sandbox in process — what a shopper sees.
 *
 *   npm run screenshots -w packages/element      (after `npm run build`)
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Page } from 'playwright-core';
import { createFlexCheckout, silentLogger } from '@flex-checkout/server';
import { sampleAnswers } from '../../sandbox/src/consultations/samples.js';
import { launchBrowser } from '../../../test/support/browser.js';
import { en } from '../src/i18n/en.js';
import { es } from '../src/i18n/es.js';
import type { Messages } from '../src/i18n/index.js';
import { enInPage } from '../src/in-page/en.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const OUT = join(ROOT, 'docs/screenshots/element');
const SCRIPT = readFileSync(join(ROOT, 'packages/element/dist/flex-checkout.js'), 'utf8');

const dir = mkdtempSync(join(tmpdir(), 'flex-shots-'));
const flex = await createFlexCheckout({
  database: join(dir, 'server.sqlite'),
  sandboxDatabase: join(dir, 'sandbox.sqlite'),
  logger: silentLogger,
  rateLimit: { perSession: 10_000, perIp: 100_000 },
});

/** The merchant backend's part, with the secret key (never in the page); `T` is the part of the answer read. */
async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await flex.upstream.fetch(path, {
    method,
    headers: { authorization: 'Bearer fsk_test_sandbox', 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const json: unknown = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json)}`);
  return json as T;
}

/**
 * What the walk reads of the element in the page: its controller's state, and answering a
 * question (the controller is private; screenshots only need the answers in place).
 */
interface ElementInPage extends HTMLElement {
  /** Not there until the element is upgraded (its script has run). */
  checkout?: { state: { step: string; paymentError: unknown; stripeFailed: boolean }; answer(id: string, value: unknown): void };
}

async function price(product: Record<string, unknown>, price: Record<string, unknown>): Promise<string> {
  const p = await api<{ product: { product_id: string } }>('POST', '/v1/products', {
    product: { hsa_fsa_eligibility: 'letter_of_medical_necessity', ...product },
  });
  return (await api<{ price: { price_id: string } }>('POST', '/v1/prices', { price: { product: p.product.product_id, ...price } })).price.price_id;
}

const prices = {
  gym: await price({ name: 'Strength Club — 10 classes', visit_type: 'gym' }, { unit_amount: 12900 }),
  skincare: await price(
    { name: 'Clear Skin membership', visit_type: 'skincare' },
    { unit_amount: 4999, recurring: { interval: 'monthly', trial_period_days: 14 } },
  ),
  sunscreen: await price({ name: 'Mineral sunscreen SPF 50', hsa_fsa_eligibility: 'auto_substantiation', visit_type: null }, { unit_amount: 2400 }),
};

const page = (secret: string, theme: string, lang: string) => `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Checkout</title>
<style>body{margin:0;padding:24px 16px;background:${theme === 'dark' ? '#0b1220' : '#eef1f5'};font-family:system-ui}
main{max-width:880px;margin:0 auto}</style></head>
<body><main><flex-checkout client-secret="${secret}" theme="${theme}" locale="${lang}"></flex-checkout></main>
<script src="/flex-checkout.js"></script></body></html>`;

const app = new Hono();
app.get('/checkout', (c) => c.html(page(c.req.query('secret')!, c.req.query('theme') ?? 'light', c.req.query('lang') ?? 'en')));
app.get('/flex-checkout.js', (c) => c.body(SCRIPT, 200, { 'content-type': 'application/javascript' }));
app.all('*', (c) => flex.app.fetch(c.req.raw));
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise<void>((resolve) => server.once('listening', () => resolve()));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const step = (p: Page, name: string) =>
  p.waitForFunction((s) => (document.querySelector('flex-checkout') as unknown as ElementInPage | null)?.checkout?.state.step === s, name, { timeout: 15_000 });
const click = (p: Page, name: string) => p.getByRole('button', { name, exact: true }).click();
const today = async () => new Date((await api<{ test_clock: { now: number } }>('GET', '/v1/test_helpers/clock')).test_clock.now * 1000);

/** Screenshots only need the answers in place; the browser tests fill the form by label. */
async function answer(p: Page, visitType: string, outcome: 'approved' | 'denied' | 'pending') {
  const answers = sampleAnswers(visitType as never, outcome, await today());
  await p.evaluate((a) => {
    const el = document.querySelector('flex-checkout') as unknown as ElementInPage;
    for (const [id, value] of Object.entries(a)) el.checkout!.answer(id, value);
  }, answers);
}

async function card(p: Page, number: string) {
  const frame = p.frameLocator('iframe[title="Secure payment input frame"]');
  await frame.getByLabel('Card number').fill(number);
  await frame.getByLabel('Expiration date').fill('12 / 34');
  await frame.getByLabel('Security code').fill('123');
  await frame.getByLabel('ZIP code').fill('10001');
}

/** The element's own words in the page's locale, so the walk reads the screen like a shopper. */
const words = (p: Page): Messages => (new URL(p.url()).searchParams.get('lang') === 'es' ? es : { ...en, ...enInPage });

async function details(p: Page) {
  const t = words(p);
  await p.getByLabel(t.email).fill('sam@example.com');
  await p.getByLabel(t.firstName).fill('Sam');
  await p.getByLabel(t.lastName).fill('Shopper');
}

type Shot = (p: Page, shoot: (name: string) => Promise<void>) => Promise<void>;

async function session(body: Record<string, unknown>): Promise<string> {
  return (await api<{ checkout_session: { client_secret: string } }>('POST', '/v1/checkout/sessions', { checkout_session: body })).checkout_session
    .client_secret;
}

/** Each scenario walks a fresh session and shoots the steps it passes. */
const scenarios: Record<string, { body: () => Record<string, unknown>; walk: Shot }> = {
  gym: {
    body: () => ({ line_items: [{ price: prices.gym }], setup_future_use: 'off_session', cancel_url: 'https://shop.example/cart' }),
    walk: async (p, shoot) => {
      await step(p, 'consultation');
      await shoot('consultation');
      await click(p, words(p).continue);
      await shoot('consultation-errors');
      await answer(p, 'gym', 'approved');
      await click(p, words(p).continue);
      await step(p, 'decision');
      await shoot('approved');
      await click(p, words(p).continue);
      await step(p, 'details');
      await shoot('details');
      await details(p);
      await click(p, words(p).continue);
      await step(p, 'payment');
      await card(p, '4000000000009995');
      await shoot('payment');
      await p.locator('flex-checkout button.primary').click();
      await p.waitForFunction(() => (document.querySelector('flex-checkout') as unknown as ElementInPage).checkout!.state.paymentError);
      await shoot('declined');
      await card(p, '4242424242424242');
      await p.locator('flex-checkout button.primary').click();
      await step(p, 'complete');
      await shoot('complete');
    },
  },
  denied: {
    body: () => ({ line_items: [{ price: prices.gym }], cancel_url: 'https://shop.example/cart' }),
    walk: async (p, shoot) => {
      await step(p, 'consultation');
      await answer(p, 'gym', 'denied');
      await p.locator('flex-checkout button.primary').click();
      await step(p, 'decision');
      await shoot('denied');
    },
  },
  pending: {
    body: () => ({ line_items: [{ price: prices.gym }] }),
    walk: async (p, shoot) => {
      await step(p, 'consultation');
      await answer(p, 'gym', 'pending');
      await p.locator('flex-checkout button.primary').click();
      await step(p, 'decision');
      await shoot('pending');
    },
  },
  subscription: {
    body: () => ({ line_items: [{ price: prices.skincare }], mode: 'subscription' }),
    walk: async (p, shoot) => {
      await step(p, 'consultation');
      await answer(p, 'skincare', 'approved');
      await p.locator('flex-checkout button.primary').click();
      await step(p, 'decision');
      await p.locator('flex-checkout button.primary').click();
      await step(p, 'details');
      await details(p);
      await p.locator('flex-checkout button.primary').click();
      await step(p, 'payment');
      await shoot('payment-subscription');
    },
  },
  threeds: {
    body: () => ({ line_items: [{ price: prices.sunscreen }] }),
    walk: async (p, shoot) => {
      await step(p, 'details');
      await details(p);
      await p.locator('flex-checkout button.primary').click();
      await step(p, 'payment');
      await card(p, '4000002500003155');
      await p.locator('flex-checkout button.primary').click();
      await p.frameLocator('iframe[title="3D Secure authentication"]').getByRole('button', { name: 'Complete authentication' }).waitFor();
      await p.waitForTimeout(300);
      await shoot('3ds');
    },
  },
  setup: {
    body: () => ({ mode: 'setup' }),
    walk: async (p, shoot) => {
      await step(p, 'details');
      await details(p);
      await p.locator('flex-checkout button.primary').click();
      await step(p, 'payment');
      await card(p, '4242424242424242');
      await shoot('payment-setup');
      await p.locator('flex-checkout button.primary').click();
      await step(p, 'complete');
      await shoot('complete-setup');
    },
  },
  stripeFailed: {
    body: () => ({ line_items: [{ price: prices.sunscreen }] }),
    walk: async (p, shoot) => {
      await p.route('**/sandbox/stripe.js', (route) => route.abort('blockedbyclient'));
      await p.reload();
      await step(p, 'details');
      await details(p);
      await p.locator('flex-checkout button.primary').click();
      await step(p, 'payment');
      await p.waitForFunction(() => (document.querySelector('flex-checkout') as unknown as ElementInPage).checkout!.state.stripeFailed);
      await shoot('stripe-failed');
    },
  },
  loading: {
    body: () => ({ line_items: [{ price: prices.gym }] }),
    walk: async (p, shoot) => {
      // Hold the session read so the skeleton stays on screen.
      await p.route('**/flex/sessions/*', () => {});
      await p.reload();
      await p.waitForFunction(() => document.querySelector('flex-checkout')?.shadowRoot?.querySelector('.skeleton'));
      await shoot('loading');
    },
  },
  error: {
    body: () => ({ line_items: [{ price: prices.gym }] }),
    walk: async (p, shoot) => {
      await p.evaluate(() => document.querySelector('flex-checkout')!.setAttribute('client-secret', 'fcs_01M86Z1FR4VX95RYBGATWKHPK1_secret_wrong'));
      await step(p, 'error');
      await shoot('error');
    },
  },
  expired: {
    body: () => ({ line_items: [{ price: prices.sunscreen }], expires_at: Math.floor(Date.now() / 1000) + 1800 }),
    walk: async (p, shoot) => {
      await step(p, 'details');
      await p.evaluate(() => 0);
      const secret = new URL(p.url()).searchParams.get('secret')!;
      await api('POST', `/v1/checkout/sessions/${secret.split('_secret_')[0]}/expire`);
      await p.reload();
      await step(p, 'expired');
      await shoot('expired');
    },
  },
};

const variants = [
  { theme: 'light', width: 900, lang: 'en' },
  { theme: 'dark', width: 900, lang: 'en' },
  { theme: 'light', width: 375, lang: 'en' },
  { theme: 'light', width: 900, lang: 'es' },
];

mkdirSync(OUT, { recursive: true });
const browser = await launchBrowser();
const only = process.argv.slice(2);
try {
  for (const v of variants) {
    const context = await browser.newContext({ viewport: { width: v.width, height: 900 }, colorScheme: v.theme === 'dark' ? 'dark' : 'light' });
    for (const [name, scenario] of Object.entries(scenarios)) {
      if (only.length && !only.includes(name)) continue;
      const p = await context.newPage();
      p.on('console', (m) => m.type() === 'error' && console.error(`[${name}] console: ${m.text()}`));
      const secret = await session(scenario.body());
      await p.goto(`${origin}/checkout?secret=${encodeURIComponent(secret)}&theme=${v.theme}&lang=${v.lang}`);
      const shoot = async (shot: string) => {
        await p.evaluate(() => document.querySelector('flex-checkout')!.updateComplete);
        const file = join(OUT, `${shot}-${v.theme}-${v.width}${v.lang === 'en' ? '' : `-${v.lang}`}.png`);
        await p.screenshot({ path: file, fullPage: true });
        console.log(file.replace(ROOT, ''));
      };
      try {
        await scenario.walk(p, shoot);
      } catch (error) {
        await p.screenshot({ path: join(OUT, `FAILED-${name}.png`), fullPage: true });
        throw error;
      }
      await p.close();
    }
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
  await flex.close();
  rmSync(dir, { recursive: true, force: true });
}
