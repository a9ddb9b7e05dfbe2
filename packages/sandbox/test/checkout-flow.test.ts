import { LETTER_REQUIRED_ERROR } from '@flex-checkout/protocol';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { useSandbox } from '../../../test/support/sandbox.js';
import { CARDS, authenticate, browserOf, checkoutOnSession, createPrice, createSession, sandboxToday, tokenFor } from '../../../test/support/checkout.js';

const DAY_S = 24 * 60 * 60;

describeEachDatabase('on-session checkout, letters and off-session charges', (kind) => {
  const sandbox = useSandbox(kind);
  let gym: { price_id: string }, gym2: { price_id: string }, skincare: { price_id: string };

  beforeAll(async () => {
    gym = await createPrice(sandbox.call, { visit_type: 'gym' }, { unit_amount: 12900 });
    gym2 = await createPrice(sandbox.call, { visit_type: 'gym', name: 'Yoga pass' }, { unit_amount: 3000 });
    skincare = await createPrice(sandbox.call, { visit_type: 'skincare' }, { unit_amount: 4999 });
  });

  it('approves the consultation, saves the card for off-session use and completes', async () => {
    const done = await checkoutOnSession(sandbox.call, {
      line_items: [{ price: gym.price_id, quantity: 1 }],
      mode: 'payment',
      setup_future_use: 'off_session',
    });
    expect(done).toMatchObject({ status: 'complete', customer: expect.stringMatching(/^fcus_/), payment_intent_id: expect.stringMatching(/^fpi_/) });

    const pi = (await sandbox.call('GET', `/v1/payment_intents/${done.payment_intent_id}`)).body.payment_intent;
    expect(pi).toMatchObject({ status: 'succeeded', amount: 12900, amount_received: 12900, customer: done.customer });

    const methods = (await sandbox.call('GET', `/v1/payment_methods?customer=${done.customer}`)).body.payment_methods;
    expect(methods).toHaveLength(1);
    expect(methods[0]).toMatchObject({
      customer: done.customer,
      off_session: true,
      test_mode: true,
      card: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2034 },
      billing_details: expect.any(Object),
    });

    const letters = (await sandbox.call('GET', `/v1/customers/${done.customer}/letters`)).body.letters;
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ visit_type: 'gym', status: 'valid', customer: done.customer });
    expect(Date.parse(letters[0].expires_at) - Date.parse(letters[0].issued_at)).toBe(365 * DAY_S * 1000);

    // Off session, same visit type: completes at once with no browser.
    const off = await sandbox.call('POST', '/v1/checkout/sessions', {
      body: {
        checkout_session: {
          line_items: [{ price: gym2.price_id, quantity: 2 }],
          mode: 'off_session',
          customer: done.customer,
          payment_method: methods[0].payment_method_id,
        },
      },
    });
    expect(off.status).toBe(200);
    expect(off.body.checkout_session).toMatchObject({
      status: 'complete',
      payment_intent: expect.stringMatching(/^fpi_/),
      amount_received: 6000,
      letter_of_medical_necessity_required: true,
      visit_type: 'gym',
    });

    // Another visit type: the gym letter does not cover it. Exactly Flex's answer, and nothing written.
    const before = await sandbox.db.store.db
      .selectFrom('checkout_sessions')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const refused = await sandbox.call('POST', '/v1/checkout/sessions', {
      body: {
        checkout_session: {
          line_items: [{ price: skincare.price_id, quantity: 1 }],
          mode: 'off_session',
          customer: done.customer,
          payment_method: methods[0].payment_method_id,
        },
      },
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual(LETTER_REQUIRED_ERROR);
    expect(JSON.stringify(refused.body)).toBe(
      '{"detail":[{"loc":["visit_type"],"msg":"A LoMN is required for this visit type","type":"invalid_request_error"}]}',
    );
    const after = await sandbox.db.store.db
      .selectFrom('checkout_sessions')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('a returning customer with a valid letter needs no consultation', async () => {
    const first = await checkoutOnSession(
      sandbox.call,
      { line_items: [{ price: gym.price_id }], setup_future_use: 'off_session' },
      { email: 'returning@example.com' },
    );
    const again = await createSession(sandbox.call, { line_items: [{ price: gym2.price_id }], customer: first.customer });
    const view = (await browserOf(sandbox.call, again).view()).body.checkout_session;
    expect(view.consultation_required).toBe(false);
    expect(view.letter).toMatchObject({ visit_type: 'gym', status: 'valid' });
    expect(view.defaults.email).toBe('returning@example.com');
  });

  it('refuses an off-session charge with a card that was never verified for it', async () => {
    // Paid on session without setup_future_use: the card is saved, but not for off-session use.
    const done = await checkoutOnSession(sandbox.call, { line_items: [{ price: gym.price_id }] }, { email: 'unverified@example.com' });
    const [method] = (await sandbox.call('GET', `/v1/payment_methods?customer=${done.customer}`)).body.payment_methods;
    expect(method.off_session).toBe(false);
    const answer = await sandbox.call('POST', '/v1/checkout/sessions', {
      body: {
        checkout_session: { line_items: [{ price: gym.price_id }], mode: 'off_session', customer: done.customer, payment_method: method.payment_method_id },
      },
    });
    expect(answer.status).toBe(422);
    expect(answer.body.detail[0]).toMatchObject({ loc: ['body', 'checkout_session', 'payment_method'], type: 'invalid_request_error' });
    expect(answer.body.detail[0].msg).toMatch(/not verified for off-session/);
  });

  it("never charges another customer's card", async () => {
    const a = await checkoutOnSession(sandbox.call, { line_items: [{ price: gym.price_id }], setup_future_use: 'off_session' }, { email: 'a@example.com' });
    const b = await checkoutOnSession(sandbox.call, { line_items: [{ price: gym.price_id }], setup_future_use: 'off_session' }, { email: 'b@example.com' });
    const [cardOfA] = (await sandbox.call('GET', `/v1/payment_methods?customer=${a.customer}`)).body.payment_methods;
    const answer = await sandbox.call('POST', '/v1/checkout/sessions', {
      body: {
        checkout_session: { line_items: [{ price: gym.price_id }], mode: 'off_session', customer: b.customer, payment_method: cardOfA.payment_method_id },
      },
    });
    expect(answer.status).toBe(404);
  });

  it('declines 9995 (insufficient funds) and 0002 (generic), keeps the session open, then 4242 succeeds once', async () => {
    const session = await createSession(sandbox.call, { line_items: [{ price: gym.price_id }], setup_future_use: 'off_session' });
    const browser = browserOf(sandbox.call, session);
    await browser.answer('approved', 'gym', await sandboxToday(sandbox.call));
    await browser.details({ email: 'declines@example.com', first_name: 'Dee', last_name: 'Cline' });

    const poor = await browser.confirm(await tokenFor(sandbox.call, CARDS.insufficientFunds));
    expect(poor.status).toBe(402);
    expect(poor.body.detail[0]).toMatchObject({ type: 'card_error', msg: expect.stringMatching(/insufficient funds/) });
    let view = (await browser.view()).body.checkout_session;
    expect(view.status).toBe('open');
    expect(view.payment_intent).toMatchObject({
      status: 'requires_payment_method',
      last_payment_error: { decline_code: 'insufficient_funds', code: 'card_declined' },
    });

    const generic = await browser.confirm(await tokenFor(sandbox.call, CARDS.genericDecline));
    expect(generic.status).toBe(402);
    view = (await browser.view()).body.checkout_session;
    expect(view.payment_intent.last_payment_error.decline_code).toBe('generic_decline');

    const paid = await browser.confirm(await tokenFor(sandbox.call, CARDS.visa));
    expect(paid.status).toBe(200);
    expect(paid.body.checkout_session).toMatchObject({ status: 'complete', completion: { card: { last4: '4242' }, amount_received: 12900 } });

    const intents = (await sandbox.call('GET', `/v1/payment_intents?checkout_session=${session.checkout_session_id}`)).body.payment_intents;
    expect(intents).toHaveLength(1);
    expect(intents[0]).toMatchObject({ status: 'succeeded', amount_received: 12900 });

    // Confirming a complete session never charges again.
    const again = await browser.confirm(await tokenFor(sandbox.call, CARDS.visa));
    expect(again.body.status).toBe('complete');
    const still = (await sandbox.call('GET', `/v1/payment_intents?checkout_session=${session.checkout_session_id}`)).body.payment_intents;
    expect(still).toHaveLength(1);
  });

  it('3-D Secure: failing the challenge lets the shopper retry; completing it completes the session', async () => {
    const session = await createSession(sandbox.call, { line_items: [{ price: gym.price_id }], setup_future_use: 'off_session' });
    const browser = browserOf(sandbox.call, session);
    await browser.answer('approved', 'gym', await sandboxToday(sandbox.call));
    await browser.details({ email: '3ds@example.com', first_name: 'Tri', last_name: 'Dee' });

    const first = await browser.confirm(await tokenFor(sandbox.call, CARDS.threeDSecure));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'requires_action', next_action: { client_secret: expect.stringMatching(/^fpi_.+_secret_/) } });
    const failed = await authenticate(sandbox.call, first.body.next_action.client_secret, 'fail');
    expect(failed.body.intent).toMatchObject({ status: 'requires_payment_method', last_payment_error: { code: 'payment_intent_authentication_failure' } });
    expect((await browser.view()).body.checkout_session.status).toBe('open');

    const second = await browser.confirm(await tokenFor(sandbox.call, CARDS.threeDSecure));
    expect(second.body.status).toBe('requires_action');
    const passed = await authenticate(sandbox.call, second.body.next_action.client_secret, 'complete');
    expect(passed.body.intent).toMatchObject({ object: 'payment_intent', status: 'succeeded' });
    const view = (await browser.view()).body.checkout_session;
    expect(view).toMatchObject({ status: 'complete', completion: { amount_received: 12900 } });

    // A finished challenge cannot be replayed.
    expect((await authenticate(sandbox.call, second.body.next_action.client_secret, 'complete')).status).toBe(409);
    // Off session nobody can answer a challenge: the saved 3-D Secure card declines.
    const answer = await sandbox.call('POST', '/v1/checkout/sessions', {
      body: {
        checkout_session: {
          line_items: [{ price: gym.price_id }],
          mode: 'off_session',
          customer: view.completion.customer,
          payment_method: view.completion.payment_method,
        },
      },
    });
    expect(answer.status).toBe(402);
    expect(answer.body.detail[0]).toMatchObject({ type: 'card_error', msg: expect.stringMatching(/authentication_required/) });
  });

  it('a denied consultation issues no letter, and payment is refused with the LoMN answer', async () => {
    const session = await createSession(sandbox.call, { line_items: [{ price: skincare.price_id }], mode: 'payment' });
    const browser = browserOf(sandbox.call, session);
    const denied = await browser.answer('denied', 'skincare', await sandboxToday(sandbox.call));
    expect(denied.body.consultation).toMatchObject({ status: 'denied', letter: null, reason: expect.any(String) });
    await browser.details({ email: 'denied@example.com', first_name: 'Dan', last_name: 'Nied' });
    const paid = await browser.confirm(await tokenFor(sandbox.call, CARDS.visa));
    expect(paid.status).toBe(422);
    expect(paid.body).toEqual(LETTER_REQUIRED_ERROR);
    const intents = (await sandbox.call('GET', `/v1/payment_intents?checkout_session=${session.checkout_session_id}`)).body.payment_intents;
    expect(intents).toHaveLength(0);
    // Answers are taken once.
    const twice = await browser.answer('approved', 'skincare', await sandboxToday(sandbox.call));
    expect(twice.status).toBe(409);
  });

  it('a pending consultation waits for the clinician; the test helper resolves it', async () => {
    const session = await createSession(sandbox.call, { line_items: [{ price: skincare.price_id }] });
    const browser = browserOf(sandbox.call, session);
    const pending = await browser.answer('pending', 'skincare', await sandboxToday(sandbox.call));
    expect(pending.body.consultation).toMatchObject({ status: 'pending', letter: null });
    const id = pending.body.consultation.consultation_id;
    const resolved = await sandbox.call('POST', `/v1/test_helpers/consultations/${id}/resolve`, { body: { decision: 'approved' } });
    expect(resolved.body.consultation).toMatchObject({ status: 'approved', letter: { visit_type: 'skincare', status: 'valid' } });
    expect((await browser.view()).body.checkout_session).toMatchObject({ consultation_required: false, consultation: { status: 'approved' } });
    const again = await sandbox.call('POST', `/v1/test_helpers/consultations/${id}/resolve`, { body: { decision: 'denied' } });
    expect(again.status).toBe(409);
  });

  it('never gives the answers back, in any answer', async () => {
    const session = await createSession(sandbox.call, { line_items: [{ price: gym.price_id }] });
    const browser = browserOf(sandbox.call, session);
    const today = await sandboxToday(sandbox.call);
    const decision = await browser.answer('approved', 'gym', today);
    const id = decision.body.consultation.consultation_id;
    const bodies = [
      decision.body,
      (await browser.view()).body,
      (await sandbox.call('GET', `/v1/consultations/${id}`)).body,
      (await sandbox.call('GET', `/v1/consultations?checkout_session=${session.checkout_session_id}`)).body,
      (await sandbox.call('GET', `/v1/checkout/sessions/${session.checkout_session_id}`)).body,
    ];
    for (const body of bodies) {
      expect(JSON.stringify(body)).not.toMatch(/answers|date_of_birth|\d{4}-\d{2}-\d{2}"?\s*[,}].*attest/i);
    }
    expect(bodies[2].consultation).not.toHaveProperty('answers');
  });

  it('setup and subscription sessions save the card for later', async () => {
    const setup = await createSession(sandbox.call, {
      mode: 'setup',
      customer: (await sandbox.call('POST', '/v1/customers', { body: { customer: { email: 'setup@example.com' } } })).body.customer.customer_id,
    });
    const browser = browserOf(sandbox.call, setup);
    const done = await browser.confirm(await tokenFor(sandbox.call, CARDS.visa));
    expect(done.body.checkout_session).toMatchObject({
      status: 'complete',
      completion: { setup_intent: expect.stringMatching(/^fseti_/), payment_intent: null },
    });
    const [method] = (await sandbox.call('GET', `/v1/payment_methods?customer=${done.body.checkout_session.completion.customer}`)).body.payment_methods;
    expect(method.off_session).toBe(true);

    const monthly = await createPrice(
      sandbox.call,
      { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation' },
      { unit_amount: 1500, recurring: { interval: 'monthly', trial_period_days: 7 } },
    );
    const trial = await checkoutOnSession(sandbox.call, { line_items: [{ price: monthly.price_id }], mode: 'subscription' }, { email: 'trial@example.com' });
    expect(trial.payment_intent_id).toBeNull();
    expect(trial.setup_intent).toMatch(/^fseti_/);
  });

  it('client secrets open one session only', async () => {
    const a = await createSession(sandbox.call, { line_items: [{ price: gym.price_id }] });
    const b = await createSession(sandbox.call, { line_items: [{ price: gym.price_id }] });
    const crossed = await sandbox.call('GET', `/v1/client/checkout_sessions/${b.checkout_session_id}`, { key: a.client_secret });
    const wrong = await sandbox.call('GET', `/v1/client/checkout_sessions/${a.checkout_session_id}`, { key: `${a.checkout_session_id}_secret_wrong` });
    const unknownId = 'fcs_01ARZ3NDEKTSV4RRFFQ69G5FAV';
    const unknown = await sandbox.call('GET', `/v1/client/checkout_sessions/${unknownId}`, { key: `${unknownId}_secret_wrong` });
    // One answer for all three: a wrong secret never tells which sessions exist (review finding 2).
    for (const refused of [crossed, wrong, unknown]) {
      expect(refused.status).toBe(401);
      expect(refused.body).toEqual(wrong.body);
    }
    const secretKey = await sandbox.call('GET', `/v1/client/checkout_sessions/${a.checkout_session_id}`);
    expect(secretKey.status).toBe(401);
    const view = await sandbox.call('GET', `/v1/client/checkout_sessions/${a.checkout_session_id}`, { key: a.client_secret });
    expect(JSON.stringify(view.body)).not.toMatch(/fsk_/);
    expect(view.body.checkout_session.payment).toMatchObject({
      publishable_key: 'fpk_test_sandbox',
      stripe_js_url: expect.stringMatching(/\/sandbox\/stripe\.js$/),
    });
  });

  it('an expired session cannot be confirmed', async () => {
    const session = await createSession(sandbox.call, { line_items: [{ price: gym.price_id }] });
    await sandbox.call('POST', `/v1/checkout/sessions/${session.checkout_session_id}/expire`);
    const answer = await browserOf(sandbox.call, session).confirm(await tokenFor(sandbox.call, CARDS.visa));
    expect(answer.status).toBe(409);
    expect(answer.body.detail[0]).toMatchObject({ type: 'session_expired' });
  });
});

describeEachDatabase('letters expire after 365 days', (kind) => {
  const sandbox = useSandbox(kind);

  it('covers off-session charges for 365 days, then the LoMN answer', async () => {
    const gym = await createPrice(sandbox.call, { visit_type: 'gym' }, { unit_amount: 2000 });
    const done = await checkoutOnSession(sandbox.call, { line_items: [{ price: gym.price_id }], setup_future_use: 'off_session' });
    const [method] = (await sandbox.call('GET', `/v1/payment_methods?customer=${done.customer}`)).body.payment_methods;
    const charge = () =>
      sandbox.call('POST', '/v1/checkout/sessions', {
        body: {
          checkout_session: { line_items: [{ price: gym.price_id }], mode: 'off_session', customer: done.customer, payment_method: method.payment_method_id },
        },
      });

    await sandbox.call('POST', '/v1/test_helpers/advance_time', { body: { seconds: 364 * DAY_S } });
    expect((await charge()).status).toBe(200);

    await sandbox.call('POST', '/v1/test_helpers/advance_time', { body: { seconds: 2 * DAY_S } });
    const expired = await charge();
    expect(expired.status).toBe(422);
    expect(expired.body).toEqual(LETTER_REQUIRED_ERROR);
    const letters = (await sandbox.call('GET', `/v1/customers/${done.customer}/letters`)).body.letters;
    expect(letters[0].status).toBe('expired');

    // A new on-session consultation earns a new letter, and off-session works again.
    await checkoutOnSession(sandbox.call, { line_items: [{ price: gym.price_id }], customer: done.customer, setup_future_use: 'off_session' });
    expect((await charge()).status).toBe(200);
  });
});
