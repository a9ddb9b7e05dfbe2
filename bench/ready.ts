import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../test/support/browser.js';
import { machine } from './machine.js';
import type { PartResult, Row } from './results.js';
import { startSite, type BenchSite } from './site.js';
import { formatRatio, ratio, summarize, type Summary } from './stats.js';

export const READY_RUNS = 25;
export const PAY_RUNS = 20;
const WARM_UP = 2;

/** Waits for the page's element to be ready (or to fail) and returns the page's own reading. */
async function readyAt(page: Page): Promise<number> {
  const handle = await page.waitForFunction(() => window.benchError ?? window.benchReady, null, { timeout: 20_000 });
  const value = await handle.jsonValue();
  if (typeof value === 'string') throw new Error(`the element failed: ${value}`);
  return value as number;
}

/** One cold load (a new browser context, so nothing cached): navigation start → ready, in ms. */
async function loadOnce(browser: Browser, url: string): Promise<number> {
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

export interface ReadyData {
  flex: Summary;
  bare: Summary;
  pay: Summary;
  samples: { flex: number[]; bare: number[]; pay: number[] };
}

/**
 * Time to ready in headless Chromium: each run a cold page on loopback, from navigation
 * start to `flex-ready` (the session read and the first step on screen), beside the bare Lit
 * element's first render; runs alternate so drift on a shared machine hits both alike. Then
 * the pay click to `flex-complete` against the sandbox.
 */
export async function readyPart(): Promise<PartResult<ReadyData>> {
  const site = await startSite();
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const consultation = await site.newSession('consultation');
    const flexUrl = `${site.url}/page/flex/${consultation}`;
    const bareUrl = `${site.url}/page/bare`;
    const samples = { flex: [] as number[], bare: [] as number[], pay: [] as number[] };
    for (let i = 0; i < WARM_UP + READY_RUNS; i++) {
      const flex = await loadOnce(browser, flexUrl);
      const bare = await loadOnce(browser, bareUrl);
      if (i >= WARM_UP) {
        samples.flex.push(flex);
        samples.bare.push(bare);
      }
    }
    for (let i = 0; i < 1 + PAY_RUNS; i++) {
      const ms = await payOnce(browser, site);
      if (i >= 1) samples.pay.push(ms);
    }
    const round = (list: number[]) => list.map((n) => Math.round(n * 10) / 10);
    const data: ReadyData = {
      flex: summarize(samples.flex),
      bare: summarize(samples.bare),
      pay: summarize(samples.pay),
      samples: { flex: round(samples.flex), bare: round(samples.bare), pay: round(samples.pay) },
    };
    const ms = (s: Summary) => `median ${s.median.toFixed(1)} ms · p95 ${s.p95.toFixed(1)} ms`;
    const rows: Row[] = [
      {
        what: 'ready: flex-checkout, navigation → flex-ready (health questions)',
        figure: ms(data.flex),
        ratio: `${formatRatio(ratio(data.flex.median, data.bare.median))} the floor (median)`,
        runs: `${READY_RUNS} cold loads (+${WARM_UP} warm-up)`,
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
    ];
    return { machine: machine(), at: new Date().toISOString(), rows, warnings: [], data };
  } finally {
    await browser?.close();
    await site.close();
  }
}
