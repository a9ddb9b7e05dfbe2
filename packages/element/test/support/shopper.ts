/// <reference types="@vitest/browser-playwright" />
import type { ConsultationAnswers, Questionnaire } from '@flex-checkout/protocol';
import { inject } from 'vitest';
import { commands, page, userEvent } from 'vitest/browser';
import type { FlexCheckout } from '../../src/index.js';
import '../../src/define.js';

declare module 'vitest/browser' {
  interface BrowserCommands {
    sandboxCall: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;
    fillCard: (number: string, expiry?: string, cvc?: string, zip?: string) => Promise<void>;
    answerChallenge: (result: 'complete' | 'fail') => Promise<void>;
  }
}

export const CARDS = {
  visa: '4242424242424242',
  insufficientFunds: '4000000000009995',
  threeDSecure: '4000002500003155',
};

/** The merchant backend's part: a product and price in the sandbox. */
export async function createPrice(product: Record<string, unknown>, price: Record<string, unknown> = {}) {
  const p = await commands.sandboxCall('POST', '/v1/products', {
    product: { name: 'Strength Club — 10 classes', hsa_fsa_eligibility: 'letter_of_medical_necessity', visit_type: 'gym', ...product },
  });
  const pr = await commands.sandboxCall('POST', '/v1/prices', { price: { product: p.body.product.product_id, unit_amount: 4999, ...price } });
  return pr.body.price.price_id as string;
}

export async function createSession(body: Record<string, unknown>) {
  const answer = await commands.sandboxCall('POST', '/v1/checkout/sessions', { checkout_session: body });
  if (answer.status !== 200) throw new Error(JSON.stringify(answer.body));
  return answer.body.checkout_session as { checkout_session_id: string; client_secret: string; customer: string | null };
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
  while ((el as unknown as { checkout: { state: { step: string } } }).checkout.state.step !== step) {
    if (Date.now() - started > timeout) {
      throw new Error(`still on ${(el as unknown as { checkout: { state: { step: string } } }).checkout.state.step}, not ${step}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  await el.updateComplete;
}

/** The element's heading for the step on screen. */
export const heading = (el: FlexCheckout) => el.shadowRoot!.querySelector('[data-heading]')?.textContent?.trim();

/** Answers the questionnaire through the form, as a shopper: clicks, typing, choosing. */
export async function answerQuestionnaire(el: FlexCheckout, questionnaire: Questionnaire, answers: ConsultationAnswers) {
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
      await userEvent.click(page.getByRole('group', { name: question.label }).getByLabelText(value ? 'Yes' : 'No', { exact: true }));
    } else if (question.kind === 'us_state') {
      await userEvent.selectOptions(page.getByLabelText(question.label), String(value));
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
