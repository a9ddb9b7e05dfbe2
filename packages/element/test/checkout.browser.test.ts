import { afterEach, describe, expect, it } from 'vitest';
import { commands, page, userEvent } from 'vitest/browser';
import { questionnaireFor } from '../../sandbox/src/consultations/questionnaires.js';
import { sampleAnswers } from '../../sandbox/src/consultations/samples.js';
import {
  answerQuestionnaire,
  CARDS,
  createPrice,
  createSession,
  fillDetails,
  heading,
  mount,
  nextEvent,
  record,
  untilStep,
} from './support/shopper.js';

afterEach(() => {
  document.body.replaceChildren();
});

async function today(): Promise<Date> {
  const clock = await commands.sandboxCall('GET', '/v1/test_helpers/clock');
  return new Date(clock.body.test_clock.now * 1000);
}

describe('<flex-checkout> against the real companion server and sandbox', () => {
  it('consultation approved, card 4242 saved for off-session use, complete', async () => {
    const price = await createPrice({ visit_type: 'gym' }, { unit_amount: 12900 });
    const session = await createSession({ line_items: [{ price }], setup_future_use: 'off_session' });
    const el = mount(session.client_secret);
    const events = record(el);

    await untilStep(el, 'consultation');
    expect(heading(el)).toBe('A few health questions');
    await answerQuestionnaire(el, questionnaireFor('gym'), sampleAnswers('gym', 'approved', await today()));
    await userEvent.click(page.getByRole('button', { name: 'Continue' }));
    await untilStep(el, 'decision');
    expect(heading(el)).toBe('You qualify');
    await userEvent.click(page.getByRole('button', { name: 'Continue' }));
    await untilStep(el, 'details');
    await fillDetails('approved@example.com');
    await userEvent.click(page.getByRole('button', { name: 'Continue' }));
    await untilStep(el, 'payment');
    expect(el.shadowRoot!.textContent).toContain('Your card will be saved');
    await commands.fillCard(CARDS.visa);
    const completed = nextEvent(el, 'flex-complete');
    await userEvent.click(page.getByRole('button', { name: 'Pay $129.00' }));
    const done = await completed;
    await untilStep(el, 'complete');
    expect(heading(el)).toBe('Thank you');
    expect(done.detail).toMatchObject({
      checkoutSessionId: session.checkout_session_id,
      status: 'complete',
      customerId: expect.stringMatching(/^fcus_/),
      paymentMethodId: expect.stringMatching(/^fpm_/),
      paymentIntentId: expect.stringMatching(/^fpi_/),
      setupFutureUse: 'off_session',
      letter: { visitType: 'gym', expiresAt: expect.any(String) },
    });
    expect(events.map((e) => e.type)).toContain('flex-consultation-complete');
    const consulted = events.find((e) => e.type === 'flex-consultation-complete')!;
    expect(consulted.detail).toEqual({ status: 'approved', visitType: 'gym' });
    const methods = await commands.sandboxCall('GET', `/v1/payment_methods?customer=${done.detail.customerId}`);
    expect(methods.body.payment_methods[0]).toMatchObject({ off_session: true, card: { last4: '4242' } });
  });
});
