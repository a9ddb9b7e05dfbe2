/**
 * Screenshots of every page of the demo store, desktop and 375 px wide, for review and for
 * demo/README.md: `node --conditions=source --import tsx test/e2e/screenshots.ts [outDir]`
 * (default docs/screenshots/demo). It starts its own `npm start` on a fresh data folder and
 * shops through it as the end-to-end tests do.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { removeData, startDemo } from './support/demo.js';
import { answerConsultation, CARDS, fillCard, fillDetails, payWithHsaFsa, untilHeading, untilOrderConfirmed } from './support/shopper.js';

const out = process.argv[2] ?? 'docs/screenshots/demo';
mkdirSync(out, { recursive: true });
const demo = await startDemo();
const browser = await launchBrowser();

/** With SLICES=1, tall pages are also cut into screen-high pieces (`name.1.png`, …) to look at closely. */
const slices = process.env.SLICES === '1';

async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(150); // let transitions settle
  // The webhook log grows with every event: its top is what matters.
  const cut = name.startsWith('webhook-log') ? { clip: { x: 0, y: 0, width: page.viewportSize()!.width, height: 1500 } } : {};
  await page.screenshot({ path: join(out, `${name}.png`), fullPage: true, ...cut });
  console.log(`  ${name}.png`);
  if (!slices) return;
  const { width, height } = page.viewportSize()!;
  const total = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0, i = 1; y < total; y += height, i++) {
    await page.screenshot({ path: join(out, `${name}.${i}.png`), fullPage: true, clip: { x: 0, y, width, height: Math.min(height, total - y) } });
  }
}

try {
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: demo.url });
  const page = await desktop.newPage();
  page.setDefaultTimeout(20_000);

  await page.goto('/');
  await shot(page, 'catalog-desktop');
  await page.goto('/account');
  await shot(page, 'sign-in-desktop');
  await page.goto('/products/strength-club');
  await page.getByRole('button', { name: 'Pay with HSA/FSA' }).click();
  await shot(page, 'product-email-error-desktop');

  await payWithHsaFsa(page, 'strength-club', 'sam@example.com');
  await untilHeading(page, 'A few health questions');
  await shot(page, 'checkout-consultation-desktop');
  await answerConsultation(page, demo, 'gym', 'approved');
  await untilHeading(page, 'You qualify');
  await shot(page, 'checkout-approved-desktop');
  await page.getByRole('button', { name: 'Continue' }).click();
  await fillDetails(page);
  await fillCard(page, CARDS.visa);
  await shot(page, 'checkout-payment-desktop');
  await page.getByRole('button', { name: 'Pay $129.00' }).click();
  const order = await untilOrderConfirmed(page);
  await shot(page, 'order-confirmed-desktop');

  await payWithHsaFsa(page, 'clear-skin');
  await answerConsultation(page, demo, 'skincare', 'approved');
  await untilHeading(page, 'You qualify');
  await page.getByRole('button', { name: 'Continue' }).click();
  await fillDetails(page);
  await fillCard(page, CARDS.visa);
  await shot(page, 'checkout-subscription-desktop');
  await page
    .locator('flex-checkout')
    .getByRole('button', { name: /Start free trial/ })
    .click();
  await untilOrderConfirmed(page);

  await page.goto('/account');
  await page.locator('[data-product="strength-club"]').getByRole('button').click();
  await page.locator('#result').waitFor();
  await shot(page, 'account-buy-again-paid-desktop');
  const paidResult = page.url();

  // A second shopper with only a gym letter: Buy again for skin care is refused.
  const other = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: demo.url });
  const second = await other.newPage();
  await payWithHsaFsa(second, 'sunscreen', 'alex@example.com');
  await fillDetails(second);
  await fillCard(second, CARDS.visa);
  await second.getByRole('button', { name: 'Pay $18.99' }).click();
  await untilOrderConfirmed(second);
  await second.goto('/account');
  await second.locator('[data-product="clear-skin-kit"]').getByRole('button').click();
  await second.locator('#result').waitFor();
  await shot(second, 'account-lomn-required-desktop');
  const refusedResult = second.url();

  // The webhook log after a forged delivery and fifteen days on the clock (the trial renews).
  await page.goto('/webhooks');
  await page.getByRole('button', { name: 'Send a forged delivery' }).click();
  await page.getByLabel('Move the clock').selectOption('15');
  await page.getByRole('button', { name: 'Move it forward' }).click();
  const renewal = page.locator('[data-delivery]', { hasText: 'Renewal recorded as order' });
  for (let i = 0; i < 40 && (await renewal.count()) === 0; i++) {
    await page.waitForTimeout(250);
    await page.reload();
  }
  await shot(page, 'webhook-log-desktop');
  await page.goto('/account');
  await shot(page, 'account-desktop');
  await page.goto('/products/clear-skin');
  await shot(page, 'product-subscription-desktop');
  await page.goto('/products/tote');
  await shot(page, 'product-not-eligible-desktop');
  await page.goto('/nowhere');
  await shot(page, 'not-found-desktop');

  // The same store through the wrappers: /react's catalog, checkouts rendered by React and Vue.
  await page.goto('/react');
  await shot(page, 'react-catalog-desktop');
  await page.goto('/products/sunscreen?via=react');
  await page.getByRole('button', { name: 'Pay with HSA/FSA' }).click();
  await fillDetails(page);
  await fillCard(page, CARDS.visa);
  await shot(page, 'react-checkout-payment-desktop');
  await page.goto('/products/tote?via=vue');
  await page.getByRole('button', { name: 'Pay by card' }).click();
  await untilHeading(page, 'Your details');
  await shot(page, 'vue-checkout-details-desktop');

  // 375 px: the same shopper's pages, and a checkout in progress.
  const mobile = await browser.newContext({
    viewport: { width: 375, height: 740 },
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
    baseURL: demo.url,
    storageState: await desktop.storageState(),
  });
  const phone = await mobile.newPage();
  phone.setDefaultTimeout(20_000);
  for (const [path, name] of [
    ['/', 'catalog'],
    ['/products/strength-club', 'product'],
    [`/orders/${order}`, 'order-confirmed'],
    [paidResult, 'account-buy-again-paid'],
    ['/account', 'account'],
    ['/webhooks', 'webhook-log'],
  ] as const) {
    await phone.goto(path);
    await shot(phone, `${name}-mobile`);
  }
  const fresh = await browser.newContext({ viewport: { width: 375, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, baseURL: demo.url });
  const phone3 = await fresh.newPage();
  phone3.setDefaultTimeout(20_000);
  await payWithHsaFsa(phone3, 'strength-club', 'kim@example.com');
  await untilHeading(phone3, 'A few health questions');
  await shot(phone3, 'checkout-consultation-mobile');
  await answerConsultation(phone3, demo, 'gym', 'approved');
  await untilHeading(phone3, 'You qualify');
  await phone3.getByRole('button', { name: 'Continue' }).click();
  await untilHeading(phone3, 'Your details');
  await shot(phone3, 'checkout-details-mobile');
  await fillDetails(phone3);
  await fillCard(phone3, CARDS.visa);
  await shot(phone3, 'checkout-payment-mobile');
  const mobileOther = await browser.newContext({
    viewport: { width: 375, height: 740 },
    deviceScaleFactor: 1,
    isMobile: true,
    baseURL: demo.url,
    storageState: await other.storageState(),
  });
  const phone2 = await mobileOther.newPage();
  await phone2.goto(refusedResult);
  await shot(phone2, 'account-lomn-required-mobile');
} finally {
  await browser.close();
  await demo.stop();
  removeData(demo);
}
