import { afterEach, describe, expect, inject, it } from 'vitest';
import { commands, page, userEvent } from 'vitest/browser';
import {
  CARDS,
  click,
  createSession,
  fillDetails,
  mount,
  noLetterPrice,
  paymentIntentsOf,
  payWith,
  primaryButton,
  toPayment,
  until,
  untilStep,
} from './support/shopper.js';
import { expectNoAxeViolations } from './support/axe.js';

/**
 * What the session costs, as the shopper sees it and as they pay it: discounts, shipping and
 * tax in the summary (each the upstream's number), the shipping address in the details step,
 * a promo code in the summary, and a manual-capture payment said to be held, not paid. In-page
 * and hosted, English and Spanish, against the real companion servers and sandbox.
 */
afterEach(() => document.body.replaceChildren());

async function api(method: string, path: string, body?: unknown): Promise<any> {
  const answer = await commands.sandboxCall(method, path, body);
  if (answer.status !== 200) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}
const coupon = async (fields: Record<string, unknown>) => (await api('POST', '/v1/coupons', { coupon: fields })).coupon.coupon_id as string;
const shippingRate = async (display_name: string, amount: number) =>
  (await api('POST', '/v1/shipping_rates', { shipping_rate: { display_name, amount } })).shipping_rate.shipping_rate_id as string;
const sessionById = async (id: string) => (await api('GET', `/v1/checkout/sessions/${id}`)).checkout_session;

/** The summary's rows as the shopper reads them: label and amount. */
const summaryRows = (el: HTMLElement) =>
  [...el.shadowRoot!.querySelectorAll('.summary .row')].map((row) => [...row.children].map((c) => c.textContent.replace(/\s+/g, ' ').trim()));

describe('<flex-checkout> prices: discounts, shipping, tax, the address and promo codes', () => {
  it('in-page: a coupon, a shipping rate and the merchant’s tax are each a line of the summary, and the total is what is charged', async () => {
    const price = await noLetterPrice(4000);
    const session = await createSession({
      line_items: [{ price }],
      discounts: [{ coupon: await coupon({ percent_off: 25, name: 'Spring sale' }) }],
      shipping_rate_id: await shippingRate('Standard', 500),
      tax_rate: { amount: 280, display_name: 'Sales tax' },
    });
    const el = mount(session.client_secret);
    await untilStep(el, 'details');
    expect(summaryRows(el)).toEqual([
      ['Subtotal', '$40.00'],
      ['Discount (Spring sale)', '−$10.00'],
      ['Shipping (Standard)', '$5.00'],
      ['Sales tax', '$2.80'],
      ['Total', '$37.80'],
    ]);
    await fillDetails();
    await click('Continue');
    await untilStep(el, 'payment');
    await payWith(CARDS.visa, 'Pay $37.80');
    await untilStep(el, 'complete');
    expect(el.shadowRoot!.textContent).toContain('$37.80 paid with Visa ending in 4242.');
    const intents = await paymentIntentsOf(session.checkout_session_id);
    expect(intents.map((i) => [i.status, i.amount_received])).toEqual([['succeeded', 3780]]);
  });

  it('in-page: the address step asks for the shipping address in the countries the session ships to, and keeps it upstream', async () => {
    const session = await createSession({
      line_items: [{ price: await noLetterPrice(2400) }],
      shipping_address_collection: { allowed_countries: ['US', 'CA'] },
      shipping_rate_id: await shippingRate('Ground', 700),
    });
    const el = mount(session.client_secret);
    await untilStep(el, 'details');
    const address = page.getByRole('group', { name: 'Shipping address' });
    await expect.element(address).toBeVisible();
    const countries = [...el.shadowRoot!.querySelectorAll<HTMLOptionElement>('#d-country option')].map((o) => [o.value, o.textContent]);
    expect(countries).toEqual([
      ['CA', 'Canada'],
      ['US', 'United States'],
    ]);
    expect(el.shadowRoot!.querySelector<HTMLSelectElement>('#d-country')!.value).toBe('US');

    // Without the address: each field it needs says so, and nothing is sent.
    await fillDetails();
    await click('Continue');
    await until('the address errors', () => el.shadowRoot!.querySelectorAll('.address .field-error').length === 4);
    expect([...el.shadowRoot!.querySelectorAll('.address .field-error')].map((e) => e.textContent)).toEqual(Array(4).fill('Fill in this field.'));
    expect((await sessionById(session.checkout_session_id)).shipping_details).toBeNull();
    await expectNoAxeViolations('the address step with errors');

    await userEvent.fill(page.getByLabelText('Address', { exact: true }), '1 Main St');
    await userEvent.fill(page.getByLabelText('City'), 'Springfield');
    await userEvent.fill(page.getByLabelText('State, province or region'), 'IL');
    await userEvent.fill(page.getByLabelText('ZIP or postal code'), '62701');
    await click('Continue');
    await untilStep(el, 'payment');
    expect(primaryButton(el).textContent).toContain('Pay $31.00');
    expect((await sessionById(session.checkout_session_id)).shipping_details).toMatchObject({
      line1: '1 Main St',
      city: 'Springfield',
      state: 'IL',
      postal_code: '62701',
      country: 'US',
    });
    await payWith(CARDS.visa, 'Pay $31.00');
    await untilStep(el, 'complete');
    expect((await paymentIntentsOf(session.checkout_session_id)).map((i) => i.amount_received)).toEqual([3100]);
  });

  it('in-page: a promo code typed in the summary: a wrong one says so, a right one lowers the total and the charge, and it can be removed', async () => {
    const code = `SAVE${Date.now().toString(36).toUpperCase()}`;
    await api('POST', '/v1/promo_codes', { promo_code: { coupon_id: await coupon({ amount_off: 500 }), code } });
    const session = await createSession({ line_items: [{ price: await noLetterPrice(3000) }], allow_promotion_codes: true });
    const el = mount(session.client_secret);
    await toPayment(el, null);
    expect(primaryButton(el).textContent).toContain('Pay $30.00');

    await userEvent.fill(page.getByLabelText('Promo code'), 'NOPE');
    await click('Apply');
    await until('the code refused', () => el.shadowRoot!.querySelector('#promo-error')?.textContent === 'This code can’t be used for this order.');
    expect(el.shadowRoot!.querySelector('#promo-code')!.getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations('a promo code refused');

    await userEvent.fill(page.getByLabelText('Promo code'), code.toLowerCase());
    await click('Apply');
    await until('the code applied', () => el.shadowRoot!.textContent.includes(`Code ${code} applied`));
    expect(summaryRows(el)).toContainEqual([`Discount (${code})`, '−$5.00']);
    expect(summaryRows(el)).toContainEqual(['Total', '$25.00']);
    await until('the button follows', () => primaryButton(el).textContent.includes('Pay $25.00'));
    await expectNoAxeViolations('a promo code applied');

    await click(`Remove code ${code}`);
    await until('the total back', () => primaryButton(el).textContent.includes('Pay $30.00'));
    expect(summaryRows(el).some(([label]) => label!.startsWith('Discount'))).toBe(false);

    await userEvent.fill(page.getByLabelText('Promo code'), code);
    await click('Apply');
    await until('the button follows', () => primaryButton(el).textContent.includes('Pay $25.00'));
    await payWith(CARDS.visa, 'Pay $25.00');
    await untilStep(el, 'complete');
    expect((await paymentIntentsOf(session.checkout_session_id)).map((i) => i.amount_received)).toEqual([2500]);
  });

  it('in Spanish: the summary’s lines and the address step', async () => {
    const session = await createSession({
      line_items: [{ price: await noLetterPrice(4000) }],
      discounts: [{ coupon: await coupon({ percent_off: 10 }) }],
      shipping_rate_id: await shippingRate('Estándar', 500),
      tax_rate: 300,
      shipping_address_collection: true,
    });
    const el = mount(session.client_secret, { locale: 'es' });
    await untilStep(el, 'details');
    expect(summaryRows(el)).toEqual([
      ['Subtotal', '$40.00'],
      ['Descuento', '−$4.00'],
      ['Envío (Estándar)', '$5.00'],
      ['Impuestos', '$3.00'],
      ['Total', '$44.00'],
    ]);
    await expect.element(page.getByRole('group', { name: 'Dirección de envío' })).toBeVisible();
    expect(el.shadowRoot!.querySelector('label[for="d-postal_code"]')!.textContent).toBe('Código postal');
    // Ships anywhere: every country, named in Spanish, United States first chosen.
    const select = el.shadowRoot!.querySelector<HTMLSelectElement>('#d-country')!;
    expect(select.options.length).toBeGreaterThan(200);
    expect(select.selectedOptions[0]!.textContent).toBe('Estados Unidos');
    // Left empty, a field says to fill it in (not to answer a question: these are not questions).
    await click('Continuar');
    await until('the errors', () => !!el.shadowRoot!.getElementById('d-line1-error'));
    for (const field of ['first_name', 'last_name', 'line1', 'city', 'state', 'postal_code']) {
      expect(el.shadowRoot!.getElementById(`d-${field}-error`)?.textContent, field).toBe('Complete este campo.');
    }
  });

  it('a manual-capture session: the card is held, and the shopper is told so, not that it was paid', async () => {
    const session = await createSession({ line_items: [{ price: await noLetterPrice(5200) }], capture_method: 'manual' });
    const el = mount(session.client_secret);
    await toPayment(el, null);
    await payWith(CARDS.visa, 'Pay $52.00');
    await untilStep(el, 'complete');
    expect(el.shadowRoot!.textContent).toContain('$52.00 is held on your Visa ending in 4242. The store charges it when your order is ready.');
    expect(el.shadowRoot!.textContent).not.toContain('paid with');
    expect((await paymentIntentsOf(session.checkout_session_id)).map((i) => [i.status, i.amount_received])).toEqual([['requires_capture', 0]]);
  });

  it('hosted: the summary beside the hosted page shows the discount, shipping and tax Flex priced', async () => {
    const session = await commands.createHostedSession({
      line_items: [{ price: await noLetterPrice(4000), quantity: 1 }],
      discounts: [{ coupon: await coupon({ percent_off: 25, name: 'Spring sale' }) }],
      shipping_rate_id: await shippingRate('Standard', 500),
      tax_rate: { amount: 280, display_name: 'Sales tax' },
    });
    const el = mount(session.client_secret, { endpoint: `${inject('flexHostedServer')}/flex` });
    await untilStep(el, 'hosted');
    expect(summaryRows(el)).toEqual([
      ['Subtotal', '$40.00'],
      ['Discount (Spring sale)', '−$10.00'],
      ['Shipping (Standard)', '$5.00'],
      ['Sales tax', '$2.80'],
      ['Total', '$37.80'],
    ]);
    // No promo code field: on the hosted page, the hosted page takes codes itself.
    expect(el.shadowRoot!.querySelector('#promo-code')).toBeNull();
  });
});
