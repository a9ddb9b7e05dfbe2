import { afterEach, describe, expect, it } from 'vitest';
import { commands, page, userEvent } from 'vitest/browser';
import { CARDS, createPrice, createSession, mount, noLetterPrice, payWith, primaryButton, toPayment, untilStep } from './support/shopper.js';

afterEach(() => {
  document.body.replaceChildren();
});

const sha256 = async (text: string) =>
  [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))].map((b) => b.toString(16).padStart(2, '0')).join('');

/**
 * Review finding 14 (issue 15): the payment step said the card "will be saved and charged for
 * future purchases as agreed", but nothing was agreed. Now the stored-credential terms stand
 * above the button, naming the merchant (`merchant-name`), with its terms (`terms-url`), and
 * the saved card records that they were shown.
 */
describe('finding 14: saving a card asks consent in words that name the merchant, and the card records it', () => {
  it('the terms name the merchant, link its terms, stand before the button, and are recorded on the saved card', async () => {
    const session = await createSession({ line_items: [{ price: await noLetterPrice() }], setup_future_use: 'off_session' });
    const el = mount(session.client_secret, { 'merchant-name': 'Juniper Wellness', 'terms-url': 'https://juniper.example/terms' });
    await toPayment(el, null);
    const terms = el.shadowRoot!.querySelector<HTMLElement>('#terms')!;
    const words =
      'By paying, you allow Juniper Wellness to keep this card and charge it later for purchases you ask for, at the price shown when you order. You can withdraw this at any time by asking Juniper Wellness to remove the card.';
    const text = [...terms.childNodes]
      .filter((n) => n.nodeType === Node.TEXT_NODE)
      .map((n) => n.textContent)
      .join('')
      .trim();
    expect(text).toBe(words);
    expect(terms.textContent).toBe(`${words} Read the terms of Juniper Wellness`);
    const link = terms.querySelector('a')!;
    expect([link.textContent, link.getAttribute('href'), link.target]).toEqual([
      'Read the terms of Juniper Wellness',
      'https://juniper.example/terms',
      '_blank',
    ]);
    // Before the button, and the button points at them.
    expect(terms.compareDocumentPosition(primaryButton(el)) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(primaryButton(el).getAttribute('aria-describedby')).toBe('terms');
    expect(el.shadowRoot!.textContent).not.toContain('as agreed');

    await payWith(CARDS.visa, 'Pay $24.00');
    await untilStep(el, 'complete');
    const done = (await commands.sandboxCall('GET', `/v1/checkout/sessions/${session.checkout_session_id}`)).body.checkout_session;
    const card = (await commands.sandboxCall('GET', `/v1/payment_methods/${done.payment_method}`)).body.payment_method;
    expect(card.metadata).toEqual({
      consent_shown_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      consent_terms_sha256: await sha256(words),
      consent_terms_version: 'element-1',
      consent_merchant_name: 'Juniper Wellness',
      consent_terms_url: 'https://juniper.example/terms',
      consent_locale: 'en',
    });
  });

  it('a subscription in Spanish: who, how much at each renewal, how to cancel; without a name, "esta tienda"', async () => {
    const monthly = await createPrice(
      { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation', name: 'Caja mensual' },
      { unit_amount: 2500, recurring: { interval: 'monthly' } },
    );
    const session = await createSession({ mode: 'subscription', line_items: [{ price: monthly }] });
    const el = mount(session.client_secret, { locale: 'es', 'terms-url': 'javascript:alert(1)' });
    await untilStep(el, 'details');
    await userEvent.fill(page.getByLabelText('Correo electrónico'), 'suscrita@example.com');
    await userEvent.fill(page.getByLabelText('Nombre'), 'Sara');
    await userEvent.fill(page.getByLabelText('Apellido'), 'Suscrita');
    await userEvent.click(page.getByRole('button', { name: 'Continuar' }));
    await untilStep(el, 'payment');
    const terms = el.shadowRoot!.querySelector<HTMLElement>('#terms')!;
    expect(terms.textContent).toBe(
      'Al suscribirse, autoriza a esta tienda a guardar esta tarjeta y cobrarle $25.00 / mes en cada renovación, hasta que cancele. Puede cancelar en cualquier momento pidiéndoselo a esta tienda; después no se cobrará nada más.',
    );
    // Only a web page is linked as the terms.
    expect(terms.querySelector('a')).toBeNull();
  });

  it('a card that is not kept: no terms to agree to', async () => {
    const session = await createSession({ line_items: [{ price: await noLetterPrice() }] });
    const el = mount(session.client_secret, { 'merchant-name': 'Juniper Wellness' });
    await toPayment(el, null);
    expect(el.shadowRoot!.querySelector('#terms')).toBeNull();
  });
});
