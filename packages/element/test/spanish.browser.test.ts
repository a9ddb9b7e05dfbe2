import { afterEach, describe, expect, it } from 'vitest';
import { commands, page, userEvent } from 'vitest/browser';
import { CARDS, createPrice, createSession, mount, paymentIntentsOf, primaryButton, until, untilStep } from './support/shopper.js';

afterEach(() => {
  document.body.replaceChildren();
});

/**
 * Review finding 15 (issue 15): a Spanish checkout said "cada 3 mess", and its card form stayed
 * English. Plurals now follow Intl.PluralRules, and the locale reaches the payment form
 * (`stripe.elements({locale})`; the sandbox's card frame speaks Spanish for it).
 */
describe('finding 15: a Spanish checkout is Spanish throughout, card form and plurals included', () => {
  it('"cada 3 meses", "1 día de prueba gratis", a card frame labelled and answering in Spanish, and English again on switching', async () => {
    const price = await createPrice(
      { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation', name: 'Caja trimestral' },
      { unit_amount: 9000, recurring: { interval: 'monthly', interval_count: 3, trial_period_days: 1 } },
    );
    const session = await createSession({ mode: 'subscription', line_items: [{ price }] });
    const el = mount(session.client_secret, { locale: 'es' });
    await untilStep(el, 'details');
    const summary = el.shadowRoot!.querySelector('[part=summary]')!.textContent.replace(/\s+/g, ' ');
    expect(summary).toContain('$90.00 cada 3 meses');
    expect(summary).toContain('1 día de prueba gratis');
    expect(summary).not.toMatch(/mess|meseses|1 días/);

    await userEvent.fill(page.getByLabelText('Correo electrónico'), 'trimestral@example.com');
    await userEvent.fill(page.getByLabelText('Nombre'), 'Tomás');
    await userEvent.fill(page.getByLabelText('Apellido'), 'Trimestre');
    await userEvent.click(page.getByRole('button', { name: 'Continuar' }));
    await untilStep(el, 'payment');
    expect(primaryButton(el).textContent.trim()).toBe('Empezar la prueba — luego $90.00 cada 3 meses');

    // The card form, in Spanish: its labels, its placeholder, its messages.
    await until('the card frame in Spanish', async () => (await commands.cardFrameText()).lang === 'es');
    const frame = await commands.cardFrameText();
    expect(frame.labels).toEqual(['Número de tarjeta', 'Fecha de vencimiento', 'Código de seguridad', 'Código postal']);
    expect(frame.expiryPlaceholder).toBe('MM / AA');
    primaryButton(el).click();
    await until('the problem under the card number', async () => (await commands.cardFrameText()).errors.length > 0);
    expect((await commands.cardFrameText()).errors).toEqual([
      'El número de la tarjeta está incompleto.',
      'La fecha de vencimiento de la tarjeta está incompleta.',
      'El código de seguridad de la tarjeta está incompleto.',
      'El código postal está incompleto.',
    ]);
    await until('the message beside the button', () => !!el.shadowRoot!.querySelector('#pay-error'));
    expect(el.shadowRoot!.querySelector('#pay-error')!.textContent).toBe('El número de la tarjeta está incompleto.');

    // The shopper switches to English: the card form follows, the problem said again in English.
    el.locale = 'en';
    await until('the card frame in English', async () => (await commands.cardFrameText()).lang === 'en');
    expect(await commands.cardFrameText()).toEqual({
      lang: 'en',
      labels: ['Card number', 'Expiration date', 'Security code', 'ZIP code'],
      expiryPlaceholder: 'MM / YY',
      errors: [
        'Your card number is incomplete.',
        "Your card's expiration date is incomplete.",
        "Your card's security code is incomplete.",
        'Your ZIP code is incomplete.',
      ],
    });
    el.locale = 'es';
    await until('the card frame in Spanish again', async () => (await commands.cardFrameText()).lang === 'es');

    await commands.fillCard(CARDS.visa);
    primaryButton(el).click();
    await untilStep(el, 'complete');
    expect(el.shadowRoot!.textContent).toContain('Visa terminada en 4242 guardada para pagos futuros.');
    expect(await paymentIntentsOf(session.checkout_session_id)).toEqual([]);
  });
});
