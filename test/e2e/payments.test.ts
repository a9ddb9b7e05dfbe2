/**
 * The demo store end to end, the payment side: declines, 3-D Secure, a subscription with a
 * trial, and reloads (scenarios 3, 4, 5 and 7 of issue 6). One `npm start`, one Chromium.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useDemo } from './support/demo.js';
import {
  answerChallenge,
  answerConsultation,
  CARDS,
  fillCard,
  fillDetails,
  newShopper,
  payWithHsaFsa,
  untilHeading,
  untilOrderConfirmed,
} from './support/shopper.js';

/** This file's `npm start` and Chromium (`e2e.demo`, `e2e.browser`). */
const e2e = useDemo();

async function flexCustomerOf(page: Page): Promise<string> {
  await page.goto('/account');
  return (await page.locator('.account-head code').textContent())!.trim();
}

/** The payment intents Flex holds for a customer. */
async function intentsOf(customer: string): Promise<{ status: string; amount_received: number; last_payment_error: unknown }[]> {
  return (await e2e.demo.api('GET', `/v1/payment_intents?customer=${customer}&limit=100`)).body.payment_intents;
}

/** Records the element's steps on every page this context opens. */
async function recordSteps(page: Page): Promise<void> {
  await page.context().addInitScript(() => {
    (window as unknown as { steps: string[] }).steps = [];
    document.addEventListener('flex-step-change', (e) => (window as unknown as { steps: string[] }).steps.push((e as CustomEvent).detail.step));
  });
}
const stepsSeen = (page: Page) => page.evaluate(() => (window as unknown as { steps: string[] }).steps);

/** The message the element shows under the card form (its live region repeats it for screen readers). */
const paymentError = (page: Page, text: string) => page.locator('flex-checkout #pay-error', { hasText: text });

const payButton = (page: Page, label = 'Pay $18.99') => page.locator('flex-checkout').getByRole('button', { name: label });

describe('the demo store: paying', () => {
  it('a decline (4000 0000 0000 9995), then 4242: one succeeded payment, the order paid once', { timeout: 120_000 }, async (t) => {
    const { page } = await newShopper(e2e.browser, e2e.demo, t);
    await payWithHsaFsa(page, 'sunscreen', 'decline@example.com');
    // Auto-substantiated: straight to the details, no consultation.
    await fillDetails(page);
    await fillCard(page, CARDS.insufficientFunds);
    await payButton(page).click();
    await paymentError(page, 'Your card has insufficient funds.').waitFor();
    await untilHeading(page, 'Payment'); // the form is kept
    await fillCard(page, CARDS.visa);
    await payButton(page).click();
    const order = await untilOrderConfirmed(page);
    // A one-time payment: the order page says it has the payment, at its price.
    await expect(page.locator('.order-status p').textContent()).resolves.toMatch(/^\s*We have your payment for Mineral Sunscreen SPF 50 \(\$18\.99\)\.\s*$/);

    const customer = await flexCustomerOf(page);
    const intents = await intentsOf(customer);
    expect(intents.filter((pi) => pi.status === 'succeeded')).toHaveLength(1);
    expect(intents).toHaveLength(1); // one intent per session, the declined attempt recorded on it
    await expect(page.locator(`[data-order="${order}"]`).textContent()).resolves.toContain('paid');
    await expect(page.locator('[data-order]').count()).resolves.toBe(1);
  });

  it('a product that is not HSA/FSA eligible goes through the same checkout, said plainly', { timeout: 120_000 }, async (t) => {
    const { page } = await newShopper(e2e.browser, e2e.demo, t);
    await payWithHsaFsa(page, 'tote', 'tote@example.com');
    // The store posts it: the details step asks where to.
    await page.locator('flex-checkout').getByRole('group', { name: 'Shipping address' }).waitFor();
    await fillDetails(page);
    await page.locator('flex-checkout').getByText('Not HSA/FSA eligible').first().waitFor();
    await fillCard(page, CARDS.visa);
    await payButton(page, 'Pay $24.00').click();
    await untilOrderConfirmed(page);
  });

  it('3-D Secure (4000 0025 0000 3155): completed → complete; failed → the shopper retries and pays', { timeout: 120_000 }, async (t) => {
    const { page } = await newShopper(e2e.browser, e2e.demo, t);
    await payWithHsaFsa(page, 'sunscreen', 'three-ds@example.com');
    await fillDetails(page);
    await fillCard(page, CARDS.threeDSecure);
    await payButton(page).click();
    await answerChallenge(page, 'complete');
    await untilOrderConfirmed(page);

    // A failed challenge: the card is not charged, the form comes back, and a second try works.
    await payWithHsaFsa(page, 'sunscreen');
    await fillDetails(page);
    await fillCard(page, CARDS.threeDSecure);
    await payButton(page).click();
    await answerChallenge(page, 'fail');
    await paymentError(page, 'We could not confirm it was you.').waitFor();
    await untilHeading(page, 'Payment');
    await expect(page.locator('iframe[title="3D Secure authentication"]').count()).resolves.toBe(0);
    await fillCard(page, CARDS.threeDSecure);
    await payButton(page).click();
    await answerChallenge(page, 'complete');
    await untilOrderConfirmed(page);

    const customer = await flexCustomerOf(page);
    const intents = await intentsOf(customer);
    expect(intents.map((pi) => pi.status).sort()).toEqual(['succeeded', 'succeeded']);
    await expect(page.locator('[data-order]').count()).resolves.toBe(2);
    await expect(page.locator('[data-order]', { hasText: 'paid' }).count()).resolves.toBe(2);
  });

  it('a subscription with a trial: consultation, complete, the subscription on the account page', { timeout: 120_000 }, async (t) => {
    const { page } = await newShopper(e2e.browser, e2e.demo, t);
    await payWithHsaFsa(page, 'clear-skin', 'member@example.com');
    await answerConsultation(page, e2e.demo, 'skincare', 'approved');
    await untilHeading(page, 'You qualify');
    await page.getByRole('button', { name: 'Continue' }).click();
    // Words the build's template minifier once ran together ("Phone(optional)", "Qty 1· 14-day…"):
    // this page runs the built script, as a merchant's does.
    await untilHeading(page, 'Your details');
    await expect(page.locator('flex-checkout').getByLabel('Phone (optional)', { exact: true }).count()).resolves.toBe(1);
    await expect(page.locator('flex-checkout [part=summary] .lines .muted').textContent()).resolves.toMatch(/^\s*Qty 1 · 14-day free trial\s*$/);
    await fillDetails(page);
    await page.locator('flex-checkout').getByText('when the free trial ends and at each renewal after', { exact: false }).waitFor();
    // The terms name the store (its merchant-name), not "this store".
    await expect(page.locator('flex-checkout #terms').textContent()).resolves.toMatch(/^By subscribing, you allow Juniper Wellness to keep this card/);
    await fillCard(page, CARDS.visa);
    await page.locator('flex-checkout').getByRole('button', { name: 'Start free trial — then $49.99 / month' }).click();
    const order = await untilOrderConfirmed(page);
    // The order page says what happened: a trial started, nothing charged (not "we have your payment").
    await expect(page.locator('.order-status p').textContent()).resolves.toMatch(
      /^\s*Your 14-day free trial of Clear Skin Membership has started: nothing was charged today, then \$49\.99 \/ month until you cancel\.\s*$/,
    );
    await expect(page.locator('.facts').textContent()).resolves.toMatch(/trial started[\s\S]*Started/);

    const customer = await flexCustomerOf(page);
    // Nothing charged today: the trial.
    const intents = await intentsOf(customer);
    expect(intents.reduce((sum, pi) => sum + pi.amount_received, 0)).toBe(0);
    const subscriptions = page.getByRole('region', { name: 'Subscriptions' });
    await expect(subscriptions.textContent()).resolves.toContain('Clear Skin Membership');
    const listed = await e2e.demo.api('GET', `/v1/subscriptions?customer=${customer}`);
    expect(listed.body.subscriptions).toHaveLength(1);
    const subscription = listed.body.subscriptions[0];
    expect(subscription).toMatchObject({ status: 'trialing', checkout_session: expect.stringMatching(/^fcs_/) });
    const row = page.locator(`[data-subscription="${subscription.subscription_id}"]`);
    const trialEnds = new Date(subscription.trial_end).toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
    await expect(row.textContent()).resolves.toMatch(new RegExp(`Clear Skin Membership[\\s\\S]*trial ends ${trialEnds}[\\s\\S]*trialing`));
    await expect(page.locator(`[data-order="${order}"]`).textContent()).resolves.toContain('paid');
    await expect(page.locator('[data-card]').textContent()).resolves.toContain('off_session: true');
  });

  it('a reload mid-payment resumes where it was, also during 3-D Secure; a completed checkout never shows a form again', { timeout: 120_000 }, async (t) => {
    const { page } = await newShopper(e2e.browser, e2e.demo, t);
    await recordSteps(page);
    const checkout = await payWithHsaFsa(page, 'sunscreen', 'reload@example.com');
    await fillDetails(page);
    await untilHeading(page, 'Payment');

    // Reload at the payment step: straight back to it, the details kept.
    await page.reload();
    await untilHeading(page, 'Payment');
    expect(await stepsSeen(page)).toEqual(['payment']);

    // Reload while the bank's challenge is open: the challenge comes back.
    await fillCard(page, CARDS.threeDSecure);
    await payButton(page).click();
    await page.frameLocator('iframe[title="3D Secure authentication"]').getByRole('button', { name: 'Complete authentication' }).waitFor();
    await page.reload();
    await answerChallenge(page, 'complete');
    const order = await untilOrderConfirmed(page);

    // The checkout page of a completed order: the order, never a payment form.
    await page.goto(checkout);
    await page.waitForURL(new RegExp(`/orders/${order}$`));
    await page.getByRole('heading', { name: 'Thank you — your order is confirmed' }).waitFor();
    expect(page.frames()).toHaveLength(1);
    expect(await stepsSeen(page)).not.toContain('payment');
    const customer = await flexCustomerOf(page);
    expect((await intentsOf(customer)).map((pi) => pi.status)).toEqual(['succeeded']);
  });
});
