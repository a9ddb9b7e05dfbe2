import { html } from 'hono/html';

export type Html = ReturnType<typeof html>;

export interface PageOptions {
  title: string;
  /** The signed-in shopper's email, for the header. */
  email?: string | undefined;
  /** Which header link is the current page. */
  nav?: 'shop' | 'account' | 'webhooks';
  /** Extra tags for <head> (the checkout page's script). */
  head?: Html;
  /** Seconds after which the page reloads itself (the success page while it waits). */
  refresh?: number;
}

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

export function formatMoney(amount: number, currency = 'usd'): string {
  return currency === 'usd' ? money.format(amount / 100) : new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount / 100);
}

export function formatDate(value: string | number | Date): string {
  const date = typeof value === 'number' ? new Date(value) : new Date(value);
  return date.toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
}

export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}

/**
 * Where the store's Flex is, for what every page says about it: the sandbox in the store's
 * process (`npm start`), or Flex's API at `apiBase` (FLEX_API_KEY, store/upstream.ts). Set once
 * at startup (server.ts), before the first page is drawn.
 */
export type StoreUpstream = { sandbox: true } | { sandbox: false; apiBase: string };
let upstream: StoreUpstream = { sandbox: true };
export function setStoreUpstream(value: StoreUpstream): void {
  upstream = value;
}
export const storeUpstream = (): StoreUpstream => upstream;

/** Every page: header with the store's links, the banner saying where Flex is, main, footer. */
export function page(options: PageOptions, body: Html): Html {
  const current = (name: PageOptions['nav']) => (options.nav === name ? 'page' : undefined);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · Juniper Wellness</title>
${options.refresh ? html`<meta http-equiv="refresh" content="${options.refresh}">` : ''}
<link rel="icon" href="/assets/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/store.css">
${options.head ?? ''}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site">
  <div class="sandbox-banner" role="note">${
    upstream.sandbox
      ? html`Demo store on the Flex sandbox — no real money moves. Pay with <code>4242 4242 4242 4242</code>, any future date, any CVC.`
      : html`Demo store on Flex’s API at <code>${upstream.apiBase}</code>. With a test key (<code>fsk_test_…</code>) no real money moves: pay with <code>4242 4242 4242 4242</code>.`
  }</div>
  <div class="wrap header-row">
    <a class="brand" href="/"><span class="brand-mark" aria-hidden="true"></span>Juniper Wellness</a>
    <nav aria-label="Store">
      <a href="/" aria-current="${current('shop')}">Shop</a>
      <a href="/account" aria-current="${current('account')}">${options.email ? 'Your account' : 'Sign in'}</a>
      <a href="/webhooks" aria-current="${current('webhooks')}">Webhook log</a>
    </nav>
  </div>
</header>
<main id="main" class="wrap">
${body}
</main>
<footer class="site">
  <div class="wrap">
    <p>Checkout by <strong>flex-checkout</strong>: the <code>&lt;flex-checkout&gt;</code> element, the companion server on this store’s backend, and ${upstream.sandbox ? 'the Flex sandbox' : 'Flex’s API'}. How this store is built: <code>demo/README.md</code>. The same checkout through the wrappers: <a href="/react">React</a> · <a href="/vue">Vue</a>; as on Flex's API today: <a href="/hosted">the hosted checkout</a>.</p>
  </div>
</footer>
</body>
</html>`;
}

/** How a product qualifies, in words a shopper understands. */
export function eligibilityBadge(eligibility: string, visitType: string | null): Html {
  if (eligibility === 'letter_of_medical_necessity') {
    return html`<span class="badge badge-lmn">HSA/FSA eligible with a letter${visitType ? html` <span class="muted-inline">(${VISIT_TYPE_NAMES[visitType] ?? visitType})</span>` : ''}</span>`;
  }
  if (eligibility === 'auto_substantiation') return html`<span class="badge badge-auto">HSA/FSA eligible</span>`;
  return html`<span class="badge badge-none">Not HSA/FSA eligible</span>`;
}

export const VISIT_TYPE_NAMES: Record<string, string> = {
  gym: 'fitness',
  skincare: 'skin care',
  sleep: 'sleep',
  nutrition: 'nutrition',
  massage: 'massage therapy',
};
