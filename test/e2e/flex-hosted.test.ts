import { fileURLToPath } from 'node:url';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { LetterRequiredError } from '@flex-checkout/server';
import { launchBrowser } from '../support/browser.js';
import { documentedEndpoint } from '../conformance/flex-endpoints.js';
import { startFlexMerchant, type FlexMerchant } from './support/flex-merchant.js';
import { answerQuestions, CARDS, fillHostedPayment, sandboxToday } from './support/shopper.js';

const AXE = fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url));

/**
 * The product against Flex as its documentation shows it: the README's production setup
 * (`createFlexCheckout({ apiKey, apiBase, webhookSecret })`, a session from the typed
 * client, the script tag and `<flex-checkout>`) pointed at a separately started sandbox in
 * the flex profile, over HTTP. The shopper answers the consultation and pays on the hosted
 * page inside the element, and never leaves the merchant's page.
 */
// Whole checkouts in Chromium: 6–16 s each at rest, more on a loaded 2-core machine.
describe('the hosted checkout against Flex as documented (flex profile over HTTP)', { timeout: 90_000 }, () => {
  let merchant: FlexMerchant;
  let browser: Browser;

  beforeAll(async () => {
    [merchant, browser] = await Promise.all([startFlexMerchant(), launchBrowser()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await merchant?.close();
  });

  /** The merchant's checkout page for a price, in a fresh browser context. */
  async function openCheckout(t: TestContext, price: string, query = '', viewport = { width: 1100, height: 900 }) {
    const context = await browser.newContext({ viewport });
    t.onTestFinished(() => context.close());
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    // The element's own files the page asked for (the script tag's, and any part it loaded).
    const scripts: string[] = [];
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.includes('/flex-checkout.')) scripts.push(path);
    });
    await page.goto(`${merchant.url}/checkout/${price}${query}`);
    return { page, frame: page.frameLocator('flex-checkout iframe'), scripts };
  }

  const events = (page: Page) => page.evaluate(() => (window as unknown as { flexEvents: { type: string; detail: any; at: number }[] }).flexEvents);

  async function payInFrame(frame: FrameLocator, card: string): Promise<void> {
    await fillHostedPayment(frame, card);
    await frame.getByRole('button', { name: /^Pay / }).click();
  }

  /** Waits for a condition with a deadline (never a fixed sleep). */
  async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('completes a checkout in the frame, fires flex-complete once, verifies the fwhsec_ webhook, then charges off session', async (t) => {
    const { page, frame, scripts } = await openCheckout(t, merchant.prices.gym);
    await answerQuestions(frame, 'gym', 'approved', await sandboxToday(merchant.api));
    await payInFrame(frame, CARDS.visa);

    await page.locator('flex-checkout [data-heading]', { hasText: 'Thank you' }).waitFor();
    expect(await page.locator('flex-checkout [part=status]').textContent()).toContain('paid with Visa ending in 4242');
    // A hosted checkout is the script tag's file and the hosted part: the in-page steps' part is never fetched.
    expect(scripts).toEqual(['/flex-checkout.js', expect.stringMatching(/\/flex-checkout\.hosted\.[\w-]+\.js$/)]);
    // The shopper never left the merchant's page.
    expect(page.url()).toBe(`${merchant.url}/checkout/${merchant.prices.gym}`);
    const fired = await events(page);
    const completes = fired.filter((e) => e.type === 'flex-complete');
    expect(completes).toHaveLength(1);
    const detail = completes[0]!.detail;
    expect(detail).toMatchObject({
      status: 'complete',
      customerId: expect.stringMatching(/^fcus_/),
      paymentMethodId: expect.stringMatching(/^fpm_/),
      setupFutureUse: 'off_session',
    });

    // The session, as the merchant's server reads it with the secret key.
    const session = await merchant.flex.client.checkoutSessions.retrieve(detail.checkoutSessionId);
    expect(session.status).toBe('complete');
    // The signed checkout.session.completed, verified with the fwhsec_ secret and handed over once.
    const completed = await until('checkout.session.completed', () =>
      merchant.events.find((e) => e.event_type === 'checkout.session.completed' && e.object.checkout_session_id === detail.checkoutSessionId),
    );
    expect(merchant.events.filter((e) => e.event_id === completed.event_id)).toHaveLength(1);
    // The event's session shows the merchant's own URLs, as the client's answers do, not the return page's.
    expect(completed.object).toMatchObject({ success_url: `${merchant.url}/thanks/{CHECKOUT_SESSION_ID}`, cancel_url: `${merchant.url}/cart` });
    expect(session).toMatchObject({ success_url: `${merchant.url}/thanks/{CHECKOUT_SESSION_ID}`, cancel_url: `${merchant.url}/cart` });

    // Later, off session: the same visit type completes; another needs its own letter.
    const charged = await merchant.flex.client.offSession.charge({
      customer: detail.customerId,
      paymentMethod: detail.paymentMethodId,
      lineItems: [{ price: merchant.prices.gym }],
    });
    expect(charged.status).toBe('complete');
    await expect(
      merchant.flex.client.offSession.charge({
        customer: detail.customerId,
        paymentMethod: detail.paymentMethodId,
        lineItems: [{ price: merchant.prices.skincare }],
      }),
    ).rejects.toBeInstanceOf(LetterRequiredError);
  });

  it('rendered by the companion server (renderElement): the hosted page with no read from the browser first, then paid as before', async (t) => {
    const { page, frame, scripts } = await openCheckout(t, merchant.prices.gym, '?render=server');
    // The tag carries the session's first view; a hosted session needs the hosted part, not the in-page one.
    const view = JSON.parse((await page.locator('flex-checkout').getAttribute('session-view'))!) as { checkout: string; redirect_url: string };
    expect(view).toMatchObject({ checkout: 'hosted', redirect_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\//) });
    await answerQuestions(frame, 'gym', 'approved', await sandboxToday(merchant.api));
    const fired = await events(page);
    const ready = fired.find((e) => e.type === 'flex-ready');
    expect(ready?.detail).toMatchObject({ step: 'hosted' });
    // Every read of the session from the browser (the completion check's) came after the hosted page was ready.
    const reads = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((e) => new URL(e.name).pathname.startsWith('/flex/sessions/'))
        .map((e) => e.startTime),
    );
    expect(reads.filter((at) => at < ready!.at)).toEqual([]);
    await payInFrame(frame, CARDS.visa);
    await page.locator('flex-checkout [data-heading]', { hasText: 'Thank you' }).waitFor();
    expect((await events(page)).filter((e) => e.type === 'flex-complete')).toHaveLength(1);
    expect(scripts).toEqual(['/flex-checkout.js', expect.stringMatching(/\/flex-checkout\.hosted\.[\w-]+\.js$/)]);
  });

  it('the frame is titled and allows payment; cancelling on the hosted page fires flex-cancel once, and a forged message is ignored', async (t) => {
    const { page, frame } = await openCheckout(t, merchant.prices.gym);
    const iframe = page.locator('flex-checkout iframe');
    await frame.getByRole('button').first().waitFor();
    expect(await iframe.getAttribute('title')).toBeTruthy();
    expect((await iframe.getAttribute('allow'))?.split(/[;\s]+/)).toContain('payment');
    // The merchant's page keeps the shopper here: the element then starts the hosted page over.
    await page.evaluate(() => document.addEventListener('flex-cancel', (e) => e.preventDefault()));
    // A message the return page would post, but from the merchant's own window, not the frame:
    // queued before the click below, so had it been taken its flex-cancel would come first.
    await page.evaluate(() => window.postMessage({ type: 'flex-checkout:return', kind: 'cancel' }, '*'));
    await frame.getByRole('link', { name: 'Cancel and return to the store' }).click();
    const cancel = await until('flex-cancel', async () => (await events(page)).find((e) => e.type === 'flex-cancel'));
    expect(cancel.detail).toEqual({ checkoutSessionId: expect.stringMatching(/^fcs_/), reason: 'hosted_canceled' });
    // The hosted page again, in the frame, on the merchant's page.
    await frame.getByRole('button').first().waitFor();
    expect(page.url()).toBe(`${merchant.url}/checkout/${merchant.prices.gym}`);
    expect((await events(page)).filter((e) => e.type === 'flex-cancel')).toHaveLength(1);
  });

  it('shows a decline in the frame and completes with another card', async (t) => {
    const { page, frame } = await openCheckout(t, merchant.prices.gym);
    await answerQuestions(frame, 'gym', 'approved', await sandboxToday(merchant.api));
    await payInFrame(frame, CARDS.insufficientFunds);
    expect(await frame.getByRole('alert').textContent()).toContain('Your card has insufficient funds.');
    expect((await events(page)).some((e) => e.type === 'flex-complete')).toBe(false);
    await payInFrame(frame, CARDS.visa);
    await page.locator('flex-checkout [data-heading]', { hasText: 'Thank you' }).waitFor();
  });

  it('notices completion by polling alone when the session has no return page', async (t) => {
    const { page, frame } = await openCheckout(t, merchant.prices.gym, '?returns=none');
    await answerQuestions(frame, 'gym', 'approved', await sandboxToday(merchant.api));
    await payInFrame(frame, CARDS.visa);
    // The hosted page ends on its own "Payment complete" and nothing posts to the element, so
    // only the element's next poll notices. That poll may land before the frame has drawn its
    // heading, and the element then swaps the frame for its own screen: waiting for the frame's
    // heading first would race it. Polls back off to 15 s apart, hence the longer deadline.
    await page.locator('flex-checkout [data-heading]', { hasText: 'Thank you' }).waitFor({ timeout: 40_000 });
    expect((await events(page)).filter((e) => e.type === 'flex-complete')).toHaveLength(1);
  }, 90_000);

  it('offers the link when the page CSP blocks the frame; the shopper pays in this window and lands on the success page', async (t) => {
    const { page } = await openCheckout(t, merchant.prices.gym, '?csp=strict');
    const link = page.locator('flex-checkout').getByRole('link', { name: 'Continue to the secure checkout' });
    await link.waitFor();
    expect((await events(page)).find((e) => e.type === 'flex-error')?.detail.code).toBe('hosted_unavailable');
    // A keyboard shopper's way through: the link takes focus and Enter follows it.
    await link.focus();
    await link.press('Enter');
    await page.waitForURL(/\/pay\/c\/fcs_/);
    await answerQuestions(page, 'gym', 'approved', await sandboxToday(merchant.api));
    await fillHostedPayment(page, CARDS.visa);
    await page.getByRole('button', { name: /^Pay / }).click();
    // Flex → the server's return page → the merchant's success_url, with the session read there.
    await page.waitForURL(new RegExp(`^${merchant.url}/thanks/fcs_`));
    expect(await page.getByRole('heading').textContent()).toMatch(/: complete$/);
  });

  it('shows the session expired when it expires while the frame is open', async (t) => {
    const { page, frame } = await openCheckout(t, merchant.prices.gym);
    await frame.getByRole('button', { name: 'Continue' }).waitFor();
    // Two hours on the sandbox clock: past the session's one-hour life.
    expect((await merchant.api('POST', '/v1/test_helpers/advance_time', { body: { seconds: 2 * 60 * 60 } })).status).toBe(200);
    await page.locator('flex-checkout [data-heading]', { hasText: 'This checkout has expired' }).waitFor();
    expect((await events(page)).filter((e) => e.type === 'flex-expired')).toHaveLength(1);
  });

  it("keeps the frame a screen tall on a 320 px phone or a desktop: Flex's page says nothing of its height, so it scrolls inside the frame and every control is reached", async (t) => {
    for (const viewport of [
      { width: 320, height: 640 },
      { width: 1280, height: 800 },
    ]) {
      const { page, frame } = await openCheckout(t, merchant.prices.gym, '', viewport);
      await frame.getByRole('button', { name: 'Continue' }).waitFor();
      const iframe = page.locator('flex-checkout iframe');
      // Its own height (the element's stylesheet: at least 560 px, else the screen less a margin), never taller than the screen.
      const box = (await iframe.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(Math.min(560, viewport.height) - 2);
      expect(box.height).toBeLessThanOrEqual(Math.max(560, viewport.height) + 2);
      // The questionnaire is taller than that: it scrolls inside the frame, never sideways.
      const inner = await frame.locator(':root').evaluate(() => ({
        content: document.documentElement.scrollHeight,
        view: window.innerHeight,
        wide: document.documentElement.scrollWidth > window.innerWidth,
      }));
      expect(inner.content).toBeGreaterThan(inner.view);
      expect(inner.wide).toBe(false);
      // The last control, below the frame's fold, is reached and works: its problems are shown.
      await frame.getByRole('button', { name: 'Continue' }).click();
      await frame.getByRole('alert').waitFor();
      // The merchant's page itself never scrolls sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await page.screenshot({ path: `test-results/e2e/hosted-${viewport.width}.png`, fullPage: true });
    }
  });

  it('the hosted page and the element around it pass axe-core (WCAG 2.2 AA), in English and Spanish', async (t) => {
    const problems: string[] = [];
    const check = async (page: Page, where: string) => {
      await page.addScriptTag({ path: AXE });
      const found = await page.evaluate(async () => {
        const result = await (window as unknown as { axe: typeof import('axe-core') }).axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
        });
        return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      });
      problems.push(...found.map((f) => `${where}: ${f}`));
    };
    for (const locale of ['en-US', 'es-ES']) {
      // axe is injected as a script, which both pages' Content-Security-Policy would refuse.
      const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, bypassCSP: true, locale });
      t.onTestFinished(() => context.close());
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      await page.goto(`${merchant.url}/checkout/${merchant.prices.gym}`);
      await page.frameLocator('flex-checkout iframe').getByRole('button').first().waitFor();
      await check(page, `${locale} merchant page with the hosted frame`);
      // The hosted page on its own, step by step.
      const redirect = await page.locator('flex-checkout iframe').getAttribute('src');
      await page.goto(redirect!);
      await check(page, `${locale} hosted questionnaire`);
      await page.getByRole('button').first().click();
      await page.getByRole('alert').waitFor();
      await check(page, `${locale} hosted questionnaire with problems`);
      if (locale === 'en-US') {
        expect(await page.locator('html').getAttribute('lang')).toBe('en');
        await answerQuestions(page, 'gym', 'approved', await sandboxToday(merchant.api));
        await page.getByLabel('Card number').waitFor();
        await check(page, 'hosted contact and card');
        await page.getByRole('button', { name: /^Pay / }).click();
        await page.getByRole('alert').waitFor();
        await check(page, 'hosted card form with problems');
      } else {
        expect(await page.locator('html').getAttribute('lang')).toBe('es');
        expect(await page.getByRole('button', { name: 'Continuar' }).count()).toBe(1);
      }
    }
    expect(problems).toEqual([]);
    // Six axe runs and seven page loads across two locales: well past the default 30 s on a
    // loaded two-core machine, so this test gets its own deadline.
  }, 120_000);

  it("makes no call outside Flex's documented API", () => {
    expect(merchant.upstreamCalls.length).toBeGreaterThan(10);
    const undocumented = merchant.upstreamCalls.filter((call) => {
      const [method, path] = call.split(' ');
      return !documentedEndpoint(method!, path!);
    });
    expect(undocumented).toEqual([]);
  });

  it('lists all of 120 products through offset pages with no has_more', async () => {
    const existing = (await merchant.api('GET', '/v1/products?limit=100')).body.products.length as number;
    for (let i = existing; i < 120; i++) {
      expect((await merchant.api('POST', '/v1/products', { body: { product: { name: `Product ${i}` } } })).status).toBe(200);
    }
    const ids = new Set<string>();
    for await (const product of merchant.flex.client.products.all()) ids.add(product.product_id);
    expect(ids.size).toBe(120);
  });
});
