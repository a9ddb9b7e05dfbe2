import { describe, expect, it } from 'vitest';
import { FlexEvent, Invoice, Subscription, WebhookEndpoint } from '@flex-checkout/protocol';
import { CardDeclinedError, ConflictError, NotFoundError, ValidationError } from '../src/client/index.js';
import { browserOf, createPrice, createSession, tokenFor } from '../../../test/support/checkout.js';
import { failure, useEmbedded, useHttp, type Harness } from './support/client-harness.js';

const billingSuite = (h: Harness) => {
  it('subscriptions: retrieve, list by customer, update, cancel', async () => {
    const plan = await createPrice(
      h.call,
      { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation', name: 'Club' },
      { unit_amount: 1900, recurring: { interval: 'monthly' } },
    );
    const session = await h.checkout({ mode: 'subscription', line_items: [{ price: plan.price_id }] }, { email: `subs-${Date.now()}@example.com` });
    const sub = await h.client.subscriptions.retrieve(session.subscription);
    expect(Subscription.safeParse(sub).error).toBeUndefined();
    expect(sub).toMatchObject({ status: 'active', customer: session.customer, amount: 1900, default_payment_method: session.payment_method });
    expect(await h.client.subscriptions.list({ customer: session.customer })).toEqual({ data: [sub], hasMore: false });

    const flagged = await h.client.subscriptions.update(sub.subscription_id, { cancel_at_period_end: true, metadata: { reason: 'moving' } });
    expect(flagged).toMatchObject({ cancel_at_period_end: true, metadata: { reason: 'moving' }, status: 'active' });
    const canceled = await h.client.subscriptions.cancel(sub.subscription_id);
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'requested' });
    expect(await failure(h.client.subscriptions.cancel(sub.subscription_id))).toBeInstanceOf(ConflictError);
    expect(await failure(h.client.subscriptions.retrieve('fsub_00000000000000000000000001'))).toBeInstanceOf(NotFoundError);
    const invalid = await failure(h.client.subscriptions.update(sub.subscription_id, { default_payment_method: 'not-a-card' }));
    expect(invalid).toBeInstanceOf(ValidationError);

    const invoices = await h.client.invoices.list({ subscription: sub.subscription_id });
    expect(invoices.data).toHaveLength(1);
    expect(Invoice.safeParse(invoices.data[0]).error).toBeUndefined();
    expect(await h.client.invoices.retrieve(invoices.data[0]!.invoice_id)).toEqual(invoices.data[0]);
    // Paying an invoice is the sandbox's extension: Flex documents no such call.
    expect(await failure(h.client.invoices.pay(invoices.data[0]!.invoice_id))).toBeInstanceOf(h.profile === 'default' ? ConflictError : NotFoundError);
  });

  // Paying an invoice is the sandbox's extension; the flex profile's absence of it is checked above.
  if (h.profile === 'default')
    it('invoices: pay (the sandbox extension) throws CardDeclinedError on a decline, then collects with another card of the customer', async () => {
      const plan = await createPrice(
        h.call,
        { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation', name: 'Trial club' },
        { unit_amount: 2100, recurring: { interval: 'monthly', trial_period_days: 3 } },
      );
      // Verifies fine, declines every charge.
      const session = await h.checkout(
        { mode: 'subscription', line_items: [{ price: plan.price_id }] },
        { card: '4000000000000341', email: `pay-${Date.now()}@example.com` },
      );
      const sub = await h.client.subscriptions.retrieve(session.subscription);
      await h.call('POST', '/v1/test_helpers/advance_time', { body: { to: Date.parse(sub.trial_end!) / 1000 } });
      const [open] = (await h.client.invoices.list({ subscription: sub.subscription_id, status: 'open' })).data;
      expect(open).toMatchObject({ status: 'open', attempt_count: 1, amount_due: 2100 });

      const declined = await failure(h.client.invoices.pay(open!.invoice_id));
      expect(declined).toBeInstanceOf(CardDeclinedError);
      expect(declined.status).toBe(402);

      // A second card, saved through a setup session for this customer (not the subscription's default).
      const setup = await createSession(h.call, { mode: 'setup', customer: session.customer });
      const confirmed = await browserOf(h.call, setup).confirm(await tokenFor(h.call, '4242424242424242'));
      const card = confirmed.body.checkout_session.completion.payment_method;
      const paid = await h.client.invoices.pay(open!.invoice_id, { paymentMethod: card }, { idempotencyKey: `collect-${open!.invoice_id}` });
      expect(paid).toMatchObject({ status: 'paid', amount_paid: 2100, payment_method: card, attempt_count: 3 });
      // The same key replays the answer: collected once.
      expect(await h.client.invoices.pay(open!.invoice_id, { paymentMethod: card }, { idempotencyKey: `collect-${open!.invoice_id}` })).toEqual(paid);
      expect((await h.client.subscriptions.retrieve(sub.subscription_id)).status).toBe('active');
    });

  it('webhooks as Flex documents them: POST /v1/webhooks answers an fwhsec_ secret once, and deliveries are signed with it', async () => {
    const webhook = await h.client.webhooks.create({ url: 'http://127.0.0.1:9/hooks', events: ['checkout.session.completed'] });
    expect(webhook).toMatchObject({
      url: 'http://127.0.0.1:9/hooks',
      events: ['checkout.session.completed'],
      secret: expect.stringMatching(/^fwhsec_[A-Za-z0-9+/]+=*$/),
    });
    expect(await failure(h.client.webhooks.create({ url: 'not a url', events: ['*'] }))).toBeInstanceOf(ValidationError);
  });

  if (h.profile === 'flex') {
    it('webhook endpoints and the event list are the sandbox extension: the flex profile answers NotFoundError, as Flex would', async () => {
      expect(await failure(h.client.webhookEndpoints.create({ url: 'http://127.0.0.1:9/hooks', enabled_events: ['customer.created'] }))).toBeInstanceOf(
        NotFoundError,
      );
      expect(await failure(h.client.webhookEndpoints.list())).toBeInstanceOf(NotFoundError);
      expect(await failure(h.client.events.list({ type: 'customer.created' }))).toBeInstanceOf(NotFoundError);
    });
  } else
    it('webhook endpoints (the sandbox extension): the secret once, list, deliveries, delete; events: list by type, every page, retrieve', async () => {
      // fetch refuses port 9 (a "bad port"): every attempt fails, and is logged.
      const endpoint = await h.client.webhookEndpoints.create({ url: 'http://127.0.0.1:9/hooks', enabled_events: ['customer.created'], description: 'test' });
      expect(endpoint.secret).toMatch(/^whsec_/);
      const { secret: _secret, ...shown } = endpoint;
      expect(WebhookEndpoint.safeParse(shown).error).toBeUndefined();
      const retrieved = await h.client.webhookEndpoints.retrieve(endpoint.webhook_endpoint_id);
      expect(retrieved).toEqual(shown);
      expect(retrieved).not.toHaveProperty('secret');
      expect((await h.client.webhookEndpoints.list()).data).toContainEqual(shown);

      const customer = await h.client.customers.create({ email: `hooks-${Date.now()}@example.com` });
      const created = (await h.client.events.list({ type: 'customer.created' })).data.find((e) => e.object.customer_id === customer.customer_id)!;
      expect(FlexEvent.safeParse(created).error).toBeUndefined();
      expect(await h.client.events.retrieve(created.event_id)).toEqual(created);
      const every: string[] = [];
      for await (const event of h.client.events.all({ limit: 2 })) every.push(event.event_id);
      expect(every).toContain(created.event_id);
      expect(new Set(every).size).toBe(every.length);

      const deliveries = await h.client.webhookEndpoints.deliveries(endpoint.webhook_endpoint_id, { event: created.event_id });
      expect(deliveries.data).toEqual([
        expect.objectContaining({ event_id: created.event_id, event_type: 'customer.created', webhook_endpoint: endpoint.webhook_endpoint_id }),
      ]);

      expect(await h.client.webhookEndpoints.delete(endpoint.webhook_endpoint_id)).toEqual(shown);
      expect(await failure(h.client.webhookEndpoints.retrieve(endpoint.webhook_endpoint_id))).toBeInstanceOf(NotFoundError);
      expect(await failure(h.client.webhookEndpoints.create({ url: 'not a url', enabled_events: ['*'] }))).toBeInstanceOf(ValidationError);
    });
};

describe('typed client billing namespaces against the embedded sandbox', () => billingSuite(useEmbedded()));
describe('typed client billing namespaces over HTTP', () => billingSuite(useHttp()));
describe('typed client billing namespaces against the embedded sandbox, flex profile', () => billingSuite(useEmbedded('flex')));
describe('typed client billing namespaces over HTTP, flex profile', () => billingSuite(useHttp('flex')));
