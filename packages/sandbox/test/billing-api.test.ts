import { EVENT_TYPES } from '@flex-checkout/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { browserOf, checkoutOnSession, createPrice, createSession, tokenFor } from '../../../test/support/checkout.js';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { expectError, unknownId } from '../../../test/support/factories.js';
import { useSandbox } from '../../../test/support/sandbox.js';
import { advanceTo, eventsAbout, eventsOf, getInvoice, getSubscription, must, secs } from './support/billing.js';

const SESSION = ['body', 'checkout_session'];

describeEachDatabase('subscriptions, invoices, default cards and events over the API', (kind) => {
  const sandbox = useSandbox(kind);
  let monthly: { price_id: string }, oneTime: { price_id: string };
  /** A customer with an active subscription, paid on session with a 4242 card. */
  let sample: { customer: string; subscription: string; card: string; session: any };

  beforeAll(async () => {
    monthly = await createPrice(
      sandbox.call,
      { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation', name: 'Box' },
      { unit_amount: 3000, recurring: { interval: 'monthly' } },
    );
    oneTime = await createPrice(sandbox.call, { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation', name: 'Starter kit' }, { unit_amount: 1200 });
    const session = await checkoutOnSession(sandbox.call, { mode: 'subscription', line_items: [{ price: monthly.price_id }] }, { email: 'api@example.com' });
    sample = { customer: session.customer, subscription: session.subscription, card: session.payment_method, session };
  });

  describe('subscriptions', () => {
    it('are retrieved, and listed by customer and status', async () => {
      const call = sandbox.call;
      const sub = await getSubscription(call, sample.subscription);
      expect(sub).toMatchObject({
        subscription_id: sample.subscription,
        customer: sample.customer,
        status: 'active',
        items: [{ price: monthly.price_id, quantity: 1, unit_amount: 3000, amount: 3000, recurring: { interval: 'monthly', interval_count: 1 } }],
        currency: 'usd',
        amount: 3000,
        test_mode: true,
      });
      expect(secs(sub.current_period_end)).toBeGreaterThan(secs(sub.current_period_start));
      expect(must(await call('GET', `/v1/subscriptions?customer=${sample.customer}`), 'list').subscriptions).toEqual([sub]);
      expect(must(await call('GET', `/v1/subscriptions?customer=${sample.customer}&status=canceled`), 'list').subscriptions).toEqual([]);
      expectError(await call('GET', `/v1/subscriptions/${unknownId('fsub_')}`), 404, ['path', 'id'], 'not_found');
      expectError(await call('GET', '/v1/subscriptions?status=sleeping'), 422, ['query', 'status'], expect.any(String) as never);
    });

    it('take a new default card of their own customer, verified for off-session use, and say so in an event', async () => {
      const call = sandbox.call;
      const path = `/v1/subscriptions/${sample.subscription}`;
      const other = await checkoutOnSession(
        call,
        { line_items: [{ price: oneTime.price_id }], setup_future_use: 'off_session' },
        { email: 'other@example.com' },
      );
      expectError(
        await call('POST', path, { body: { subscription: { default_payment_method: other.payment_method } } }),
        404,
        ['body', 'subscription', 'default_payment_method'],
        'not_found',
      );
      // Paid on session without setup_future_use: this customer's, but not verified for later charges.
      const unverified = await checkoutOnSession(call, { line_items: [{ price: oneTime.price_id }], customer: sample.customer });
      expectError(
        await call('POST', path, { body: { subscription: { default_payment_method: unverified.payment_method } } }),
        422,
        ['body', 'subscription', 'default_payment_method'],
        'invalid_request_error',
        /not verified/,
      );
      expectError(await call('POST', path, { body: { subscription: { status: 'active' } } }), 400, ['body', 'subscription', 'status'], 'extra_forbidden');
      expect((await getSubscription(call, sample.subscription)).default_payment_method).toBe(sample.card);

      const updated = must(await call('POST', path, { body: { subscription: { metadata: { plan: 'gold' } } } }), 'update').subscription;
      expect(updated.metadata).toEqual({ plan: 'gold' });
      const events = await eventsAbout(call, 'customer.subscription.updated', 'subscription_id', sample.subscription);
      expect(events.at(-1).object).toEqual(updated);
    });

    it('cancel_at_period_end ends it at the period end without a new invoice; cancel ends it now', async () => {
      const call = sandbox.call;
      const a = await checkoutOnSession(call, { mode: 'subscription', line_items: [{ price: monthly.price_id }] }, { email: 'leaving@example.com' });
      const flagged = must(
        await call('POST', `/v1/subscriptions/${a.subscription}`, { body: { subscription: { cancel_at_period_end: true } } }),
        'flag',
      ).subscription;
      expect(flagged).toMatchObject({ status: 'active', cancel_at_period_end: true });
      await advanceTo(call, flagged.current_period_end);
      const ended = await getSubscription(call, a.subscription);
      expect(ended).toMatchObject({
        status: 'canceled',
        cancellation_reason: 'requested',
        ended_at: flagged.current_period_end,
        latest_invoice: flagged.latest_invoice,
      });
      expect(must(await call('GET', `/v1/invoices?subscription=${a.subscription}`), 'invoices').invoices).toHaveLength(1);
      expect(await eventsAbout(call, 'customer.subscription.deleted', 'subscription_id', a.subscription)).toHaveLength(1);

      const b = await checkoutOnSession(call, { mode: 'subscription', line_items: [{ price: monthly.price_id }] }, { email: 'now@example.com' });
      const canceled = must(await call('POST', `/v1/subscriptions/${b.subscription}/cancel`), 'cancel').subscription;
      expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'requested', canceled_at: expect.any(String) });
      expectError(await call('POST', `/v1/subscriptions/${b.subscription}/cancel`), 409, ['path', 'id'], 'conflict');
      expectError(await call('DELETE', `/v1/subscriptions/${b.subscription}`), 409, ['path', 'id'], 'conflict');
      expectError(
        await call('POST', `/v1/subscriptions/${b.subscription}`, { body: { subscription: { cancel_at_period_end: false } } }),
        409,
        ['path', 'id'],
        'conflict',
      );
      await advanceTo(call, secs(canceled.current_period_end) + 60);
      expect(must(await call('GET', `/v1/invoices?subscription=${b.subscription}`), 'invoices').invoices).toHaveLength(1);
    });

    it('a trial with a one-time line charges the one-time line now and the plan when the trial ends', async () => {
      const call = sandbox.call;
      const trial = await createPrice(
        call,
        { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation', name: 'Trial box' },
        { unit_amount: 2000, recurring: { interval: 'weekly', trial_period_days: 3 } },
      );
      const s = await checkoutOnSession(
        call,
        { mode: 'subscription', line_items: [{ price: trial.price_id }, { price: oneTime.price_id }] },
        { email: 'kit@example.com' },
      );
      expect(s.amount_total).toBe(3200);
      const pi = must(await call('GET', `/v1/payment_intents/${s.payment_intent_id}`), 'pi').payment_intent;
      expect(pi).toMatchObject({ status: 'succeeded', amount: 1200 });
      let sub = await getSubscription(call, s.subscription);
      expect(sub).toMatchObject({ status: 'trialing', amount: 2000, items: [expect.objectContaining({ price: trial.price_id })] });
      expect(await getInvoice(call, sub.latest_invoice)).toMatchObject({
        status: 'paid',
        billing_reason: 'subscription_create',
        amount_due: 1200,
        lines: [expect.objectContaining({ price: oneTime.price_id, period: null })],
      });
      await advanceTo(call, sub.trial_end);
      sub = await getSubscription(call, s.subscription);
      expect(sub.status).toBe('active');
      const renewal = await getInvoice(call, sub.latest_invoice);
      expect(renewal).toMatchObject({ status: 'paid', amount_due: 2000, billing_reason: 'subscription_cycle' });
      expect(secs(renewal.period_end) - secs(renewal.period_start)).toBe(7 * 24 * 3600);
    });
  });

  describe('invoices', () => {
    it('are listed by customer, subscription and status; paying a paid one is a conflict', async () => {
      const call = sandbox.call;
      const sub = await getSubscription(call, sample.subscription);
      const invoice = await getInvoice(call, sub.latest_invoice);
      expect(must(await call('GET', `/v1/invoices?customer=${sample.customer}`), 'by customer').invoices.map((i: any) => i.invoice_id)).toContain(
        invoice.invoice_id,
      );
      // Earlier tests moved the clock: it has renewed since; newest first, all paid.
      const paid = must(await call('GET', `/v1/invoices?subscription=${sample.subscription}&status=paid`), 'paid').invoices;
      expect(paid[0]).toEqual(invoice);
      expect(paid.map((i: any) => i.billing_reason).at(-1)).toBe('subscription_create');
      expect(must(await call('GET', `/v1/invoices?subscription=${sample.subscription}&status=open`), 'open').invoices).toEqual([]);
      expectError(await call('POST', `/v1/invoices/${invoice.invoice_id}/pay`), 409, ['path', 'id'], 'conflict');
      expectError(await call('POST', `/v1/invoices/${unknownId('finv_')}/pay`), 404, ['path', 'id'], 'not_found');
      expectError(await call('GET', `/v1/invoices/${unknownId('finv_')}`), 404, ['path', 'id'], 'not_found');
      expectError(
        await call('POST', `/v1/invoices/${invoice.invoice_id}/pay`, { body: { payment_method: 'card_4242' } }),
        422,
        ['body', 'payment_method'],
        expect.any(String) as never,
      );
    });
  });

  describe('session kinds that act on billing', () => {
    it('refuses what they cannot do, each at its field', async () => {
      const call = sandbox.call;
      const create = (fields: Record<string, unknown>) => call('POST', '/v1/checkout/sessions', { body: { checkout_session: fields } });
      const invoice = (await getSubscription(call, sample.subscription)).latest_invoice;
      expectError(await create({ mode: 'setup', subscription: unknownId('fsub_') }), 404, [...SESSION, 'subscription'], 'not_found');
      expectError(
        await create({ mode: 'payment', subscription: sample.subscription, line_items: [{ price: oneTime.price_id }] }),
        422,
        [...SESSION, 'subscription'],
        'invalid_request_error',
      );
      const stranger = must(await call('POST', '/v1/customers', { body: { customer: { email: 'stranger@example.com' } } }), 'customer').customer;
      expectError(
        await create({ mode: 'setup', subscription: sample.subscription, customer: stranger.customer_id }),
        422,
        [...SESSION, 'customer'],
        'invalid_request_error',
      );
      expectError(await create({ mode: 'payment', invoice }), 409, [...SESSION, 'invoice'], 'conflict');
      expectError(await create({ mode: 'setup', invoice }), 422, [...SESSION, 'mode'], 'invalid_request_error');
      expectError(await create({ mode: 'payment', invoice: unknownId('finv_') }), 404, [...SESSION, 'invoice'], 'not_found');
    });

    it("a customer's first off-session card is their default; off-session sessions without a card charge it", async () => {
      const call = sandbox.call;
      const customer = must(await call('POST', '/v1/customers', { body: { customer: { email: 'default@example.com' } } }), 'customer').customer;
      expect(customer.default_payment_method).toBeNull();
      const setup = await createSession(call, { mode: 'setup', customer: customer.customer_id });
      const done = must(await browserOf(call, setup).confirm(await tokenFor(call, '4242424242424242')), 'setup').checkout_session;
      expect(done.completion.subscription).toBeNull();
      const card = done.completion.payment_method;
      const after = must(await call('GET', `/v1/customers/${customer.customer_id}`), 'customer').customer;
      expect(after.default_payment_method).toBe(card);
      const updatedEvents = await eventsAbout(call, 'customer.updated', 'customer_id', customer.customer_id);
      expect(updatedEvents.at(-1).object.default_payment_method).toBe(card);
      expect(await eventsAbout(call, 'payment_method.attached', 'payment_method_id', card)).toHaveLength(1);

      const charged = must(
        await call('POST', '/v1/checkout/sessions', {
          body: { checkout_session: { mode: 'off_session', customer: customer.customer_id, line_items: [{ price: oneTime.price_id }] } },
        }),
        'off-session',
      ).checkout_session;
      expect(charged).toMatchObject({ status: 'complete', payment_method: card, payment_intent: expect.stringMatching(/^fpi_/), amount_received: 1200 });

      // The default changes to another of the customer's verified cards, not to anyone else's.
      expectError(
        await call('POST', `/v1/customers/${customer.customer_id}`, { body: { customer: { default_payment_method: sample.card } } }),
        404,
        ['body', 'customer', 'default_payment_method'],
        'not_found',
      );
      const cleared = must(
        await call('POST', `/v1/customers/${customer.customer_id}`, { body: { customer: { default_payment_method: null } } }),
        'clear',
      ).customer;
      expect(cleared.default_payment_method).toBeNull();
      expectError(
        await call('POST', '/v1/checkout/sessions', {
          body: { checkout_session: { mode: 'off_session', customer: customer.customer_id, line_items: [{ price: oneTime.price_id }] } },
        }),
        422,
        [...SESSION, 'payment_method'],
        'invalid_request_error',
        /no default payment method/,
      );
      const back = must(await call('POST', `/v1/customers/${customer.customer_id}`, { body: { customer: { default_payment_method: card } } }), 'set').customer;
      expect(back.default_payment_method).toBe(card);
    });
  });

  describe('events', () => {
    it('are listed newest first, filtered by type, each retrievable, and carry no consultation answers', async () => {
      const call = sandbox.call;
      const all = must(await call('GET', '/v1/events?limit=100'), 'events').events;
      expect(all.length).toBeGreaterThan(10);
      const ids = all.map((e: any) => e.event_id);
      expect([...ids].sort().reverse()).toEqual(ids);
      for (const event of all) {
        expect(Object.keys(event).sort()).toEqual(['event_dt', 'event_id', 'event_type', 'object']);
        expect(event.event_id).toMatch(/^fevt_[0-9A-Z]{26}$/);
        expect(EVENT_TYPES).toContain(event.event_type);
      }
      const sessionEvents = await eventsAbout(call, 'checkout.session.completed', 'checkout_session_id', sample.session.checkout_session_id);
      expect(sessionEvents).toHaveLength(1);
      expect(sessionEvents[0].object).toMatchObject({ status: 'complete', subscription: sample.subscription });
      expect(must(await call('GET', `/v1/events/${sessionEvents[0].event_id}`), 'event').event).toEqual(sessionEvents[0]);
      expectError(await call('GET', `/v1/events/${unknownId('fevt_')}`), 404, ['path', 'id'], 'not_found');

      const types = new Set(all.map((e: any) => e.event_type));
      for (const type of [
        'customer.created',
        'payment_method.attached',
        'payment_intent.succeeded',
        'customer.subscription.created',
        'invoice.created',
        'invoice.finalized',
        'invoice.paid',
        'checkout.session.completed',
      ]) {
        expect(types, type).toContain(type);
      }
      expect((await eventsOf(call, 'invoice.paid')).every((e) => e.event_type === 'invoice.paid')).toBe(true);
    });

    it('consultation decisions and session expiry are events too; the clock expires sessions as it passes', async () => {
      const call = sandbox.call;
      const gym = await createPrice(call, { visit_type: 'gym' }, { unit_amount: 900 });
      const session = await createSession(call, { line_items: [{ price: gym.price_id }] });
      const today = new Date((await call('GET', '/v1/test_helpers/clock')).body.test_clock.now * 1000);
      must(await browserOf(call, session).answer('denied', 'gym', today), 'consultation');
      const denied = (await eventsOf(call, 'consultation.denied')).filter((e) => e.object.checkout_session === session.checkout_session_id);
      expect(denied).toHaveLength(1);
      expect(JSON.stringify(denied[0])).not.toMatch(/answers|date_of_birth|attest/);

      const moved = await advanceTo(call, session.expires_at);
      expect(moved.ran).toBeGreaterThanOrEqual(1);
      const expired = await eventsAbout(call, 'checkout.session.expired', 'checkout_session_id', session.checkout_session_id);
      expect(expired).toHaveLength(1);
      expect(expired[0].event_dt).toBe(session.expires_at);
      // Reading it again does not expire it twice.
      expect(must(await call('GET', `/v1/checkout/sessions/${session.checkout_session_id}`), 'session').checkout_session.status).toBe('expired');
      expect(await eventsAbout(call, 'checkout.session.expired', 'checkout_session_id', session.checkout_session_id)).toHaveLength(1);
    });
  });
});
