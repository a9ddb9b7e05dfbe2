import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { startSandboxProcess, type RunningSandbox } from '../support/process.js';
import { caller } from '../support/sandbox.js';
import { startDemo, type RunningDemo } from './support/demo.js';
import { answerQuestions, CARDS, fillHostedPayment, newShopper, payWithHsaFsa, sandboxToday, untilOrderConfirmed } from './support/shopper.js';

/**
 * The demo store going live by configuration: FLEX_API_KEY and FLEX_API_BASE point it at a
 * separately started sandbox in the flex profile over HTTP (Flex as its documentation shows
 * it: no browser API, no webhook endpoints API, no test clock routes of its own to lean on).
 * No sandbox runs in the store's process; the shopper goes from the element to Flex's hosted
 * page and back (the store's page asks for that, `redirect="always"`), and the store hears of
 * the payment by the webhook it registered through POST /v1/webhooks.
 */
// A whole checkout in Chromium: 6–16 s at rest, more on a loaded 2-core machine.
describe('the demo store against Flex as documented (FLEX_API_KEY, flex profile over HTTP)', { timeout: 90_000 }, () => {
  let dir: string;
  let sandbox: RunningSandbox;
  let demo: RunningDemo;
  let browser: Browser;
  const api = () => caller((path, init) => fetch(`${sandbox.url}${path}`, init));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flex-demo-live-'));
    sandbox = await startSandboxProcess(join(dir, 'sandbox.sqlite'), ['--profile', 'flex', '--poll-ms', '100']);
    [demo, browser] = await Promise.all([
      startDemo({ dataDir: join(dir, 'store'), env: { FLEX_API_KEY: 'fsk_test_sandbox', FLEX_API_BASE: sandbox.url } }),
      launchBrowser(),
    ]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
    await sandbox?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says which API it uses, mounts none of the sandbox, and registered its webhook through POST /v1/webhooks', async () => {
    expect(demo.output()).toContain(`Flex API         ${sandbox.url} (FLEX_API_KEY)`);
    expect(demo.output()).not.toContain('Flex sandbox API');
    expect(demo.output()).toMatch(/Webhooks +http:\/\/127\.0\.0\.1:\d+\/flex\/webhooks \(endpoint registered\)/);
    // The catalog was made in that API, through the typed client.
    const { body } = await api()('GET', '/v1/products?limit=100');
    expect((body as { products: { name: string }[] }).products.map((p) => p.name)).toContain('Strength Club — 10-class pack');
    // No sandbox in this process: its API and browser routes are the store's 404 page.
    for (const path of ['/v1/products', '/sandbox/stripe.js', '/pay/c/fcs_none']) {
      expect((await fetch(`${demo.url}${path}`)).status, path).toBe(404);
    }
    const page = await (await fetch(`${demo.url}/webhooks`)).text();
    expect(page).toContain('fwhsec_…');
    expect(page).not.toContain('Sandbox tools');
    // Every page says where Flex is; none says "sandbox".
    expect(page).toContain(`Demo store on Flex’s API at <code>${sandbox.url}</code>`);
    expect(page).not.toMatch(/Flex sandbox/);
  });

  it("a shopper buys a class on Flex's hosted page and comes back; the order is confirmed and the webhook verified and handled", async (t) => {
    const { page } = await newShopper(browser, demo, t);
    await payWithHsaFsa(page, 'strength-club', 'live-demo@example.com');
    // Flex has no browser API: the element offers Flex's hosted page, which this page opens in the window.
    // Followed from the keyboard, as flex-hosted.test.ts does (this Chromium's hit-testing does not see into the step).
    const link = page.locator('flex-checkout').getByRole('link', { name: 'Continue to the secure checkout' });
    await link.focus();
    await link.press('Enter');
    await page.waitForURL(`${sandbox.url}/pay/c/**`);
    await answerQuestions(page, 'gym', 'approved', await sandboxToday(api()));
    await fillHostedPayment(page, CARDS.visa, { email: 'live-demo@example.com', firstName: 'Lee', lastName: 'Live' });
    await page.getByRole('button', { name: /^Pay / }).click();
    const orderId = await untilOrderConfirmed(page);
    expect(page.url()).toMatch(new RegExp(`^${demo.url}/orders/`));
    // The account page reads what Flex documents (no letters API there): the order, no error.
    const account = await page.goto('/account');
    expect(account?.status()).toBe(200);
    expect(await page.locator(`[data-order="${orderId}"]`).textContent()).toContain('Strength Club');

    // The delivery Flex sent, verified by the companion server and handled by the store.
    await expect
      .poll(
        async () => {
          await page.goto('/webhooks');
          return page.locator('[data-delivery]', { hasText: 'checkout.session.completed' }).first().textContent();
        },
        { timeout: 20_000, interval: 250 },
      )
      .toMatch(/verified/);
    expect(await page.locator('[data-delivery]', { hasText: 'checkout.session.completed' }).first().textContent()).toContain(
      `Order ${orderId} paid and fulfilled`,
    );
  });

  it("/hosted: the store frames Flex's hosted page in the element (its CSP names that origin); paid there, the order is confirmed", async (t) => {
    const { page, console } = await newShopper(browser, demo, t);
    const csp = (await page.goto('/hosted'))!.headers()['content-security-policy'] ?? '';
    expect(csp).toMatch(new RegExp(`frame-src 'self' https://checkout\\.withflex\\.com ${sandbox.url.replace(/\./g, '\\.')}`));
    await page.getByRole('link', { name: /Strength Club/ }).click();
    await page.getByLabel('Email').fill('live-hosted@example.com');
    await page.getByRole('button', { name: 'Pay with HSA/FSA' }).click();
    await page.waitForURL(/\/checkout\/ord_[\w-]+\?via=hosted$/);
    const frame = page.frameLocator('flex-checkout iframe');
    await answerQuestions(frame, 'gym', 'approved', await sandboxToday(api()));
    await fillHostedPayment(frame, CARDS.visa, { email: 'live-hosted@example.com', firstName: 'Hana', lastName: 'Hosted' });
    await frame.getByRole('button', { name: 'Pay $129.00' }).click();
    await untilOrderConfirmed(page);
    expect(console.filter((line) => line.startsWith('[pageerror]') || line.startsWith('[error]'))).toEqual([]);
  });
});
