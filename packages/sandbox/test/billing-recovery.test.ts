import { expect, it } from 'vitest';
import { browserOf, checkoutOnSession, createPrice, createSession, tokenFor } from '../../../test/support/checkout.js';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { useSandbox } from '../../../test/support/sandbox.js';
import { advanceTo, DAY_S, eventsAbout, getInvoice, getSubscription, iso, must, secs } from './support/billing.js';

/** Verifies (a setup, a trial) and then declines every charge: a card that starts declining. */
const STARTS_DECLINING = '4000000000000341';
const VISA = '4242424242424242';

describeEachDatabase('renewals that fail and recover', (kind) => {
  const sandbox = useSandbox(kind);

  it('a card that starts declining: past_due, retries, a new default card from a setup session, then paid', async () => {
    const call = sandbox.call;
    const plan = await createPrice(
      call,
      { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation', name: 'Vitamin club' },
      { unit_amount: 2500, recurring: { interval: 'monthly', trial_period_days: 14 } },
    );
    const session = await checkoutOnSession(
      call,
      { mode: 'subscription', line_items: [{ price: plan.price_id }] },
      { card: STARTS_DECLINING, email: 'decline@example.com' },
    );
    // A trial charges nothing: the card is verified (a setup intent) and saved.
    expect(session.payment_intent_id).toBeNull();
    expect(session.setup_intent).toMatch(/^fseti_/);
    let sub = await getSubscription(call, session.subscription);
    expect(sub).toMatchObject({ status: 'trialing', latest_invoice: null, trial_start: sub.current_period_start, trial_end: sub.current_period_end });
    expect(secs(sub.trial_end) - secs(sub.trial_start)).toBe(14 * DAY_S);
    const oldCard = sub.default_payment_method;

    // The trial ends: the first charge declines, the subscription is past_due.
    const trialEnd = secs(sub.trial_end);
    await advanceTo(call, trialEnd);
    sub = await getSubscription(call, sub.subscription_id);
    expect(sub).toMatchObject({ status: 'past_due', current_period_start: iso(trialEnd), billing_cycle_anchor: iso(trialEnd) });
    let invoice = await getInvoice(call, sub.latest_invoice);
    expect(invoice).toMatchObject({
      status: 'open',
      billing_reason: 'subscription_cycle',
      amount_due: 2500,
      attempt_count: 1,
      next_payment_attempt: iso(trialEnd + DAY_S),
      payment_method: oldCard,
      last_payment_error: { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline' },
    });
    const updates = await eventsAbout(call, 'customer.subscription.updated', 'subscription_id', sub.subscription_id);
    expect(updates.map((e) => e.object.status)).toEqual(['active', 'past_due']);
    const failed = await eventsAbout(call, 'payment_intent.payment_failed', 'payment_intent_id', invoice.payment_intent);
    expect(failed).toHaveLength(1);

    // Support tries now, by hand: 402, recorded, and the schedule stays as it was.
    const byHand = await call('POST', `/v1/invoices/${invoice.invoice_id}/pay`, { body: {} });
    expect(byHand.status).toBe(402);
    expect(byHand.body).toEqual({ detail: [{ loc: ['body', 'payment_method'], msg: expect.stringMatching(/declined/), type: 'card_error' }] });
    invoice = await getInvoice(call, invoice.invoice_id);
    expect(invoice).toMatchObject({ attempt_count: 2, next_payment_attempt: iso(trialEnd + DAY_S) });

    // Day 1: the scheduled retry fails too.
    await advanceTo(call, trialEnd + DAY_S);
    invoice = await getInvoice(call, invoice.invoice_id);
    expect(invoice).toMatchObject({ status: 'open', attempt_count: 3, next_payment_attempt: iso(trialEnd + 3 * DAY_S) });

    // The customer adds a new card through a setup session that names the subscription.
    const setup = await createSession(call, { mode: 'setup', subscription: sub.subscription_id });
    expect(setup).toMatchObject({ mode: 'setup', customer: session.customer, subscription: sub.subscription_id, amount_total: 0 });
    const confirmed = must(await browserOf(call, setup).confirm(await tokenFor(call, VISA)), 'setup confirm');
    expect(confirmed.checkout_session.completion).toMatchObject({ subscription: sub.subscription_id, setup_intent: expect.stringMatching(/^fseti_/) });
    const newCard = confirmed.checkout_session.completion.payment_method;
    expect(newCard).not.toBe(oldCard);
    sub = await getSubscription(call, sub.subscription_id);
    expect(sub).toMatchObject({ status: 'past_due', default_payment_method: newCard });
    // The customer's own default stays the first card: only the subscription was named.
    expect(must(await call('GET', `/v1/customers/${session.customer}`), 'customer').customer.default_payment_method).toBe(oldCard);
    const methods = must(await call('GET', `/v1/payment_methods?customer=${session.customer}`), 'cards').payment_methods;
    expect(methods.find((m: any) => m.payment_method_id === newCard)).toMatchObject({ off_session: true, card: { last4: '4242' } });
    // Nothing is charged until the next scheduled attempt.
    expect((await getInvoice(call, invoice.invoice_id)).attempt_count).toBe(3);

    // Day 3: the retry uses the new card and succeeds.
    await advanceTo(call, trialEnd + 3 * DAY_S);
    invoice = await getInvoice(call, invoice.invoice_id);
    expect(invoice).toMatchObject({
      status: 'paid',
      attempt_count: 4,
      amount_paid: 2500,
      payment_method: newCard,
      next_payment_attempt: null,
      last_payment_error: null,
    });
    sub = await getSubscription(call, sub.subscription_id);
    expect(sub.status).toBe('active');
    const pi = must(await call('GET', `/v1/payment_intents/${invoice.payment_intent}`), 'pi').payment_intent;
    expect(pi).toMatchObject({ status: 'succeeded', amount_received: 2500, payment_method: newCard });

    // The next period renews on the new card, first time.
    await advanceTo(call, sub.current_period_end);
    sub = await getSubscription(call, sub.subscription_id);
    expect(await getInvoice(call, sub.latest_invoice)).toMatchObject({ status: 'paid', attempt_count: 1, payment_method: newCard });
    expect(sub.status).toBe('active');
  });

  it('every retry failing: the invoice is uncollectible and the subscription canceled', async () => {
    const call = sandbox.call;
    const plan = await createPrice(
      call,
      { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation', name: 'Tea club' },
      { unit_amount: 1500, recurring: { interval: 'monthly', trial_period_days: 7 } },
    );
    const session = await checkoutOnSession(
      call,
      { mode: 'subscription', line_items: [{ price: plan.price_id }] },
      { card: STARTS_DECLINING, email: 'lost@example.com' },
    );
    let sub = await getSubscription(call, session.subscription);
    const due = secs(sub.trial_end);
    // One move of the clock lives through the first attempt and all three retries, in order.
    const moved = await advanceTo(call, due + 10 * DAY_S);
    expect(moved.ran).toBe(4);
    sub = await getSubscription(call, sub.subscription_id);
    expect(sub).toMatchObject({ status: 'canceled', cancellation_reason: 'payment_failed', ended_at: iso(due + 5 * DAY_S) });
    const invoice = await getInvoice(call, sub.latest_invoice);
    expect(invoice).toMatchObject({ status: 'uncollectible', attempt_count: 4, next_payment_attempt: null });
    const attempts = await eventsAbout(call, 'invoice.payment_failed', 'invoice_id', invoice.invoice_id);
    expect(attempts.map((e) => e.event_dt - due)).toEqual([0, DAY_S, 3 * DAY_S, 5 * DAY_S]);
    expect(await eventsAbout(call, 'invoice.marked_uncollectible', 'invoice_id', invoice.invoice_id)).toHaveLength(1);
    const deleted = await eventsAbout(call, 'customer.subscription.deleted', 'subscription_id', sub.subscription_id);
    expect(deleted).toHaveLength(1);
    expect(deleted[0].object).toMatchObject({ status: 'canceled', cancellation_reason: 'payment_failed' });

    // A canceled subscription never bills again, and takes no new card.
    await advanceTo(call, due + 70 * DAY_S);
    expect(must(await call('GET', `/v1/invoices?subscription=${sub.subscription_id}`), 'invoices').invoices).toHaveLength(1);
    const setup = await call('POST', '/v1/checkout/sessions', { body: { checkout_session: { mode: 'setup', subscription: sub.subscription_id } } });
    expect(setup.status).toBe(409);
    expect(setup.body.detail[0]).toMatchObject({ loc: ['body', 'checkout_session', 'subscription'], type: 'conflict' });
    const pay = await call('POST', `/v1/invoices/${invoice.invoice_id}/pay`);
    expect(pay.status).toBe(409);
  });
});
