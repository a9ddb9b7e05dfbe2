/**
 * The demo store end to end, for products that need a letter of medical necessity:
 * `npm start` in its own process, Chromium as the shopper (scenarios 1, 2 and 6 of issue 6).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useDemo } from './support/demo.js';
import { answerConsultation, CARDS, fillCard, fillDetails, newShopper, payWithHsaFsa, untilHeading, untilOrderConfirmed } from './support/shopper.js';

/** This file's `npm start` and Chromium (`e2e.demo`, `e2e.browser`). */
const e2e = useDemo();

/** The Flex customer the account page names. */
async function flexCustomerOf(page: Page): Promise<string> {
  await page.goto('/account');
  return (await page.locator('.account-head code').textContent())!.trim();
}

/** Every step the element went to on this page (its `flex-step-change` events). */
async function stepsSeen(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { steps: string[] }).steps);
}

describe('the demo store: products that need a letter', () => {
  it(
    'LMN product: consultation approved, card saved for off-session, complete; the account shows letter and card; Buy again works for gym and is refused for skincare',
    { timeout: 180_000 },
    async (t) => {
      const { page, context, console } = await newShopper(e2e.browser, e2e.demo, t);
      await context.addInitScript(() => {
        (window as unknown as { steps: string[] }).steps = [];
        document.addEventListener('flex-step-change', (e) => (window as unknown as { steps: string[] }).steps.push((e as CustomEvent).detail.step));
      });

      // 1. The first purchase: consultation, approval, details, the card kept for later.
      await payWithHsaFsa(page, 'strength-club', 'approved@example.com');
      await answerConsultation(page, e2e.demo, 'gym', 'approved');
      await untilHeading(page, 'You qualify');
      await page
        .locator('flex-checkout')
        .getByText(/letter of medical necessity for fitness is valid until/)
        .waitFor();
      await page.getByRole('button', { name: 'Continue' }).click();
      await fillDetails(page);
      await page.locator('flex-checkout').getByText('to keep this card and charge it later').waitFor();
      await fillCard(page, CARDS.visa);
      await page.getByRole('button', { name: 'Pay $129.00' }).click();
      const firstOrder = await untilOrderConfirmed(page);
      await expect(page.locator('.facts').textContent()).resolves.toMatch(/Status\s*paid/);
      // The store fulfilled it when Flex's signed webhook came, not because the browser arrived here.
      await expect(page.locator('.facts').textContent()).resolves.toContain('confirmed by Flex’s webhook (checkout.session.completed)');

      // The account: the letter (gym, valid a year) and the card with off_session: true.
      const customer = await flexCustomerOf(page);
      const letters = (await e2e.demo.api('GET', `/v1/customers/${customer}/letters`)).body.letters;
      expect(letters).toHaveLength(1);
      const letterRow = page.locator(`tr[data-letter="${letters[0].letter_id}"]`);
      await expect(letterRow.textContent()).resolves.toContain('gym');
      const validUntil = new Date(letters[0].expires_at).toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
      await expect(letterRow.textContent()).resolves.toContain(validUntil);
      await expect(letterRow.textContent()).resolves.toContain('valid');
      const card = page.locator('[data-card]');
      await expect(card.count()).resolves.toBe(1);
      await expect(card.textContent()).resolves.toMatch(/Visa •••• 4242[\s\S]*off_session: true/);
      await expect(page.locator(`[data-order="${firstOrder}"]`).textContent()).resolves.toContain('paid');

      // Buy again, gym: charged off session, no checkout, no card frame, no challenge.
      const navigations: string[] = [];
      page.on('framenavigated', (frame) => navigations.push(frame.url()));
      await page
        .locator('[data-product="strength-club"]')
        .getByRole('button', { name: /Buy again/ })
        .click();
      await page.locator('#result', { hasText: 'Paid: Strength Club' }).waitFor();
      expect(navigations.every((url) => new URL(url).pathname === '/account')).toBe(true);
      expect(page.frames()).toHaveLength(1);
      const charged = (await e2e.demo.api('GET', `/v1/checkout/sessions?customer=${customer}&status=complete&limit=100`)).body.checkout_sessions;
      const offSession = charged.filter((s: { mode: string }) => s.mode === 'off_session');
      expect(offSession).toHaveLength(1);
      expect(offSession[0]).toMatchObject({ amount_total: 12900, amount_received: 12900, payment_intent: expect.stringMatching(/^fpi_/) });

      // Buy again, skincare: no skincare letter, so Flex refuses and the page says so.
      await page.locator('[data-product="clear-skin-kit"]').getByRole('button').click();
      const refused = page.locator('#result[role="alert"]');
      await refused.waitFor();
      await expect(refused.textContent()).resolves.toContain('A LoMN is required for this visit type');
      const after = (await e2e.demo.api('GET', `/v1/payment_intents?customer=${customer}&limit=100`)).body.payment_intents;
      expect(after.filter((pi: { status: string }) => pi.status === 'succeeded')).toHaveLength(2);
      expect(page.frames()).toHaveLength(1);

      // 6. A second checkout for the same visit type: the letter covers it, no consultation.
      await payWithHsaFsa(page, 'personal-training');
      await fillDetails(page);
      await fillCard(page, CARDS.visa);
      expect(await stepsSeen(page)).toEqual(['details', 'payment']);
      await page.getByRole('button', { name: 'Pay $240.00' }).click();
      const secondOrder = await untilOrderConfirmed(page);
      expect(secondOrder).not.toBe(firstOrder);
      const consultations = (await e2e.demo.api('GET', `/v1/consultations?customer=${customer}&limit=100`)).body.consultations;
      expect(consultations).toHaveLength(1);

      // Nothing of the card or the answers reached the page's console.
      expect(console.join('\n')).not.toMatch(/4242\s?4242|date_of_birth/);
    },
  );

  it('consultation denied: the denial is shown and no payment intent exists', { timeout: 120_000 }, async (t) => {
    const { page } = await newShopper(e2e.browser, e2e.demo, t);
    const checkout = await payWithHsaFsa(page, 'strength-club', 'denied@example.com');
    await answerConsultation(page, e2e.demo, 'gym', 'denied');
    await untilHeading(page, 'We could not issue a letter');
    await page.locator('flex-checkout').getByText('Nothing has been charged').waitFor();
    expect(page.frames()).toHaveLength(1); // no payment form was ever shown
    const customer = await flexCustomerOf(page);
    const intents = (await e2e.demo.api('GET', `/v1/payment_intents?customer=${customer}`)).body.payment_intents;
    expect(intents).toEqual([]);
    const consultations = (await e2e.demo.api('GET', `/v1/consultations?customer=${customer}`)).body.consultations;
    expect(consultations.map((c: { status: string }) => c.status)).toEqual(['denied']);
    // The checkout, opened again, still shows the decision and offers the way back.
    await page.goto(checkout);
    await untilHeading(page, 'We could not issue a letter');
    await page.locator('flex-checkout').getByRole('link', { name: 'Back to the store' }).click();
    await page.waitForURL(/\/products\/strength-club$/);
  });
});
