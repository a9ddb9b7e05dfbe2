/// <reference types="@vitest/browser-playwright" />
import type { ConsultationAnswers, Questionnaire } from '@flex-checkout/protocol';
import { inject } from 'vitest';
import { questionnaireFor } from '../../../sandbox/src/consultations/questionnaires.js';
import { sampleAnswers } from '../../../sandbox/src/consultations/samples.js';
import { commands, page, userEvent } from 'vitest/browser';
import type { FlexCheckout } from '../../src/index.js';
import '../../src/define.js';

declare module 'vitest/browser' {
  interface BrowserCommands {
    sandboxCall: (method: string, path: string, body?: unknown, key?: string) => Promise<{ status: number; body: any }>;
    fillCard: (number: string, expiry?: string, cvc?: string, zip?: string) => Promise<void>;
    createHostedSession: (body: Record<string, unknown>) => Promise<{ checkout_session_id: string; client_secret: string }>;
    sessionView: (clientSecret: string, hosted?: boolean) => Promise<Record<string, unknown>>;
    payInHostedFrame: (number: string) => Promise<void>;
    payHostedInNewTab: (url: string, number: string) => Promise<void>;
    cardFrameText: () => Promise<{ lang: string | null; labels: string[]; expiryPlaceholder: string | null; errors: string[] }>;
    answerChallenge: (result: 'complete' | 'fail') => Promise<void>;
    blockRequests: (part: string) => Promise<void>;
    loseAnswers: (part: string, times: number) => Promise<void>;
    exhaustSessionCalls: (endpoint: string, clientSecret: string) => Promise<void>;
    restoreNetwork: () => Promise<void>;
    holdRequests: (suffix: string) => Promise<void>;
    heldRequestArrived: (suffix: string) => Promise<void>;
    releaseRequests: (suffix: string) => Promise<void>;
    emulateMedia: (media: { reducedMotion?: 'reduce' | 'no-preference' | null; colorScheme?: 'light' | 'dark' | null }) => Promise<void>;
  }
}

export const CARDS = {
  visa: '4242424242424242',
  insufficientFunds: '4000000000009995',
  threeDSecure: '4000002500003155',
};

/** A sandbox API answer that must have succeeded. */
async function must(method: string, path: string, body?: unknown, key?: string): Promise<any> {
  const answer = await commands.sandboxCall(method, path, body, key);
  if (answer.status !== 200) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** The sandbox's current date (its clock may have been moved). */
export async function sandboxToday(): Promise<Date> {
  return new Date((await must('GET', '/v1/test_helpers/clock')).test_clock.now * 1000);
}

/** The merchant backend's part: a product and price in the sandbox. */
export async function createPrice(product: Record<string, unknown>, price: Record<string, unknown> = {}) {
  const p = await commands.sandboxCall('POST', '/v1/products', {
    product: { name: 'Strength Club — 10 classes', hsa_fsa_eligibility: 'letter_of_medical_necessity', visit_type: 'gym', ...product },
  });
  const pr = await commands.sandboxCall('POST', '/v1/prices', { price: { product: p.body.product.product_id, unit_amount: 4999, ...price } });
  return pr.body.price.price_id as string;
}

/** A product that needs no consultation (auto-substantiated), so a test goes straight to paying. */
export const noLetterPrice = (amount = 2400) =>
  createPrice({ visit_type: null, hsa_fsa_eligibility: 'auto_substantiation', name: 'Mineral sunscreen' }, { unit_amount: amount });

export interface TestSession {
  checkout_session_id: string;
  client_secret: string;
  customer: string | null;
}

export async function createSession(body: Record<string, unknown>): Promise<TestSession> {
  return (await must('POST', '/v1/checkout/sessions', { checkout_session: body })).checkout_session;
}

/**
 * A whole checkout done through the API, without the element (consultation approved,
 * details, card 4242): how a test gives a customer a letter and a saved card.
 */
export async function checkoutByApi(price: string, visitType: string, email: string): Promise<{ customer: string; paymentMethod: string }> {
  const session = await createSession({ line_items: [{ price }], setup_future_use: 'off_session' });
  const base = `/v1/client/checkout_sessions/${session.checkout_session_id}`;
  const key = session.client_secret;
  await must('POST', `${base}/consultation`, { answers: sampleAnswers(visitType as never, 'approved', await sandboxToday()) }, key);
  await must('POST', `${base}/customer_details`, { email, first_name: 'Rita', last_name: 'Returning' }, key);
  const token = await must(
    'POST',
    '/v1/confirmation_tokens',
    {
      payment_method_data: { card: { number: CARDS.visa, exp_month: 12, exp_year: 2034, cvc: '123' }, billing_details: { address: { postal_code: '10001' } } },
    },
    'fpk_test_sandbox',
  );
  await must('POST', `${base}/confirm`, { confirmation_token: token.confirmation_token.confirmation_token_id }, key);
  const done = (await must('GET', `/v1/checkout/sessions/${session.checkout_session_id}`)).checkout_session;
  const methods = await must('GET', `/v1/payment_methods?customer=${done.customer}`);
  return { customer: done.customer, paymentMethod: methods.payment_methods[0].payment_method_id };
}

/** Every payment intent the sandbox holds for a session. */
export async function paymentIntentsOf(sessionId: string): Promise<any[]> {
  return (await must('GET', `/v1/payment_intents?checkout_session=${sessionId}&limit=100`)).payment_intents;
}

/** `<flex-checkout>` in the page, pointed at the test's companion server. */
export function mount(clientSecret: string, attributes: Record<string, string> = {}): FlexCheckout {
  const el = document.createElement('flex-checkout');
  el.setAttribute('endpoint', `${inject('flexServer')}/flex`);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  el.setAttribute('client-secret', clientSecret);
  el.style.maxWidth = '760px';
  document.body.append(el);
  return el;
}

/** Every event the element fired, in order. */
export function record(el: HTMLElement) {
  const events: CustomEvent[] = [];
  for (const type of ['flex-ready', 'flex-step-change', 'flex-consultation-complete', 'flex-complete', 'flex-cancel', 'flex-expired', 'flex-error']) {
    el.addEventListener(type, (e) => events.push(e as CustomEvent));
  }
  return events;
}

export function nextEvent(el: HTMLElement, type: string, timeout = 15_000): Promise<CustomEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} within ${timeout} ms`)), timeout);
    el.addEventListener(type, (e) => (clearTimeout(timer), resolve(e as CustomEvent)), { once: true });
  });
}

/** Waits until the element shows a step. */
export async function untilStep(el: FlexCheckout, step: string, timeout = 15_000): Promise<void> {
  const started = Date.now();
  const current = () => (el as unknown as { checkout: { state: { step: string } } }).checkout.state.step;
  while (current() !== step) {
    if (Date.now() - started > timeout) {
      // What the shopper sees says why (a refused card, a field left empty), when anything does.
      const alert = el.shadowRoot?.querySelector('[role=alert]')?.textContent?.trim();
      throw new Error(`still on ${current()}, not ${step}${alert ? ` (the alert says: ${alert})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  await el.updateComplete;
}

/** The element's heading for the step on screen. */
export const heading = (el: FlexCheckout) => el.shadowRoot!.querySelector('[data-heading]')?.textContent?.trim();

/** Answers the questionnaire through the form, as a shopper: clicks, typing, choosing. */
export async function answerQuestionnaire(
  el: FlexCheckout,
  questionnaire: Questionnaire,
  answers: ConsultationAnswers,
  words: { yes: string; no: string } = { yes: 'Yes', no: 'No' },
) {
  for (const question of questionnaire.questions) {
    const value = answers[question.id];
    if (value === undefined) continue;
    await el.updateComplete;
    if (question.kind === 'multiple_choice' || question.kind === 'single_choice') {
      const group = page.getByRole('group', { name: question.label });
      for (const v of Array.isArray(value) ? value : [value]) {
        const label = question.options!.find((o) => o.value === v)!.label;
        await userEvent.click(group.getByLabelText(label, { exact: true }));
      }
    } else if (question.kind === 'yes_no') {
      await userEvent.click(page.getByRole('group', { name: question.label }).getByLabelText(value ? words.yes : words.no, { exact: true }));
    } else if (question.kind === 'us_state') {
      await userEvent.selectOptions(page.getByLabelText(question.label), String(value));
    } else if (question.kind === 'date') {
      // Three fields in a group named by the question: month, day, year.
      const [year, month, day] = String(value).split('-') as [string, string, string];
      const group = page.getByRole('group', { name: question.label });
      await userEvent.fill(group.getByLabelText('Month', { exact: true }), month);
      await userEvent.fill(group.getByLabelText('Day', { exact: true }), day);
      await userEvent.fill(group.getByLabelText('Year', { exact: true }), year);
    } else {
      await userEvent.fill(page.getByLabelText(question.label), String(value));
    }
  }
}

export async function fillDetails(email = 'shopper@example.com') {
  await userEvent.fill(page.getByLabelText('Email'), email);
  await userEvent.fill(page.getByLabelText('First name'), 'Sam');
  await userEvent.fill(page.getByLabelText('Last name'), 'Shopper');
}

export const click = (name: string) => userEvent.click(page.getByRole('button', { name, exact: true }));

/** The consultation as a shopper answers it, through the form, to the decision step. */
export async function consult(el: FlexCheckout, visitType: string, outcome: 'approved' | 'denied' | 'pending') {
  await untilStep(el, 'consultation');
  await answerQuestionnaire(el, questionnaireFor(visitType as never), sampleAnswers(visitType as never, outcome, await sandboxToday()));
  await click('Continue');
  await untilStep(el, 'decision');
}

/** From a fresh element to the payment step: the consultation (when one is asked), then details. */
export async function toPayment(el: FlexCheckout, visitType: string | null, email = 'shopper@example.com') {
  await untilStep(el, visitType ? 'consultation' : 'details');
  if (visitType) {
    await consult(el, visitType, 'approved');
    await click('Continue');
    await untilStep(el, 'details');
  }
  await fillDetails(email);
  await click('Continue');
  await untilStep(el, 'payment');
}

/** Types a card and presses the button that pays, as a shopper does. */
export async function payWith(card: string, button: string) {
  await commands.fillCard(card);
  await click(button);
}

/** The main button of the step on screen (Pay, Subscribe, Save card, Continue). */
export const primaryButton = (el: FlexCheckout) => el.shadowRoot!.querySelector<HTMLButtonElement>('button.primary')!;

/**
 * Waits for a condition on the page, polling. `state`, when given, says what the page held
 * instead, in the timeout's message (a failure that happens once in many runs is read there).
 */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeout = 15_000, state?: () => string): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeout) throw new Error(`timed out waiting for ${what}${state ? `; instead: ${state()}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
