import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import type { TestContext } from 'vitest';
import type { ConsultationStatus, VisitType } from '@flex-checkout/protocol';
import { questionnaireFor } from '../../../packages/sandbox/src/consultations/questionnaires.js';
import { sampleAnswers } from '../../../packages/sandbox/src/consultations/samples.js';
import type { RunningDemo } from './demo.js';

const RESULTS = fileURLToPath(new URL('../../../test-results/e2e/', import.meta.url));

/** Test cards, typed as a shopper types them. */
export const CARDS = {
  visa: '4242424242424242',
  insufficientFunds: '4000000000009995',
  threeDSecure: '4000002500003155',
} as const;

export interface Shopper {
  page: Page;
  context: BrowserContext;
  /** Every console line and page error, in order. */
  console: string[];
}

/**
 * A shopper: a fresh browser context (its own cookies) on the demo. When the test fails,
 * a screenshot of the page and its console are kept under test-results/e2e/.
 */
export async function newShopper(browser: Browser, demo: RunningDemo, t: TestContext, viewport = { width: 1100, height: 900 }): Promise<Shopper> {
  const context = await browser.newContext({ viewport, baseURL: demo.url });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000); // Playwright's message comes before the test's own timeout
  const lines: string[] = [];
  page.on('console', (m) => lines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => lines.push(`[pageerror] ${e.message}`));
  page.on('response', (r) => r.status() >= 400 && lines.push(`[http ${r.status()}] ${r.request().method()} ${r.url()}`));
  t.onTestFinished(async ({ task }) => {
    if (task.result?.state === 'fail') {
      const dir = join(RESULTS, task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 80));
      mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: join(dir, 'page.png'), fullPage: true }).catch((e: Error) => lines.push(`[screenshot failed] ${e.message}`));
      writeFileSync(join(dir, 'console.txt'), `${page.url()}\n\n${lines.join('\n')}\n`);
      writeFileSync(join(dir, 'server.txt'), demo.output());
    }
    await context.close();
  });
  return { page, context, console: lines };
}

/** The heading of the element's current step (in its shadow root). */
export const elementHeading = (page: Page) => page.locator('flex-checkout [data-heading]');

/** Waits until the element shows the step with this heading. */
export async function untilHeading(page: Page, text: string): Promise<void> {
  await page.locator('flex-checkout [data-heading]', { hasText: text }).waitFor({ state: 'visible' });
}

/** From a product page: "Pay with HSA/FSA", signing in with `email` when asked. Resolves on the checkout page. */
export async function payWithHsaFsa(page: Page, productKey: string, email?: string): Promise<string> {
  await page.goto(`/products/${productKey}`);
  if (email && (await page.getByLabel('Email').count()) > 0) await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: /with HSA\/FSA|Pay by card/ }).click();
  await page.waitForURL(/\/checkout\/ord_/);
  return page.url();
}

/** The sandbox's clock, as the consultation rules read the date of birth against it. */
export async function sandboxToday(api: (method: 'GET', path: string) => Promise<{ body: any }>): Promise<Date> {
  const clock = await api('GET', '/v1/test_helpers/clock');
  return new Date(clock.body.test_clock.now * 1000);
}

/** Answers the questionnaire through the form, as a shopper: clicks, typing, choosing. */
export async function answerConsultation(page: Page, demo: RunningDemo, visitType: VisitType, outcome: ConsultationStatus): Promise<void> {
  await untilHeading(page, 'A few health questions');
  await answerQuestions(page, visitType, outcome, await sandboxToday(demo.api));
}

/**
 * Fills in a visit type's questionnaire wherever it is shown (the element, or the hosted
 * page in its frame), with answers the sandbox decides as `outcome`, and continues.
 */
export async function answerQuestions(scope: Page | FrameLocator, visitType: VisitType, outcome: ConsultationStatus, today: Date): Promise<void> {
  const questionnaire = questionnaireFor(visitType);
  const answers = sampleAnswers(visitType, outcome, today);
  for (const question of questionnaire.questions) {
    const value = answers[question.id];
    if (value === undefined) continue;
    if (question.kind === 'multiple_choice' || question.kind === 'single_choice') {
      const group = scope.getByRole('group', { name: question.label, exact: true });
      for (const v of Array.isArray(value) ? value : [value]) {
        const label = question.options!.find((o) => o.value === v)!.label;
        await group.getByLabel(label, { exact: true }).check();
      }
    } else if (question.kind === 'yes_no') {
      await scope
        .getByRole('group', { name: question.label, exact: true })
        .getByLabel(value ? 'Yes' : 'No', { exact: true })
        .check();
    } else if (question.kind === 'us_state') {
      await scope.getByLabel(question.label, { exact: true }).selectOption(String(value));
    } else if (question.kind === 'date') {
      // The element asks a date as three fields (month, day, year) in a group; the hosted page, one date input.
      const group = scope.getByRole('group', { name: question.label, exact: true });
      if ((await group.count()) > 0) {
        const [year, month, day] = String(value).split('-') as [string, string, string];
        await group.getByLabel('Month', { exact: true }).fill(month);
        await group.getByLabel('Day', { exact: true }).fill(day);
        await group.getByLabel('Year', { exact: true }).fill(year);
      } else {
        await scope.getByLabel(question.label, { exact: true }).fill(String(value));
      }
    } else {
      await scope.getByLabel(question.label, { exact: true }).fill(String(value));
    }
  }
  await scope.getByRole('button', { name: 'Continue' }).click();
}

/**
 * The hosted page's payment form (Flex's, or the sandbox's at `redirect_url`), filled in as a
 * shopper types it, wherever it is shown: in the element's frame, in this window, in a tab of
 * its own. The caller submits it (how differs: a click, or Enter where pointer hit-testing
 * across frames is off).
 */
export async function fillHostedPayment(
  scope: Page | FrameLocator,
  card: string,
  shopper: { email: string; firstName: string; lastName: string } = { email: 'sam@example.com', firstName: 'Sam', lastName: 'Shopper' },
): Promise<void> {
  await scope.getByLabel('Email').fill(shopper.email);
  await scope.getByLabel('First name').fill(shopper.firstName);
  await scope.getByLabel('Last name').fill(shopper.lastName);
  await scope.getByLabel('Card number').fill(card);
  await scope.getByLabel('Expiry').fill('12 / 34');
  await scope.getByLabel('Security code').fill('123');
  await scope.getByLabel('Billing ZIP code').fill('10001');
}

/**
 * The details step: the email comes prefilled from the store's customer. Goods the store posts
 * ask for a shipping address too (the United States is chosen already).
 */
export async function fillDetails(page: Page): Promise<void> {
  await untilHeading(page, 'Your details');
  await page.getByLabel('First name').fill('Sam');
  await page.getByLabel('Last name').fill('Shopper');
  if (await page.getByRole('group', { name: 'Shipping address' }).isVisible()) {
    await page.getByLabel('Address', { exact: true }).fill('1 Main St');
    await page.getByLabel('City').fill('New York');
    await page.getByLabel('State, province or region').fill('NY');
    await page.getByLabel('ZIP or postal code').fill('10001');
  }
  await page.getByRole('button', { name: 'Continue' }).click();
}

/** Types a card into the payment frame (the sandbox's, standing in for Stripe's). */
export async function fillCard(page: Page, number: string): Promise<void> {
  await untilHeading(page, 'Payment');
  const frame = page.frameLocator('iframe[title="Secure payment input frame"]');
  await frame.getByLabel('Card number').fill(number);
  await frame.getByLabel('Expiration date').fill('12 / 34');
  await frame.getByLabel('Security code').fill('123');
  await frame.getByLabel('ZIP code').fill('10001');
}

/** Answers the 3-D Secure test challenge. */
export async function answerChallenge(page: Page, result: 'complete' | 'fail'): Promise<void> {
  const frame = page.frameLocator('iframe[title="3D Secure authentication"]');
  const button = frame.getByRole('button', { name: result === 'complete' ? 'Complete authentication' : 'Fail authentication' });
  // The buttons are enabled once the challenge has its intent; Playwright's click waits for that.
  await button.click();
}

/** Lands on the store's success page and waits for the store's record to say paid. */
export async function untilOrderConfirmed(page: Page): Promise<string> {
  await page.waitForURL(/\/orders\/ord_/);
  await page.getByRole('heading', { name: 'Thank you — your order is confirmed' }).waitFor();
  return /\/orders\/(ord_[\w-]+)/.exec(page.url())![1]!;
}
