import { afterEach, describe, expect, inject, it } from 'vitest';
import { commands } from 'vitest/browser';
import {
  CARDS,
  click,
  createPrice,
  noLetterPrice,
  createSession,
  mount,
  nextEvent,
  paymentIntentsOf,
  payWith,
  primaryButton,
  record,
  toPayment,
  untilStep,
} from './support/shopper.js';

afterEach(async () => {
  await commands.restoreNetwork();
  document.body.replaceChildren();
});

/**
 * A 3-D Secure test waits up to 20 s for the challenge to be ready (answerChallenge) and then
 * pays once or twice: more than the default 30 s on a busy machine, so it has longer, and its
 * events are awaited as long.
 */
const CHALLENGE_TEST_MS = 60_000;
const CHALLENGE_EVENT_MS = 40_000;

const confirmsSent = () => performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/confirm')).length;

describe('<flex-checkout> paying', () => {
  it('a decline (9995) keeps the form and says why; then 4242 pays, once', async () => {
    const session = await createSession({ line_items: [{ price: await noLetterPrice() }] });
    const el = mount(session.client_secret);
    const events = record(el);
    await toPayment(el, null);
    await commands.fillCard(CARDS.insufficientFunds);
    const failed = nextEvent(el, 'flex-error');
    await click('Pay $24.00');
    expect((await failed).detail).toEqual({ code: 'card_declined', message: 'Your card has insufficient funds. Try another card.', recoverable: true });
    await untilStep(el, 'payment');
    expect(el.shadowRoot!.querySelector('.alert')!.textContent).toContain('Your card has insufficient funds.');
    // The live region said it too, for screen readers.
    expect(el.shadowRoot!.querySelector('[role=status]')!.textContent).toContain('insufficient funds');
    expect(primaryButton(el).getAttribute('aria-describedby')).toBe('pay-error');

    await payWith(CARDS.visa, 'Pay $24.00');
    await untilStep(el, 'complete');
    const intents = await paymentIntentsOf(session.checkout_session_id);
    expect(intents.map((i) => [i.status, i.amount_received])).toEqual([['succeeded', 2400]]);
    expect(events.filter((e) => e.type === 'flex-complete')).toHaveLength(1);
  });

  it(
    '3-D Secure completed: the challenge, then complete',
    async () => {
      const session = await createSession({ line_items: [{ price: await noLetterPrice() }] });
      const el = mount(session.client_secret);
      await toPayment(el, null);
      await commands.fillCard(CARDS.threeDSecure);
      const completed = nextEvent(el, 'flex-complete', CHALLENGE_EVENT_MS);
      await click('Pay $24.00');
      await commands.answerChallenge('complete');
      expect((await completed).detail.paymentIntentId).toMatch(/^fpi_/);
      await untilStep(el, 'complete');
      expect((await paymentIntentsOf(session.checkout_session_id)).map((i) => i.status)).toEqual(['succeeded']);
    },
    CHALLENGE_TEST_MS,
  );

  it(
    '3-D Secure failed: says so, keeps the form, and the shopper can pay with another card',
    async () => {
      const session = await createSession({ line_items: [{ price: await noLetterPrice() }] });
      const el = mount(session.client_secret);
      await toPayment(el, null);
      await commands.fillCard(CARDS.threeDSecure);
      const failed = nextEvent(el, 'flex-error', CHALLENGE_EVENT_MS);
      await click('Pay $24.00');
      await commands.answerChallenge('fail');
      expect((await failed).detail).toMatchObject({ code: 'authentication_failed', recoverable: true });
      await untilStep(el, 'payment');
      expect(el.shadowRoot!.querySelector('.alert')!.textContent).toContain('We could not confirm it was you.');
      await payWith(CARDS.visa, 'Pay $24.00');
      await untilStep(el, 'complete');
      expect((await paymentIntentsOf(session.checkout_session_id)).map((i) => i.status)).toEqual(['succeeded']);
    },
    CHALLENGE_TEST_MS,
  );

  it('ten rapid clicks on Pay (and Enter) send one confirm and make one payment', async () => {
    const session = await createSession({ line_items: [{ price: await noLetterPrice(1500) }] });
    const el = mount(session.client_secret);
    await toPayment(el, null);
    await commands.fillCard(CARDS.visa);
    const before = confirmsSent();
    const button = primaryButton(el);
    for (let i = 0; i < 10; i++) button.click();
    button.closest('form')!.requestSubmit();
    await untilStep(el, 'complete');
    await new Promise((r) => setTimeout(r, 300));
    expect(confirmsSent() - before).toBe(1);
    const intents = await paymentIntentsOf(session.checkout_session_id);
    expect(intents.map((i) => [i.status, i.amount_received])).toEqual([['succeeded', 1500]]);
  });

  it('a lost answer to confirm: asks where the payment stands, finds it complete, and never pays twice', async () => {
    const session = await createSession({ line_items: [{ price: await noLetterPrice(3100) }] });
    const el = mount(session.client_secret);
    await toPayment(el, null);
    await commands.fillCard(CARDS.visa);
    // The confirm reaches the server and is charged; its answer is lost on the way back.
    await commands.loseAnswers('/confirm', 1);
    const completed = nextEvent(el, 'flex-complete');
    await click('Pay $31.00');
    await completed;
    await untilStep(el, 'complete');
    const intents = await paymentIntentsOf(session.checkout_session_id);
    expect(intents.map((i) => [i.status, i.amount_received])).toEqual([['succeeded', 3100]]);
  });

  it('a lost answer while the server is unreachable: says so, and the retry reuses the attempt (one charge)', async () => {
    const session = await createSession({ line_items: [{ price: await noLetterPrice(3300) }] });
    const el = mount(session.client_secret);
    await toPayment(el, null);
    await commands.fillCard(CARDS.visa);
    // The confirm is charged but its answer is lost, and the status read fails too (three reads, with backoff).
    await commands.loseAnswers('/confirm', 1);
    await commands.blockRequests('/status');
    const lost = nextEvent(el, 'flex-error', 20_000);
    await click('Pay $33.00');
    expect((await lost).detail).toMatchObject({ code: 'connection_lost', recoverable: true });
    await untilStep(el, 'payment');
    expect(el.shadowRoot!.querySelector('.alert')!.textContent).toContain('Nothing will be charged twice');
    await commands.restoreNetwork();
    // Trying again replays the same attempt (same Idempotency-Key): the server answers the first result.
    await click('Pay $33.00');
    await untilStep(el, 'complete');
    const intents = await paymentIntentsOf(session.checkout_session_id);
    expect(intents.map((i) => [i.status, i.amount_received])).toEqual([['succeeded', 3300]]);
  });

  it('the companion server refuses the confirm (429, too many calls): says so in its words, and nothing is charged', async () => {
    const session = await createSession({ line_items: [{ price: await noLetterPrice(3400) }] });
    const endpoint = `${inject('flexLimitedServer')}/flex`;
    const el = mount(session.client_secret, { endpoint });
    await toPayment(el, null);
    await commands.fillCard(CARDS.visa);
    await commands.exhaustSessionCalls(endpoint, session.client_secret);
    const refused = nextEvent(el, 'flex-error', 20_000);
    await click('Pay $34.00');
    expect((await refused).detail).toEqual({
      code: 'rate_limited',
      message: 'Too many requests for this checkout session. Wait a minute and try again.',
      recoverable: true,
    });
    await untilStep(el, 'payment');
    expect(el.shadowRoot!.querySelector('.alert')!.textContent).toContain('Wait a minute and try again.');
    expect(el.shadowRoot!.querySelector('.alert')!.textContent).not.toContain('lost the connection');
    expect(await paymentIntentsOf(session.checkout_session_id)).toEqual([]);
  });

  it('finding 13: a trial subscription with a one-time line says the one-time line is due today, and that is what is charged', async () => {
    const product = { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation' };
    const trial = await createPrice({ ...product, name: 'Vitamin box' }, { unit_amount: 2500, recurring: { interval: 'monthly', trial_period_days: 14 } });
    const kit = await createPrice({ ...product, name: 'Starter kit' }, { unit_amount: 1200 });
    const session = await createSession({ mode: 'subscription', line_items: [{ price: trial }, { price: kit }] });
    const el = mount(session.client_secret);
    await toPayment(el, null);
    const summary = el.shadowRoot!.querySelector('flex-checkout-summary')!;
    const rows = [...summary.querySelectorAll('.row')].map((r) => [...r.children].map((c) => c.textContent.trim()).join(' '));
    expect(rows).toContain('Total $37.00');
    expect(rows).toContain('Due today $12.00');
    // What is charged now is the one bold row, under the total.
    const bold = [...summary.querySelectorAll('.row')]
      .filter((r) => Number(getComputedStyle(r).fontWeight) >= 700)
      .map((r) => [...r.children].map((c) => c.textContent.trim()).join(' '));
    expect(bold).toEqual(['Due today $12.00']);
    // Not "Start free trial": the kit is charged now.
    expect(primaryButton(el).textContent.trim()).toBe('Pay $12.00 now — free trial, then $25.00 / month');
    await payWith(CARDS.visa, 'Pay $12.00 now — free trial, then $25.00 / month');
    await untilStep(el, 'complete');
    const intents = await paymentIntentsOf(session.checkout_session_id);
    expect(intents.map((i) => [i.status, i.amount_received])).toEqual([['succeeded', 1200]]);
    expect(el.shadowRoot!.textContent).toContain('$12.00 paid with Visa ending in 4242.');
  });
});
