import { afterEach, describe, expect, it } from 'vitest';
import { commands, page, userEvent } from 'vitest/browser';
import {
  CARDS,
  checkoutByApi,
  click,
  consult,
  createPrice,
  createSession,
  heading,
  mount,
  nextEvent,
  paymentIntentsOf,
  payWith,
  primaryButton,
  record,
  toPayment,
  untilStep,
} from './support/shopper.js';

afterEach(() => {
  document.body.replaceChildren();
});

/** Each checkout flow the shopper can take, against the real companion server and sandbox. */
describe('<flex-checkout> checkouts', () => {
  it('consultation approved, card 4242 saved for off-session use, complete', async () => {
    const price = await createPrice({ visit_type: 'gym' }, { unit_amount: 12900 });
    const session = await createSession({ line_items: [{ price }], setup_future_use: 'off_session' });
    const el = mount(session.client_secret);
    const events = record(el);

    await untilStep(el, 'consultation');
    expect(heading(el)).toBe('A few health questions');
    await consult(el, 'gym', 'approved');
    expect(heading(el)).toBe('You qualify');
    expect(el.shadowRoot!.textContent).toMatch(/Your letter of medical necessity for fitness is valid until \w+ \d+, \d{4}\./);
    await click('Continue');
    await untilStep(el, 'details');
    await userEvent.fill(page.getByLabelText('Email'), 'approved@example.com');
    await userEvent.fill(page.getByLabelText('First name'), 'Ada');
    await userEvent.fill(page.getByLabelText('Last name'), 'Approved');
    await click('Continue');
    await untilStep(el, 'payment');
    expect(el.shadowRoot!.textContent).toContain('By paying, you allow this store to keep this card and charge it later for purchases you ask for');
    await commands.fillCard(CARDS.visa);
    const completed = nextEvent(el, 'flex-complete');
    await click('Pay $129.00');
    const done = await completed;
    await untilStep(el, 'complete');
    expect(heading(el)).toBe('Thank you');
    expect(el.shadowRoot!.textContent).toContain('$129.00 paid with Visa ending in 4242.');
    expect(el.shadowRoot!.textContent).toMatch(/Letter of medical necessity for fitness, valid until/);
    expect(done.detail).toEqual({
      checkoutSessionId: session.checkout_session_id,
      status: 'complete',
      customerId: expect.stringMatching(/^fcus_/),
      paymentMethodId: expect.stringMatching(/^fpm_/),
      paymentIntentId: expect.stringMatching(/^fpi_/),
      subscriptionId: null,
      setupFutureUse: 'off_session',
      letter: { visitType: 'gym', expiresAt: expect.any(String) },
      redirectUrl: null,
    });
    const consulted = events.find((e) => e.type === 'flex-consultation-complete')!;
    expect(consulted.detail).toEqual({ status: 'approved', visitType: 'gym' });
    const methods = await commands.sandboxCall('GET', `/v1/payment_methods?customer=${done.detail.customerId}`);
    expect(methods.body.payment_methods).toEqual([expect.objectContaining({ off_session: true, card: expect.objectContaining({ last4: '4242' }) })]);
    // The letter is the customer's, for a year, for gym only.
    const letters = await commands.sandboxCall('GET', `/v1/customers/${done.detail.customerId}/letters`);
    expect(letters.body.letters).toEqual([expect.objectContaining({ visit_type: 'gym' })]);
  });

  it('consultation denied: says why and what to do, charges nothing, and "Back to the store" fires flex-cancel', async () => {
    const price = await createPrice({ visit_type: 'sleep' });
    const session = await createSession({ line_items: [{ price }], cancel_url: 'https://shop.example/cart' });
    const el = mount(session.client_secret);
    const events = record(el);
    await consult(el, 'sleep', 'denied');
    expect(heading(el)).toBe('We could not issue a letter');
    expect(el.shadowRoot!.textContent).toContain('Nothing has been charged.');
    expect(el.shadowRoot!.querySelector('iframe, [slot=payment]')).toBeNull();
    expect(events.find((e) => e.type === 'flex-consultation-complete')!.detail).toEqual({ status: 'denied', visitType: 'sleep' });

    // The page keeps the shopper (preventDefault) instead of following the link.
    el.addEventListener('flex-cancel', (e) => e.preventDefault(), { once: true });
    const cancelled = nextEvent(el, 'flex-cancel');
    await userEvent.click(page.getByRole('link', { name: 'Back to the store' }));
    expect((await cancelled).detail).toEqual({ checkoutSessionId: session.checkout_session_id, reason: 'consultation_denied' });
    expect(await paymentIntentsOf(session.checkout_session_id)).toEqual([]);
  });

  it('consultation pending: says a clinician is reviewing and what happens next', async () => {
    const price = await createPrice({ visit_type: 'massage' });
    const session = await createSession({ line_items: [{ price }] });
    const el = mount(session.client_secret);
    await consult(el, 'massage', 'pending');
    expect(heading(el)).toBe('A clinician is reviewing your answers');
    expect(el.shadowRoot!.textContent).toContain('We will email you when there is a decision');
    expect(await paymentIntentsOf(session.checkout_session_id)).toEqual([]);
    // No cancel_url: a button, and the page decides where the shopper goes.
    const cancelled = nextEvent(el, 'flex-cancel');
    await userEvent.click(page.getByRole('button', { name: 'Back to the store' }));
    expect((await cancelled).detail).toEqual({ checkoutSessionId: session.checkout_session_id, reason: 'consultation_pending' });
  });

  it('a returning customer with a valid letter for the visit type skips the consultation', async () => {
    const price = await createPrice({ visit_type: 'nutrition' }, { unit_amount: 3500 });
    const { customer } = await checkoutByApi(price, 'nutrition', 'rita@example.com');
    const session = await createSession({ line_items: [{ price }], customer });
    const el = mount(session.client_secret);
    const steps = record(el);
    await untilStep(el, 'details');
    expect(steps.filter((e) => e.type === 'flex-step-change').map((e) => e.detail.step)).not.toContain('consultation');
    expect(el.shadowRoot!.textContent).not.toContain('A few health questions');
  });

  it('a subscription with a trial: says it will renew, starts the trial, and completes', async () => {
    const price = await createPrice(
      { visit_type: 'skincare', name: 'Clear Skin membership' },
      { unit_amount: 4999, recurring: { interval: 'monthly', trial_period_days: 14 } },
    );
    const session = await createSession({ line_items: [{ price }], mode: 'subscription' });
    const el = mount(session.client_secret);
    await untilStep(el, 'consultation');
    const summary = el.shadowRoot!.querySelector('[part=summary]')!.textContent;
    expect(summary).toContain('$49.99 / month');
    expect(summary).toContain('14-day free trial');
    await toPayment(el, 'skincare');
    expect(el.shadowRoot!.textContent).toContain('charge it $49.99 / month when the free trial ends and at each renewal after, until you cancel.');
    await commands.fillCard(CARDS.visa);
    const completed = nextEvent(el, 'flex-complete');
    await click('Start free trial — then $49.99 / month');
    const done = await completed;
    await untilStep(el, 'complete');
    expect(el.shadowRoot!.textContent).toContain('Visa ending in 4242 saved for future payments.');
    expect(done.detail).toMatchObject({ status: 'complete', customerId: expect.stringMatching(/^fcus_/), paymentMethodId: expect.stringMatching(/^fpm_/) });
  });

  it('a subscription without a trial: "Subscribe — $19.00 / month" charges the first month', async () => {
    const price = await createPrice(
      { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation', name: 'Vitamins club' },
      { unit_amount: 1900, recurring: { interval: 'monthly' } },
    );
    const session = await createSession({ line_items: [{ price }], mode: 'subscription' });
    const el = mount(session.client_secret);
    await toPayment(el, null);
    await payWith(CARDS.visa, 'Subscribe — $19.00 / month');
    await untilStep(el, 'complete');
    expect(el.shadowRoot!.textContent).toContain('$19.00 paid with Visa ending in 4242.');
    const intents = await paymentIntentsOf(session.checkout_session_id);
    expect(intents.map((i) => [i.status, i.amount_received])).toEqual([['succeeded', 1900]]);
  });

  it('a setup session saves a card for later, charging nothing', async () => {
    const session = await createSession({ mode: 'setup' });
    const el = mount(session.client_secret);
    await untilStep(el, 'details');
    expect(el.shadowRoot!.querySelector('[part=summary]')).toBeNull();
    await toPayment(el, null, 'saver@example.com');
    expect(el.shadowRoot!.textContent).toContain('By saving this card, you allow this store to charge it later');
    expect(primaryButton(el).textContent.trim()).toBe('Save card');
    await commands.fillCard(CARDS.visa);
    const completed = nextEvent(el, 'flex-complete');
    await click('Save card');
    const done = await completed;
    await untilStep(el, 'complete');
    expect(el.shadowRoot!.textContent).toContain('Visa ending in 4242 saved for future payments.');
    expect(done.detail.paymentIntentId).toBeNull();
    const methods = await commands.sandboxCall('GET', `/v1/payment_methods?customer=${done.detail.customerId}`);
    expect(methods.body.payment_methods).toEqual([expect.objectContaining({ off_session: true })]);
    expect(await paymentIntentsOf(session.checkout_session_id)).toEqual([]);
  });
});
