import { LETTER_REQUIRED_ERROR } from '@flex-checkout/protocol';
import { expect, it } from 'vitest';
import { browserOf, checkoutOnSession, createPrice, createSession } from '../../../test/support/checkout.js';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { useSandbox } from '../../../test/support/sandbox.js';
import { advanceTo, DAY_S, eventsAbout, getInvoice, getSubscription, iso, must, secs } from './support/billing.js';

describeEachDatabase('a year of a monthly LMN subscription, lived through with the test clock', (kind) => {
  const sandbox = useSandbox(kind);

  it('renews 11 times, fails at month 12 with the LoMN reason, retries on schedule, and a new consultation renews it', async () => {
    const call = sandbox.call;
    const gym = await createPrice(call, { visit_type: 'gym', name: 'Strength club' }, { unit_amount: 4999, recurring: { interval: 'monthly' } });

    // Month 0: the on-session checkout holds the consultation (the letter) and the first payment.
    const session = await checkoutOnSession(call, { mode: 'subscription', line_items: [{ price: gym.price_id }] }, { email: 'year@example.com' });
    expect(session.subscription).toMatch(/^fsub_[0-9A-Z]{26}$/);
    const view = must(await browserOf(call, session).view(), 'client view').checkout_session;
    expect(view.completion.subscription).toBe(session.subscription);

    let sub = await getSubscription(call, session.subscription);
    expect(sub).toMatchObject({
      status: 'active',
      customer: session.customer,
      amount: 4999,
      visit_type: 'gym',
      letter_of_medical_necessity_required: true,
      default_payment_method: session.payment_method,
      cancel_at_period_end: false,
      trial_end: null,
      checkout_session: session.checkout_session_id,
    });
    const first = await getInvoice(call, sub.latest_invoice);
    expect(first).toMatchObject({
      status: 'paid',
      billing_reason: 'subscription_create',
      amount_due: 4999,
      amount_paid: 4999,
      payment_intent: session.payment_intent_id,
      period_start: sub.current_period_start,
      period_end: sub.current_period_end,
    });
    const customer = must(await call('GET', `/v1/customers/${session.customer}`), 'customer').customer;
    expect(customer.default_payment_method).toBe(session.payment_method);
    const [letter] = must(await call('GET', `/v1/customers/${session.customer}/letters`), 'letters').letters;
    const start = sub.current_period_start;

    // Months 1 to 11: each period's end renews it and the saved card pays off session.
    const renewals: any[] = [];
    for (let month = 1; month <= 11; month++) {
      const periodEnd = sub.current_period_end;
      await advanceTo(call, periodEnd);
      sub = await getSubscription(call, sub.subscription_id);
      expect(sub.status, `month ${month}`).toBe('active');
      expect(sub.current_period_start).toBe(periodEnd);
      const invoice = await getInvoice(call, sub.latest_invoice);
      expect(invoice, `month ${month}`).toMatchObject({
        status: 'paid',
        billing_reason: 'subscription_cycle',
        amount_due: 4999,
        amount_paid: 4999,
        amount_remaining: 0,
        attempt_count: 1,
        period_start: periodEnd,
        period_end: sub.current_period_end,
        payment_method: session.payment_method,
        lines: [expect.objectContaining({ price: gym.price_id, period: { start: periodEnd, end: sub.current_period_end } })],
      });
      const pi = must(await call('GET', `/v1/payment_intents/${invoice.payment_intent}`), 'payment intent').payment_intent;
      expect(pi).toMatchObject({ status: 'succeeded', amount: 4999, amount_received: 4999, off_session: true, customer: session.customer });
      renewals.push(invoice);
    }
    // Calendar months from the anchor: the 11th renewal is 11 months after the start.
    const startDate = new Date(start);
    expect(new Date(renewals[10].period_start).getUTCMonth()).toBe((startDate.getUTCMonth() + 11) % 12);

    const paid = await eventsAbout(call, 'invoice.paid', 'subscription', sub.subscription_id);
    expect(paid.map((e) => e.object.billing_reason)).toEqual(['subscription_create', ...Array(11).fill('subscription_cycle')]);
    expect(paid.slice(1).map((e) => e.object.invoice_id)).toEqual(renewals.map((i) => i.invoice_id));
    // Flex's subscription guide extends a subscription on invoice.payment_succeeded: one for each paid invoice, the same invoice.
    const succeeded = await eventsAbout(call, 'invoice.payment_succeeded', 'subscription', sub.subscription_id);
    expect(succeeded.map((e) => e.object.invoice_id)).toEqual(paid.map((e) => e.object.invoice_id));
    expect(succeeded.map((e) => e.object.status)).toEqual(Array(12).fill('paid'));
    expect(await eventsAbout(call, 'invoice.payment_failed', 'subscription', sub.subscription_id)).toHaveLength(0);

    // Month 12: the letter (365 days) has run out by the renewal; the charge fails with Flex's LoMN reason.
    const month12 = secs(sub.current_period_end);
    expect(Date.parse(letter.expires_at) / 1000).toBeLessThanOrEqual(month12);
    await advanceTo(call, month12);
    sub = await getSubscription(call, sub.subscription_id);
    expect(sub.status).toBe('past_due');
    let failing = await getInvoice(call, sub.latest_invoice);
    expect(failing).toMatchObject({
      status: 'open',
      attempt_count: 1,
      amount_paid: 0,
      amount_remaining: 4999,
      next_payment_attempt: iso(month12 + 1 * DAY_S),
      last_payment_error: {
        type: 'invalid_request_error',
        code: 'lomn_required',
        message: LETTER_REQUIRED_ERROR.detail[0]!.msg,
        payment_method: session.payment_method,
      },
    });
    const failedPi = must(await call('GET', `/v1/payment_intents/${failing.payment_intent}`), 'payment intent').payment_intent;
    expect(failedPi).toMatchObject({ status: 'requires_payment_method', amount_received: 0 });
    const letters = must(await call('GET', `/v1/customers/${session.customer}/letters`), 'letters').letters;
    expect(letters.map((l: any) => l.status)).toEqual(['expired']);
    const failedEvents = await eventsAbout(call, 'invoice.payment_failed', 'invoice_id', failing.invoice_id);
    expect(failedEvents).toHaveLength(1);
    expect(failedEvents[0].object.last_payment_error.message).toBe('A LoMN is required for this visit type');
    expect((await eventsAbout(call, 'customer.subscription.updated', 'subscription_id', sub.subscription_id)).at(-1).object.status).toBe('past_due');

    // Support collecting it now gets Flex's exact LoMN answer, and the attempt is kept.
    const now = await call('POST', `/v1/invoices/${failing.invoice_id}/pay`);
    expect(now.status).toBe(422);
    expect(now.body).toEqual(LETTER_REQUIRED_ERROR);
    expect((await getInvoice(call, failing.invoice_id)).attempt_count).toBe(2);

    // The retries follow the schedule: 1, 3 and 5 days after the first attempt.
    await advanceTo(call, month12 + 1 * DAY_S - 60);
    expect((await getInvoice(call, failing.invoice_id)).attempt_count).toBe(2);
    await advanceTo(call, month12 + 1 * DAY_S);
    failing = await getInvoice(call, failing.invoice_id);
    expect(failing).toMatchObject({ status: 'open', attempt_count: 3, next_payment_attempt: iso(month12 + 3 * DAY_S) });
    await advanceTo(call, month12 + 3 * DAY_S);
    failing = await getInvoice(call, failing.invoice_id);
    expect(failing).toMatchObject({ status: 'open', attempt_count: 4, next_payment_attempt: iso(month12 + 5 * DAY_S) });
    expect(failing.last_payment_error.code).toBe('lomn_required');
    expect((await getSubscription(call, sub.subscription_id)).status).toBe('past_due');

    // A new consultation, on session: an invoice session pays the open invoice and earns a new letter.
    const pay = await createSession(call, { mode: 'payment', invoice: failing.invoice_id });
    expect(pay).toMatchObject({
      customer: session.customer,
      invoice: failing.invoice_id,
      amount_total: 4999,
      visit_type: 'gym',
      letter_of_medical_necessity_required: true,
    });
    const paidBySession = await checkoutOnSession(call, { mode: 'payment', invoice: failing.invoice_id }, { email: 'year@example.com' });
    const settled = await getInvoice(call, failing.invoice_id);
    expect(settled).toMatchObject({
      status: 'paid',
      amount_paid: 4999,
      next_payment_attempt: null,
      last_payment_error: null,
      checkout_session: paidBySession.checkout_session_id,
      payment_intent: paidBySession.payment_intent_id,
    });
    sub = await getSubscription(call, sub.subscription_id);
    expect(sub.status).toBe('active');
    const newLetters = must(await call('GET', `/v1/customers/${session.customer}/letters`), 'letters').letters;
    expect(newLetters.map((l: any) => l.status)).toEqual(['valid', 'expired']);
    // The session that paid is a separate one-off payment; only the one invoice is paid by it.
    expect(must(await call('GET', `/v1/invoices?subscription=${sub.subscription_id}&status=open`), 'open').invoices).toEqual([]);

    // The retry that was due on day 5 no longer runs, and month 13 renews on the new letter.
    await advanceTo(call, month12 + 6 * DAY_S);
    expect((await getInvoice(call, failing.invoice_id)).attempt_count).toBe(settled.attempt_count);
    await advanceTo(call, sub.current_period_end);
    sub = await getSubscription(call, sub.subscription_id);
    const month13 = await getInvoice(call, sub.latest_invoice);
    expect(month13).toMatchObject({ status: 'paid', billing_reason: 'subscription_cycle', attempt_count: 1, period_start: sub.current_period_start });
    expect(sub.status).toBe('active');
    expect(secs(sub.current_period_start)).toBeGreaterThan(month12);

    const allInvoices = must(await call('GET', `/v1/invoices?subscription=${sub.subscription_id}&limit=100`), 'invoices').invoices;
    expect(allInvoices).toHaveLength(14); // the first, 11 renewals, month 12, month 13
    expect(allInvoices.filter((i: any) => i.status === 'paid')).toHaveLength(14);
  });
});
