import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchBrowser } from '../test/support/browser.js';
import { machine } from './machine.js';
import type { PartResult, Row } from './results.js';
import { startSite } from './site.js';
import { formatRatio, ratio } from './stats.js';

export const CYCLES = 200;
/**
 * Cycles before the per-cycle reading. Over its first hundred or so runs V8 compiles and
 * optimises the code a cycle runs (machine code, feedback vectors, hidden classes): the heap
 * grows with every cycle, then levels off. Heap snapshots show nothing else kept (issue 16), so
 * counting that warm-up per cycle would charge an element for the size of its code.
 */
export const WARMUP = 200;

export interface HeapReading {
  /** JS heap in use (bytes) after a forced GC, each reading the page's own V8 heap. */
  start: number;
  afterOne: number;
  /** After `warmup` cycles (absent in results measured before the warm-up was read apart). */
  afterWarmup?: number;
  afterAll: number;
  /** (afterWarmup − afterOne) / (warmup − 1): what each cycle grew the heap by while V8 warmed up. */
  warmupPerCycle?: number;
  /** (afterAll − afterWarmup) / cycles: what each further cycle leaves behind once warm. */
  perCycle: number;
  warmup?: number;
  cycles: number;
}

async function heapUsed(cdp: CDPSession): Promise<number> {
  // Twice: the first collection can leave objects that only the second finds unreachable.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

/**
 * Mounts an element, waits until it is ready (for ours, also until the card frame has
 * loaded), and removes it, `count` times in the page.
 */
function cycle(page: Page, tag: 'flex-checkout' | 'bare-checkout', count: number): Promise<void> {
  return page.evaluate(
    async ({ tag, count }) => {
      const ready = tag === 'flex-checkout' ? 'flex-ready' : 'bare-ready';
      for (let i = 0; i < count; i++) {
        const el = document.createElement(tag);
        if (tag === 'flex-checkout') {
          el.setAttribute('endpoint', '/flex');
          el.setAttribute('client-secret', window.benchSecret!);
        }
        const done = new Promise((resolve, reject) => {
          el.addEventListener(ready, resolve, { once: true });
          el.addEventListener('flex-error', (e) => reject(new Error((e as CustomEvent).detail.message)), { once: true });
        });
        document.body.append(el);
        await done;
        if (tag === 'flex-checkout' && el.querySelector('[slot=payment]')) {
          // The card form's frame: wait until it has loaded, so each cycle builds it whole.
          const started = performance.now();
          let frame: HTMLIFrameElement | null;
          while (!(frame = el.querySelector('iframe')) || frame.contentDocument?.readyState !== 'complete') {
            if (performance.now() - started > 10_000) throw new Error('the card frame did not load');
            await new Promise((r) => setTimeout(r, 5));
          }
        }
        el.remove();
      }
    },
    { tag, count },
  );
}

async function measure(browser: Browser, url: string, tag: 'flex-checkout' | 'bare-checkout'): Promise<HeapReading> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    const cdp = await context.newCDPSession(page);
    const start = await heapUsed(cdp);
    await cycle(page, tag, 1);
    const afterOne = await heapUsed(cdp);
    await cycle(page, tag, WARMUP - 1);
    const afterWarmup = await heapUsed(cdp);
    await cycle(page, tag, CYCLES);
    const afterAll = await heapUsed(cdp);
    return {
      start,
      afterOne,
      afterWarmup,
      afterAll,
      warmupPerCycle: Math.round((afterWarmup - afterOne) / (WARMUP - 1)),
      perCycle: Math.round((afterAll - afterWarmup) / CYCLES),
      warmup: WARMUP,
      cycles: CYCLES,
    };
  } finally {
    await context.close();
  }
}

export interface MemoryData {
  flexQuestions: HeapReading;
  flexCardForm: HeapReading;
  bare: HeapReading;
}

/**
 * JS heap after 200 mount/unmount cycles of warm-up and 200 more, compared to the start and
 * to the end of the warm-up, after a forced GC. Ours
 * twice: on a session that opens on the health questions (the element alone), and on one
 * that opens on the card form (plus the Stripe.js stand-in and its card frame, the most to
 * tear down); the bare element beside them.
 */
export async function memoryPart(): Promise<PartResult<MemoryData>> {
  const site = await startSite();
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const questions = await site.newSession('consultation');
    const cardForm = await site.newSession('payment');
    const flexQuestions = await measure(browser, `${site.url}/page/flex/${questions}/empty`, 'flex-checkout');
    const flexCardForm = await measure(browser, `${site.url}/page/flex/${cardForm}/empty`, 'flex-checkout');
    const bare = await measure(browser, `${site.url}/page/bare/empty`, 'bare-checkout');
    const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(2)} MB`;
    const signed = (bytes: number) =>
      `${bytes >= 0 ? '+' : '−'}${Math.abs(bytes) >= 2 ** 20 ? mb(Math.abs(bytes)) : `${(Math.abs(bytes) / 1024).toFixed(1)} KB`}`;
    const growth = (r: HeapReading) => r.afterAll - r.start;
    const row = (what: string, r: HeapReading): Row => ({
      what,
      figure:
        `JS heap ${mb(r.start)} → ${mb(r.afterAll)} (${signed(growth(r))}; ${signed(r.warmupPerCycle!)} a cycle while V8 warms up, ` +
        `${signed(r.perCycle)} a cycle after)`,
      ratio: r === bare ? 'baseline' : `${formatRatio(ratio(growth(r), growth(bare)))} the floor's growth`,
      runs: `${r.warmup} + ${r.cycles} mount/unmount, 1 page`,
    });
    const rows = [
      row('memory: flex-checkout on the health questions', flexQuestions),
      row('memory: flex-checkout on the card form (sandbox card frame)', flexCardForm),
      row('memory: floor, bare Lit element', bare),
    ];
    return { machine: machine(), at: new Date().toISOString(), rows, warnings: [], data: { flexQuestions, flexCardForm, bare } };
  } finally {
    await browser?.close();
    await site.close();
  }
}
