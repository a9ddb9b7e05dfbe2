import type { Browser, Frame, Page } from 'playwright-core';
import { launchBrowser } from '../test/support/browser.js';
import { machine } from './machine.js';
import type { PartResult, Row } from './results.js';
import { startSite, type BenchSite } from './site.js';
import { formatRatio, ratio, summarize, type Summary } from './stats.js';

export const READY_RUNS = 25;
export const PAY_RUNS = 20;
export const HOSTED_RUNS = 25;
const WARM_UP = 2;

/** Waits for the page's element to be ready (or to fail) and returns the page's own reading. */
async function readyAt(page: Page): Promise<number> {
  const handle = await page.waitForFunction(() => window.benchError ?? window.benchReady, null, { timeout: 20_000 });
  const value = await handle.jsonValue();
  if (typeof value === 'string') throw new Error(`the element failed: ${value}`);
  return value as number;
}

/** One cold load (a new browser context, so nothing cached): navigation start → ready, in ms. */
export async function loadOnce(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    return await readyAt(page);
  } finally {
    await context.close();
  }
}

/** A checkout on the card form: card 4242 typed into the sandbox's frame, then Pay; click → flex-complete, in ms. */
async function payOnce(browser: Browser, site: BenchSite): Promise<number> {
  const session = await site.newSession('payment');
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${site.url}/page/flex/${session}`);
    await readyAt(page);
    const frame = page.frameLocator('iframe[title="Secure payment input frame"]');
    await frame.getByLabel('Card number').fill('4242424242424242');
    await frame.getByLabel('Expiration date').fill('12 / 34');
    await frame.getByLabel('Security code').fill('123');
    await frame.getByLabel('ZIP code').fill('10001');
    await page.evaluate(() => {
      window.benchClicked = undefined;
    });
    await page.locator('flex-checkout').getByRole('button', { name: /^Pay / }).click();
    const handle = await page.waitForFunction(
      () => window.benchError ?? (window.benchComplete !== undefined ? window.benchComplete - window.benchClicked! : undefined),
      null,
      { timeout: 20_000 },
    );
    const value = await handle.jsonValue();
    if (typeof value === 'string') throw new Error(`the payment failed: ${value}`);
    return value as number;
  } finally {
    await context.close();
  }
}

/**
 * Marks, in every document of the page, when the hosted page is on screen: in the hosted page
 * (`/pay/…`), the animation frame in which its first heading is laid out and visible; in the
 * merchant's page, the one in which the element's frame is visible (it is hidden until the
 * page in it has loaded). Each mark is an absolute time (timeOrigin + now), so marks of two
 * documents compare. (Source text, not a function: tsx would wrap its inner functions in a
 * helper the page does not have.)
 */
const MARK_HOSTED_PAGE_SHOWN = `(() => {
  const inHostedPage = location.pathname.startsWith('/pay/');
  const visible = (el) => !!el && el.checkVisibility({ visibilityProperty: true, opacityProperty: true }) && el.getBoundingClientRect().height > 0;
  const tick = () => {
    const shown = inHostedPage
      ? visible(document.querySelector('h1, h2'))
      : visible(document.querySelector('flex-checkout')?.shadowRoot?.querySelector('iframe'));
    if (shown) window.benchShownAt = performance.timeOrigin + performance.now();
    else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

/**
 * One cold load of a page that ends on the hosted page, in ms from navigation start (of the
 * first request, before any redirect) to the hosted page's first heading visible: in the
 * page itself after a redirect, or in the element's frame once that frame is shown too.
 */
async function hostedOnce(browser: Browser, url: string): Promise<{ shown: number; painted: number }> {
  const context = await browser.newContext();
  try {
    await context.addInitScript({ content: MARK_HOSTED_PAGE_SHOWN });
    const page = await context.newPage();
    await page.goto(url);
    const frame = await new Promise<Frame>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no hosted page in ${url}`)), 20_000);
      const look = () => {
        const found = page.frames().find((f) => new URL(f.url()).pathname.startsWith('/pay/'));
        if (!found) return;
        clearTimeout(timer);
        page.off('framenavigated', look);
        resolve(found);
      };
      page.on('framenavigated', look);
      look();
    });
    const headingAt = (await (await frame.waitForFunction(() => window.benchShownAt, null, { timeout: 20_000 })).jsonValue()) as number;
    const framed = frame !== page.mainFrame();
    const frameShownAt = framed
      ? ((await (await page.waitForFunction(() => window.benchShownAt, null, { timeout: 20_000 })).jsonValue()) as number)
      : headingAt;
    const origin = await page.evaluate(() => performance.timeOrigin);
    // Painted: the heading drawn in its own document (in the element, while its frame may still be hidden).
    return { shown: Math.max(headingAt, frameShownAt) - origin, painted: headingAt - origin };
  } finally {
    await context.close();
  }
}

/**
 * Whether a page reached by a redirect counts its time from before the redirect: its
 * navigation entry says a redirect happened and its timeOrigin is before the page's own
 * request began. (Same-origin redirects are timed; the bench's are same-origin.)
 */
async function timedFromBeforeRedirect(browser: Browser, url: string): Promise<boolean> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    return await page.evaluate(() => {
      const [entry] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
      return !!entry && entry.redirectCount === 1 && entry.fetchStart > 0 && entry.redirectEnd > 0;
    });
  } finally {
    await context.close();
  }
}

export interface ReadyData {
  /** The page rendered with the session's first view in the element (`renderElement`). */
  flex: Summary;
  /** The element alone in the page: it reads the session itself. */
  client?: Summary;
  bare: Summary;
  pay: Summary;
  /** The hosted checkout: its page inside the element, and reached by a full-page redirect. */
  hosted?: {
    element: Summary;
    redirect: Summary;
    /** In the element: when the hosted page had drawn its heading inside the frame, before the frame was shown. */
    elementPainted: Summary;
    /** The redirect's time counts from before the redirect (its navigation entry says so). */
    redirectCounted: boolean;
  };
  samples: { flex: number[]; client?: number[]; bare: number[]; pay: number[]; hosted?: { element: number[]; elementPainted: number[]; redirect: number[] } };
}

/**
 * Time to ready in headless Chromium: each run a cold page on loopback, from navigation
 * start to `flex-ready` (the first step on screen), beside the bare Lit element's first render:
 * the page as the companion server renders the element (its first view in it), and the
 * element alone (it reads the session first); runs alternate so drift on a shared machine
 * hits all alike. Then the pay click to `flex-complete` against the sandbox.
 */
export async function readyPart(): Promise<PartResult<ReadyData>> {
  const site = await startSite();
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const consultation = await site.newSession('consultation');
    const flexUrl = `${site.url}/page/flex/${consultation}`;
    const clientUrl = `${site.url}/page/flex/${consultation}/client`;
    const bareUrl = `${site.url}/page/bare`;
    const samples = { flex: [] as number[], client: [] as number[], bare: [] as number[], pay: [] as number[] };
    for (let i = 0; i < WARM_UP + READY_RUNS; i++) {
      const flex = await loadOnce(browser, flexUrl);
      const client = await loadOnce(browser, clientUrl);
      const bare = await loadOnce(browser, bareUrl);
      if (i >= WARM_UP) {
        samples.flex.push(flex);
        samples.client.push(client);
        samples.bare.push(bare);
      }
    }
    for (let i = 0; i < 1 + PAY_RUNS; i++) {
      const ms = await payOnce(browser, site);
      if (i >= 1) samples.pay.push(ms);
    }
    // The hosted checkout: the same session's hosted page reached both ways, alternating.
    const hostedSession = await site.newSession('hosted');
    const hostedSamples = { element: [] as number[], elementPainted: [] as number[], redirect: [] as number[] };
    for (let i = 0; i < WARM_UP + HOSTED_RUNS; i++) {
      const element = await hostedOnce(browser, `${site.url}/page/flex-hosted/${hostedSession}`);
      const redirect = await hostedOnce(browser, `${site.url}/page/redirect/${hostedSession}`);
      if (i >= WARM_UP) {
        hostedSamples.element.push(element.shown);
        hostedSamples.elementPainted.push(element.painted);
        hostedSamples.redirect.push(redirect.shown);
      }
    }
    const redirectCounted = await timedFromBeforeRedirect(browser, `${site.url}/page/redirect/${hostedSession}`);
    const round = (list: number[]) => list.map((n) => Math.round(n * 10) / 10);
    const data: ReadyData = {
      flex: summarize(samples.flex),
      client: summarize(samples.client),
      bare: summarize(samples.bare),
      pay: summarize(samples.pay),
      hosted: {
        element: summarize(hostedSamples.element),
        redirect: summarize(hostedSamples.redirect),
        elementPainted: summarize(hostedSamples.elementPainted),
        redirectCounted,
      },
      samples: {
        flex: round(samples.flex),
        client: round(samples.client),
        bare: round(samples.bare),
        pay: round(samples.pay),
        hosted: { element: round(hostedSamples.element), elementPainted: round(hostedSamples.elementPainted), redirect: round(hostedSamples.redirect) },
      },
    };
    const ms = (s: Summary) => `median ${s.median.toFixed(1)} ms · p95 ${s.p95.toFixed(1)} ms`;
    const rows: Row[] = [
      {
        what: "ready: flex-checkout, navigation → flex-ready (health questions), the page rendered with the session's first view",
        figure: ms(data.flex),
        ratio: `${formatRatio(ratio(data.flex.median, data.bare.median))} the floor (median)`,
        runs: `${READY_RUNS} cold loads (+${WARM_UP} warm-up)`,
      },
      {
        what: 'ready: flex-checkout, the same, the element alone in the page (it reads the session itself)',
        figure: ms(data.client!),
        ratio: `${formatRatio(ratio(data.client!.median, data.bare.median))} the floor (median)`,
        runs: `${READY_RUNS} cold loads (+${WARM_UP} warm-up), alternating with the above`,
      },
      {
        what: 'ready: floor, bare Lit element, navigation → first render',
        figure: ms(data.bare),
        ratio: 'baseline',
        runs: `${READY_RUNS} cold loads (+${WARM_UP} warm-up)`,
      },
      {
        what: 'pay: Pay click → flex-complete (card 4242, sandbox)',
        figure: ms(data.pay),
        ratio: '—',
        runs: `${PAY_RUNS} checkouts (+1 warm-up)`,
      },
      {
        what: 'hosted: flex-checkout, navigation → the hosted page visible in the element',
        figure: ms(data.hosted!.element),
        ratio: `${formatRatio(ratio(data.hosted!.element.median, data.hosted!.redirect.median))} the redirect (median)`,
        runs: `${HOSTED_RUNS} cold loads (+${WARM_UP} warm-up)`,
      },
      {
        what: "hosted: full-page redirect (303) from the merchant's page, navigation → the hosted page visible",
        figure: ms(data.hosted!.redirect),
        ratio: 'baseline',
        runs: `${HOSTED_RUNS} cold loads (+${WARM_UP} warm-up), alternating with the above`,
      },
    ];
    return { machine: machine(), at: new Date().toISOString(), rows, warnings: [], data };
  } finally {
    await browser?.close();
    await site.close();
  }
}
