/**
 * The demo store's /react and /vue pages: the same checkout, its page rendered by
 * `@flex-checkout/react` or `@flex-checkout/vue` (demo/apps/), end to end in Chromium
 * against `npm start`: consultation, details, card, the order paid by the webhook.
 */
import { describe, expect, it } from 'vitest';
import { useDemo } from './support/demo.js';
import {
  answerConsultation,
  answerQuestions,
  CARDS,
  fillCard,
  fillDetails,
  newShopper,
  sandboxToday,
  untilHeading,
  untilOrderConfirmed,
} from './support/shopper.js';

/** This file's `npm start` and Chromium (`e2e.demo`, `e2e.browser`). */
const e2e = useDemo();

describe.each([
  { via: 'react', wrapper: '@flex-checkout/react' },
  { via: 'vue', wrapper: '@flex-checkout/vue' },
])('the demo store through $wrapper', ({ via, wrapper }) => {
  it(`/${via}: an LMN product checked out through the wrapper, the order paid by the webhook`, { timeout: 180_000 }, async (t) => {
    const { page, console } = await newShopper(e2e.browser, e2e.demo, t);
    await page.goto(`/${via}`);
    await expect(page.getByRole('note').filter({ hasText: 'rendered by' }).textContent()).resolves.toContain(wrapper);

    // The product page keeps the way in; "Pay with HSA/FSA" creates the session as always.
    await page.getByRole('link', { name: /Strength Club/ }).click();
    await page.waitForURL(new RegExp(`/products/strength-club\\?via=${via}$`));
    await page.getByLabel('Email').fill(`${via}@example.com`);
    await page.getByRole('button', { name: 'Pay with HSA/FSA' }).click();
    await page.waitForURL(new RegExp(`/checkout/ord_[\\w-]+\\?via=${via}$`));

    // The server sent a mount point, not the element: the wrapper rendered <flex-checkout>,
    // and the app hears its events through the wrapper's typed callback.
    const html = await (await page.request.get(page.url())).text();
    expect(html).not.toContain('<flex-checkout');
    expect(html).toContain(`/assets/apps/${via}.js`);
    await page.locator('#flex-app flex-checkout').waitFor({ state: 'attached' });
    await expect(page.locator('flex-checkout').count()).resolves.toBe(1);
    await page.locator('#flex-app output[data-step]', { hasText: 'consultation' }).waitFor();

    await answerConsultation(page, e2e.demo, 'gym', 'approved');
    await untilHeading(page, 'You qualify');
    await page.getByRole('button', { name: 'Continue' }).click();
    await fillDetails(page);
    await page.locator('#flex-app output[data-step]', { hasText: 'payment' }).waitFor();
    await fillCard(page, CARDS.visa);
    await page.getByRole('button', { name: 'Pay $129.00' }).click();

    // redirect="always" through the wrapper: the success page, from the store's own record.
    await untilOrderConfirmed(page);
    await expect(page.locator('.facts').textContent()).resolves.toContain('confirmed by Flex’s webhook (checkout.session.completed)');
    const customer = (await e2e.demo.api('GET', `/v1/customers?email=${via}@example.com`)).body.customers?.[0]?.customer_id;
    const intents = (await e2e.demo.api('GET', `/v1/payment_intents?customer=${customer}&limit=100`)).body.payment_intents;
    expect(intents.map((pi: { status: string }) => pi.status)).toEqual(['succeeded']);
    expect(console.filter((line) => line.startsWith('[pageerror]') || line.startsWith('[error]'))).toEqual([]);
  });
});

/**
 * The demo store's /hosted pages: the same store on the hosted checkout (a companion server
 * with `checkout: 'hosted'`), as it would run on Flex's API today: the sandbox's hosted page
 * framed in the element, the order paid by the webhook.
 */
describe('the demo store on the hosted checkout', () => {
  it('/hosted: an LMN product paid on the hosted page inside the element, the order paid by the webhook', { timeout: 180_000 }, async (t) => {
    const { page, console } = await newShopper(e2e.browser, e2e.demo, t);
    await page.goto('/hosted');
    await expect(page.getByRole('note').filter({ hasText: 'the hosted checkout' }).count()).resolves.toBe(1);
    await page.getByRole('link', { name: /Strength Club/ }).click();
    await page.getByLabel('Email').fill('hosted@example.com');
    await page.getByRole('button', { name: 'Pay with HSA/FSA' }).click();
    await page.waitForURL(/\/checkout\/ord_[\w-]+\?via=hosted$/);

    // The element frames the session's hosted page; the consultation and the card are there.
    const frame = page.frameLocator('flex-checkout iframe');
    await answerQuestions(frame, 'gym', 'approved', await sandboxToday(e2e.demo.api));
    await frame.getByLabel('First name').fill('Hana');
    await frame.getByLabel('Last name').fill('Hosted');
    await frame.getByLabel('Card number').fill(CARDS.visa);
    await frame.getByLabel('Expiry').fill('12 / 34');
    await frame.getByLabel('Security code').fill('123');
    await frame.getByLabel('Billing ZIP code').fill('10001');
    await frame.getByRole('button', { name: 'Pay $129.00' }).click();

    // flex-complete (from the server's read of the session) takes the page to the order.
    await untilOrderConfirmed(page);
    await expect(page.locator('.facts').textContent()).resolves.toContain('confirmed by Flex’s webhook (checkout.session.completed)');
    expect(console.filter((line) => line.startsWith('[pageerror]') || line.startsWith('[error]'))).toEqual([]);
  });
});
