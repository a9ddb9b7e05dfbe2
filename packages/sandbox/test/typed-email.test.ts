import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { useSandbox } from '../../../test/support/sandbox.js';
import { CARDS, authenticate, browserOf, checkoutOnSession, createPrice, createSession, sandboxToday, tokenFor } from '../../../test/support/checkout.js';

/**
 * Review finding 1 (issue 15): a session created without `customer` used to be linked to
 * whichever existing customer had the email the shopper typed, so a stranger's card became
 * that customer's default off-session card, the stranger's letter was filed under them, and
 * the browser was told their customer ID. A typed email proves nothing: such a session
 * always gets a customer of its own.
 */
describeEachDatabase('finding 1: a typed email never attaches a session to an existing customer', (kind) => {
  const sandbox = useSandbox(kind);
  let gym: { price_id: string };
  let victim: { customer: string; card: string; letters: number };

  beforeAll(async () => {
    gym = await createPrice(sandbox.call, { visit_type: 'gym' }, { unit_amount: 12900 });
    // The victim: a customer the merchant made, with a saved off-session card and a letter.
    const made = await sandbox.call('POST', '/v1/customers', { body: { customer: { email: 'victim@example.com' } } });
    const customer = made.body.customer.customer_id as string;
    await checkoutOnSession(
      sandbox.call,
      { line_items: [{ price: gym.price_id }], setup_future_use: 'off_session', customer },
      { email: 'victim@example.com' },
    );
    const after = (await sandbox.call('GET', `/v1/customers/${customer}`)).body.customer;
    const letters = (await sandbox.call('GET', `/v1/customers/${customer}/letters`)).body.letters;
    victim = { customer, card: after.default_payment_method, letters: letters.length };
    expect(victim.card).toMatch(/^fpm_/);
  });

  /** What the victim's record holds now: it must be exactly what it held before. */
  async function victimRecord() {
    const customer = (await sandbox.call('GET', `/v1/customers/${victim.customer}`)).body.customer;
    const cards = (await sandbox.call('GET', `/v1/payment_methods?customer=${victim.customer}&limit=100`)).body.payment_methods;
    const letters = (await sandbox.call('GET', `/v1/customers/${victim.customer}/letters`)).body.letters;
    const consultations = (await sandbox.call('GET', `/v1/consultations?customer=${victim.customer}&limit=100`)).body.consultations;
    return { default: customer.default_payment_method, cards: cards.length, letters: letters.length, consultations: consultations.length };
  }

  it("a stranger typing the customer's email at details and paying gets a new customer; the customer's record is untouched and never revealed", async () => {
    const before = await victimRecord();
    const session = await createSession(sandbox.call, { line_items: [{ price: gym.price_id }], setup_future_use: 'off_session' });
    const browser = browserOf(sandbox.call, session);
    const consulted = await browser.answer('approved', 'gym', await sandboxToday(sandbox.call));
    expect(consulted.status).toBe(200);
    const details = await browser.details({ email: 'victim@example.com', first_name: 'Not', last_name: 'Victim' });
    expect(details.status).toBe(200);
    expect(JSON.stringify(details.body)).not.toContain(victim.customer);

    const confirmed = await browser.confirm(await tokenFor(sandbox.call, CARDS.visa));
    expect(confirmed.status).toBe(200);
    const completion = confirmed.body.checkout_session.completion;
    expect(completion.customer).toMatch(/^fcus_/);
    expect(completion.customer).not.toBe(victim.customer);
    expect(JSON.stringify(confirmed.body)).not.toContain(victim.customer);
    expect(JSON.stringify((await browser.view()).body)).not.toContain(victim.customer);

    expect(await victimRecord()).toEqual(before);
    // The stranger's card, letter and consultation are on the stranger's new customer.
    const stranger = (await sandbox.call('GET', `/v1/customers/${completion.customer}`)).body.customer;
    expect(stranger).toMatchObject({ email: 'victim@example.com', default_payment_method: completion.payment_method });
    expect((await sandbox.call('GET', `/v1/customers/${completion.customer}/letters`)).body.letters).toHaveLength(1);
    const consultations = (await sandbox.call('GET', `/v1/consultations?checkout_session=${session.checkout_session_id}`)).body.consultations;
    expect(consultations[0].customer).toBe(completion.customer);
  });

  it("the same through 3-D Secure, and with the email given as the session's customer_email", async () => {
    const before = await victimRecord();
    const session = await createSession(sandbox.call, {
      line_items: [{ price: gym.price_id }],
      setup_future_use: 'off_session',
      customer_email: 'victim@example.com',
    });
    const browser = browserOf(sandbox.call, session);
    await browser.answer('approved', 'gym', await sandboxToday(sandbox.call));
    const pending = await browser.confirm(await tokenFor(sandbox.call, CARDS.threeDSecure));
    expect(pending.status).toBe(200);
    expect(pending.body.status).toBe('requires_action');
    expect((await authenticate(sandbox.call, pending.body.next_action.client_secret, 'complete')).status).toBe(200);

    const view = (await browser.view()).body.checkout_session;
    expect(view.status).toBe('complete');
    expect(view.completion.customer).not.toBe(victim.customer);
    expect(await victimRecord()).toEqual(before);
  });

  it("the same through Flex's hosted checkout page (/pay/c/{id}): it pays by the same functions", async () => {
    const before = await victimRecord();
    const sunscreen = await createPrice(sandbox.call, { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation' }, { unit_amount: 2400 });
    const session = await createSession(sandbox.call, { line_items: [{ price: sunscreen.price_id }], setup_future_use: 'off_session' });
    const paid = await sandbox.app.request(`/pay/c/${session.checkout_session_id}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        email: 'victim@example.com',
        first_name: 'Not',
        last_name: 'Victim',
        number: CARDS.visa,
        expiry: '12 / 34',
        cvc: '123',
        postal_code: '10001',
      }).toString(),
    });
    expect(paid.status, await paid.clone().text()).toBe(303);
    expect(await paid.text()).not.toContain(victim.customer);
    const done = (await sandbox.call('GET', `/v1/checkout/sessions/${session.checkout_session_id}`)).body.checkout_session;
    expect(done.status).toBe('complete');
    expect(done.customer).toMatch(/^fcus_/);
    expect(done.customer).not.toBe(victim.customer);
    expect(await victimRecord()).toEqual(before);
  });

  it('a session the merchant created for the customer still reaches their record (the way to recognise a returning shopper)', async () => {
    const session = await createSession(sandbox.call, { line_items: [{ price: gym.price_id }], customer: victim.customer });
    const view = (await browserOf(sandbox.call, session).view()).body.checkout_session;
    expect(view.consultation_required).toBe(false);
    expect(view.letter).toMatchObject({ customer: victim.customer, visit_type: 'gym' });
  });
});
