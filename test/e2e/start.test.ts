/**
 * `npm start` itself: the element bundle served as a CDN would, data that survives a
 * restart, and a checkout that expires (scenario 8 of issue 6). Its own demo process, since
 * it moves the sandbox's clock and restarts the server.
 */
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { attributeOf } from '../support/html.js';
import { startDemo, useDemo } from './support/demo.js';
import { answerConsultation, CARDS, fillCard, fillDetails, newShopper, payWithHsaFsa, untilHeading, untilOrderConfirmed } from './support/shopper.js';

const AXE = fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url));

/** This file's `npm start` and Chromium (`e2e.demo`, `e2e.browser`). */
const e2e = useDemo();

/** A shopper starts the Clear Skin membership's trial with this card (approved consultation); the order's ID. */
async function startClearSkinTrial(page: Page, email: string, card: string): Promise<string> {
  await payWithHsaFsa(page, 'clear-skin', email);
  await answerConsultation(page, e2e.demo, 'skincare', 'approved');
  await untilHeading(page, 'You qualify');
  await page.getByRole('button', { name: 'Continue' }).click();
  await fillDetails(page);
  await fillCard(page, card);
  await page
    .locator('flex-checkout')
    .getByRole('button', { name: /Start free trial/ })
    .click();
  return untilOrderConfirmed(page);
}

/** The webhook log's deliveries holding this text, once one has arrived (the page reloaded until then, 10 s at most). */
async function untilDelivery(page: Page, text: string): Promise<Locator> {
  const delivery = page.locator('[data-delivery]', { hasText: text });
  for (let i = 0; i < 40 && (await delivery.count()) === 0; i++) {
    await page.waitForTimeout(250);
    await page.reload();
  }
  return delivery;
}

describe('npm start', () => {
  it('serves /flex-checkout.js as a CDN would: JavaScript, gzip, ETag, a public cache, CORS', async () => {
    const res = await fetch(`${e2e.demo.url}/flex-checkout.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    const script = await res.text(); // fetch undoes the gzip
    expect(script).toContain('flex-checkout');
    const again = await fetch(`${e2e.demo.url}/flex-checkout.js`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('serves the sandbox API and the companion server on the same port', async () => {
    const products = await e2e.demo.api('GET', '/v1/products?limit=100');
    expect(products.status).toBe(200);
    expect(products.body.products.map((p: { metadata: { demo_key: string } }) => p.metadata.demo_key).sort()).toEqual([
      'clear-skin',
      'clear-skin-kit',
      'personal-training',
      'strength-club',
      'sunscreen',
      'tote',
    ]);
    const widget = await fetch(`${e2e.demo.url}/flex/sessions/fcs_nope`, { headers: { authorization: 'Bearer fcs_nope_secret_x' } });
    expect([401, 404]).toContain(widget.status);
    expect(await widget.json()).toHaveProperty('detail');
    const stripe = await fetch(`${e2e.demo.url}/sandbox/stripe.js`);
    expect(stripe.status).toBe(200);
  });

  it('session expiry: the element says so and offers the way back to the store', { timeout: 120_000 }, async (t) => {
    const { page } = await newShopper(e2e.browser, e2e.demo, t);
    await payWithHsaFsa(page, 'sunscreen', 'expiry@example.com');
    await fillDetails(page);
    await untilHeading(page, 'Payment');
    // The shopper walks away; two hours pass (the sandbox's clock, which its sessions follow).
    const moved = await e2e.demo.api('POST', '/v1/test_helpers/advance_time', { seconds: 2 * 3600 });
    expect(moved.status).toBe(200);
    // Back at the open tab, the shopper tries to pay: the element finds out and says so.
    await fillCard(page, CARDS.visa);
    await page.locator('flex-checkout').getByRole('button', { name: 'Pay $18.99' }).click();
    await untilHeading(page, 'This checkout has expired');
    expect(page.frames()).toHaveLength(1); // the card form is gone
    // And it stays expired when the page is opened again.
    await page.reload();
    await untilHeading(page, 'This checkout has expired');
    expect(page.frames()).toHaveLength(1);
    // The element's way back goes to the session's cancel_url: the product page.
    await page
      .locator('flex-checkout')
      .getByRole('link', { name: /Start again|Back to the store/ })
      .click();
    await page.waitForURL(/\/products\/sunscreen$/);
    // Expired while on the details step: the next Continue finds out, too.
    await payWithHsaFsa(page, 'sunscreen');
    await untilHeading(page, 'Your details');
    expect((await e2e.demo.api('POST', '/v1/test_helpers/advance_time', { seconds: 2 * 3600 })).status).toBe(200);
    // Filled in whole (the sunscreen is posted: its address too), so the Continue reaches the server.
    await fillDetails(page);
    await untilHeading(page, 'This checkout has expired');

    // Flex's checkout.session.expired reaches the store, which marks the order expired.
    await page.goto('/account');
    const order = page.locator('[data-order]', { hasText: 'expired' });
    for (let i = 0; i < 40 && (await order.count()) < 2; i++) {
      await page.waitForTimeout(250);
      await page.reload();
    }
    await expect(order.count()).resolves.toBe(2);
    await expect(order.first().textContent()).resolves.toMatch(/Mineral Sunscreen SPF 50[\s\S]*expired/);
  });

  it(
    'webhooks: each delivery verified and handled once; a forged one refused; the clock renews a subscription into an order',
    { timeout: 150_000 },
    async (t) => {
      const { page } = await newShopper(e2e.browser, e2e.demo, t);
      const order = await startClearSkinTrial(page, 'renewals@example.com', CARDS.visa);

      await page.goto('/webhooks');
      const completed = page.locator('[data-delivery]', { hasText: `Order ${order} paid and fulfilled` });
      await expect(completed.textContent()).resolves.toMatch(/checkout\.session\.completed[\s\S]*verified[\s\S]*handled/);
      await expect(completed.count()).resolves.toBe(1);

      // A delivery Flex never signed: refused with 400, never handed to the store.
      const before = await page.locator('[data-delivery]').count();
      await page.getByRole('button', { name: 'Send a forged delivery' }).click();
      const forged = page.locator('[data-delivery]', { hasText: 'rejected 400' });
      await expect(forged.count()).resolves.toBe(1);
      await expect(forged.textContent()).resolves.not.toContain('handled');
      await expect(page.locator('[data-delivery]').count()).resolves.toBe(before + 1);

      // Fifteen days on the trial ends: Flex charges the saved card off session and says so.
      await page.getByLabel('Move the clock').selectOption('15');
      await page.getByRole('button', { name: 'Move it forward' }).click();
      const renewal = await untilDelivery(page, 'Renewal recorded as order');
      await expect(renewal.textContent()).resolves.toMatch(/invoice\.payment_succeeded[\s\S]*verified[\s\S]*handled/);

      await page.goto('/account');
      const subscription = page.locator('[data-subscription]');
      await expect(subscription.textContent()).resolves.toContain('active');
      const renewed = page.locator('[data-order^="ord_finv_"]');
      await expect(renewed.textContent()).resolves.toMatch(/Clear Skin Membership[\s\S]*\$49\.99[\s\S]*renewal[\s\S]*paid/);
    },
  );

  it('a renewal the card declines: the webhook log says why, from the payment intent, and no order is recorded', { timeout: 150_000 }, async (t) => {
    const { page } = await newShopper(e2e.browser, e2e.demo, t);
    // Saved for the trial, then declined when the trial ends and Flex charges it.
    await startClearSkinTrial(page, 'declined-renewal@example.com', '4000000000000341');

    await page.goto('/webhooks');
    await page.getByLabel('Move the clock').selectOption('15');
    await page.getByRole('button', { name: 'Move it forward' }).click();
    const failed = await untilDelivery(page, 'A renewal charge failed');
    await expect(failed.first().textContent()).resolves.toMatch(/invoice\.payment_failed[\s\S]*A renewal charge failed: Your card was declined/);
    await page.goto('/account');
    await expect(page.locator('[data-order^="ord_finv_"]').count()).resolves.toBe(0);
  });

  it('every store page passes axe-core (WCAG 2.2 A/AA and best practices), the checkout included', { timeout: 150_000 }, async (t) => {
    // axe is injected as a script, which the store's Content-Security-Policy would refuse.
    const context = await e2e.browser.newContext({ viewport: { width: 1100, height: 900 }, baseURL: e2e.demo.url, bypassCSP: true });
    t.onTestFinished(() => context.close());
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const problems: string[] = [];
    const check = async (where: string) => {
      await page.addScriptTag({ path: AXE });
      const found = await page.evaluate(async () => {
        const result = await (window as unknown as { axe: typeof import('axe-core') }).axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
        });
        return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      });
      problems.push(...found.map((f) => `${where}: ${f}`));
    };

    await page.goto('/');
    await check('catalog');
    await page.goto('/products/clear-skin');
    await check('subscription product');
    await page.goto('/products/strength-club');
    await page.getByRole('button', { name: 'Pay with HSA/FSA' }).click(); // no email: the error beside the field
    await check('product with an error');
    await page.goto('/account');
    await check('sign in');
    await payWithHsaFsa(page, 'strength-club', 'axe@example.com');
    await untilHeading(page, 'A few health questions');
    await check('checkout: consultation');
    await answerConsultation(page, e2e.demo, 'gym', 'approved');
    await untilHeading(page, 'You qualify');
    await page.getByRole('button', { name: 'Continue' }).click();
    await fillDetails(page);
    await fillCard(page, CARDS.visa);
    await check('checkout: payment');
    await page.locator('flex-checkout').getByRole('button', { name: 'Pay $129.00' }).click();
    await untilOrderConfirmed(page);
    await check('order confirmed');
    await page.goto('/account');
    await page.locator('[data-product="clear-skin-kit"]').getByRole('button').click();
    await page.locator('#result').waitFor();
    await check('account with a refused Buy again');
    await page.goto('/webhooks');
    await check('webhook log');
    await page.goto('/nowhere');
    await check('not found');
    await page.goto('/react');
    await check('catalog through React');
    await page.goto('/products/sunscreen?via=vue');
    await page.getByRole('button', { name: 'Pay with HSA/FSA' }).click();
    await untilHeading(page, 'Your details');
    await check('checkout rendered by Vue');
    expect(problems).toEqual([]);
  });

  it('keeps its data across a restart: no second catalog, the shopper still signed in with their order', { timeout: 120_000 }, async () => {
    const signIn = await fetch(`${e2e.demo.url}/account/sign-in`, {
      method: 'POST',
      body: new URLSearchParams({ email: 'restart@example.com' }),
      redirect: 'manual',
    });
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const checkout = await fetch(`${e2e.demo.url}/checkout`, {
      method: 'POST',
      headers: { cookie },
      body: new URLSearchParams({ product: 'sunscreen' }),
      redirect: 'manual',
    });
    expect(checkout.status).toBe(303);
    const order = /\/checkout\/(ord_[\w-]+)/.exec(checkout.headers.get('location')!)![1]!;
    const before = await e2e.demo.api('GET', '/v1/products?limit=100');

    const port = new URL(e2e.demo.url).port;
    await e2e.demo.stop();
    e2e.demo = await startDemo({ dataDir: e2e.demo.dataDir, port });
    expect(e2e.demo.output()).not.toMatch(/catalog of \d+ products created/);
    expect(e2e.demo.output()).toContain('(endpoint kept from an earlier start)');
    const after = await e2e.demo.api('GET', '/v1/products?limit=100');
    const ids = (answer: { body: { products: { product_id: string }[] } }) => answer.body.products.map((p) => p.product_id);
    expect(ids(after)).toEqual(ids(before));
    const account = await (await fetch(`${e2e.demo.url}/account`, { headers: { cookie } })).text();
    expect(account).toContain('restart@example.com');
    expect(account).toContain(`data-order="${order}"`);
    // The open checkout is still there to finish.
    const page = await fetch(`${e2e.demo.url}/checkout/${order}`, { headers: { cookie } });
    expect(page.status).toBe(200);
    // Rendered with the session's first view in it (renderElement), which still says the session is open.
    const tag = /<flex-checkout [^>]*>/.exec(await page.text())?.[0] ?? '';
    const session = /^(fcs_\w+?)_secret_[\w-]+$/.exec(attributeOf(tag, 'client-secret') ?? '')?.[1];
    expect(session).toBeDefined();
    const view = JSON.parse(attributeOf(tag, 'session-view') ?? 'null');
    expect(view).toMatchObject({ checkout: 'in-page', checkout_session_id: session, status: 'open' });
  });
});
