/// <reference types="@vitest/browser-playwright" />
import { commands, page, userEvent } from 'vitest/browser';
import { expect, inject } from 'vitest';

declare module 'vitest/browser' {
  interface BrowserCommands {
    embedApi: (method: string, path: string, body?: unknown) => Promise<any>;
    embedFillCard: (number: string) => Promise<void>;
  }
}

/** The test's companion server: what `endpoint` points at. */
export const endpoint = () => `${inject('embedServer')}/flex`;

/** A fresh session for an HSA/FSA product that needs no consultation ($24.00): details, then payment. */
export async function newSession(): Promise<{ id: string; secret: string }> {
  const product = await commands.embedApi('POST', '/v1/products', {
    product: { name: 'Mineral sunscreen SPF 50', hsa_fsa_eligibility: 'auto_substantiation' },
  });
  const price = await commands.embedApi('POST', '/v1/prices', { price: { product: product.product.product_id, unit_amount: 2400 } });
  const session = await commands.embedApi('POST', '/v1/checkout/sessions', { checkout_session: { line_items: [{ price: price.price.price_id }] } });
  return { id: session.checkout_session.checkout_session_id, secret: session.checkout_session.client_secret };
}

/** Waits for something the shopper sees, by role and name (locators pierce the shadow root). */
export async function sees(role: 'heading' | 'button', name: string, timeout = 15_000): Promise<void> {
  await expect.element(page.getByRole(role, { name, exact: true }), { timeout }).toBeVisible();
}

export const ENGLISH = { email: 'Email', first: 'First name', last: 'Last name', next: 'Continue', pay: 'Pay $24.00' };

/** The details step as a shopper fills it, until the payment step shows its Pay button. */
export async function toPayment(words = ENGLISH) {
  await userEvent.fill(page.getByLabelText(words.email), 'sam@example.com');
  await userEvent.fill(page.getByLabelText(words.first, { exact: true }), 'Sam');
  await userEvent.fill(page.getByLabelText(words.last, { exact: true }), 'Shopper');
  await userEvent.click(page.getByRole('button', { name: words.next, exact: true }));
  await sees('button', words.pay);
}

/** Details, then the card (typed into the sandbox's frame), then Pay: a whole checkout. */
export async function payWithCard(words = ENGLISH) {
  await toPayment(words);
  await commands.embedFillCard('4242424242424242');
  await userEvent.click(page.getByRole('button', { name: words.pay, exact: true }));
}

/** Counts the listeners added for `flex-*` events on each <flex-checkout>: duplicates show up here. */
export function countFlexListeners(): () => Map<Element, number> {
  const counts = new Map<Element, number>();
  // The prototype's own functions, called below with each target as `this`.
  const original = (name: 'addEventListener' | 'removeEventListener') =>
    Object.getOwnPropertyDescriptor(EventTarget.prototype, name)!.value as (this: EventTarget, type: string, ...rest: unknown[]) => void;
  const add = original('addEventListener');
  const remove = original('removeEventListener');
  EventTarget.prototype.addEventListener = function (this: EventTarget, type: string, ...rest: unknown[]) {
    if (this instanceof Element && this.localName === 'flex-checkout' && type.startsWith('flex-')) counts.set(this, (counts.get(this) ?? 0) + 1);
    add.call(this, type, ...rest);
  };
  EventTarget.prototype.removeEventListener = function (this: EventTarget, type: string, ...rest: unknown[]) {
    if (this instanceof Element && this.localName === 'flex-checkout' && type.startsWith('flex-')) counts.set(this, (counts.get(this) ?? 0) - 1);
    remove.call(this, type, ...rest);
  };
  return () => counts;
}
