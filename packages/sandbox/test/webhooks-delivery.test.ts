import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSandboxApp, startSandboxWorker, type SandboxWorker } from '@flex-checkout/sandbox';
import { checkoutOnSession, createPrice } from '../../../test/support/checkout.js';
import { describeEachDatabase, freshDatabase, type TestDatabase } from '../../../test/support/databases.js';
import { expectError, unknownId } from '../../../test/support/factories.js';
import { caller, type Call } from '../../../test/support/sandbox.js';
import { must } from './support/billing.js';
import { startReceiver, type Receiver } from './support/receiver.js';

const RETRY_BASE_MS = 100;
const MAX_ATTEMPTS = 5;

/** A sandbox in process with its delivery worker on fast settings. */
function useWorkerSandbox(kind: 'sqlite' | 'postgres') {
  const h = {} as { db: TestDatabase; call: Call; worker: SandboxWorker };
  beforeAll(async () => {
    h.db = await freshDatabase(kind);
    const app = createSandboxApp({ store: h.db.store });
    h.call = caller(async (path, init) => app.request(path, init));
    h.worker = startSandboxWorker(h.db.store, { pollMs: 25, retry: { baseMs: RETRY_BASE_MS, maxAttempts: MAX_ATTEMPTS }, timeoutMs: 2_000 });
  });
  afterAll(async () => {
    await h.worker?.stop();
    await h.db?.dispose();
  });
  return h;
}

async function createEndpoint(call: Call, receiver: Receiver, enabled_events: string[] = ['*']): Promise<any> {
  const endpoint = must(
    await call('POST', '/v1/webhook_endpoints', { body: { webhook_endpoint: { url: receiver.url, enabled_events } } }),
    'endpoint',
  ).webhook_endpoint;
  receiver.secret = endpoint.secret;
  return endpoint;
}

/** Every delivery to an endpoint, once none is pending any more. */
async function settledDeliveries(call: Call, endpointId: string, timeoutMs = 20_000): Promise<any[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { deliveries } = must(await call('GET', `/v1/webhook_endpoints/${endpointId}/deliveries?limit=100`), 'deliveries');
    if (deliveries.length > 0 && deliveries.every((d: any) => d.status !== 'pending')) return deliveries;
    if (Date.now() > until)
      throw new Error(`deliveries still pending: ${JSON.stringify(deliveries.map((d: any) => [d.event_type, d.status, d.attempt_count]))}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeEachDatabase('webhook endpoints and signed delivery', (kind) => {
  const h = useWorkerSandbox(kind);
  const receivers: Receiver[] = [];
  afterAll(async () => {
    for (const r of receivers) await r.close();
  });
  const receiver = async (decide?: Parameters<typeof startReceiver>[0]) => {
    const r = await startReceiver(decide);
    receivers.push(r);
    return r;
  };

  it('creates an endpoint with a whsec_ secret shown once; lists, retrieves and deletes it; refuses bad input', async () => {
    const r = await receiver();
    const endpoint = await createEndpoint(h.call, r, ['invoice.paid', 'invoice.paid', 'checkout.session.completed']);
    expect(endpoint).toMatchObject({
      webhook_endpoint_id: expect.stringMatching(/^fwe_[0-9A-Z]{26}$/),
      url: r.url,
      enabled_events: ['invoice.paid', 'checkout.session.completed'],
      description: null,
      test_mode: true,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]+=*$/),
    });
    const { secret, ...shown } = endpoint;
    expect(must(await h.call('GET', `/v1/webhook_endpoints/${endpoint.webhook_endpoint_id}`), 'get').webhook_endpoint).toEqual(shown);
    const listed = must(await h.call('GET', '/v1/webhook_endpoints'), 'list');
    expect(listed.webhook_endpoints).toContainEqual(shown);
    expect(JSON.stringify(listed)).not.toContain(secret);

    const create = (webhook_endpoint: unknown) => h.call('POST', '/v1/webhook_endpoints', { body: { webhook_endpoint } });
    expectError(await create({ url: 'ftp://example.com/hook', enabled_events: ['*'] }), 422, ['body', 'webhook_endpoint', 'url'], expect.any(String) as never);
    expectError(
      await create({ url: r.url, enabled_events: ['invoice.eaten'] }),
      422,
      ['body', 'webhook_endpoint', 'enabled_events', 0],
      expect.any(String) as never,
    );
    expectError(await create({ url: r.url, enabled_events: [] }), 422, ['body', 'webhook_endpoint', 'enabled_events'], expect.any(String) as never);
    expectError(await create({ url: r.url }), 422, ['body', 'webhook_endpoint', 'enabled_events'], 'missing');

    const deleted = must(await h.call('DELETE', `/v1/webhook_endpoints/${endpoint.webhook_endpoint_id}`), 'delete');
    expect(deleted).toEqual({ webhook_endpoint: shown, deleted: true });
    expectError(await h.call('GET', `/v1/webhook_endpoints/${endpoint.webhook_endpoint_id}`), 404, ['path', 'id'], 'not_found');
    expectError(await h.call('DELETE', `/v1/webhook_endpoints/${unknownId('fwe_')}`), 404, ['path', 'id'], 'not_found');
  });

  it('delivers every event, signed, retrying with backoff past failed attempts, each attempt logged, none lost or doubled', async () => {
    // The first two attempts of every event fail (a 500, then a 503): the third gets through.
    const r = await receiver(({ nth }) => (nth === 1 ? 500 : nth === 2 ? 503 : 200));
    const endpoint = await createEndpoint(h.call, r);
    const onlyPaid = await receiver();
    const paidEndpoint = await createEndpoint(h.call, onlyPaid, ['invoice.paid']);
    // Each receiver checks signatures with its own endpoint's secret.
    expect(paidEndpoint.secret).not.toBe(endpoint.secret);

    const plan = await createPrice(
      h.call,
      { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation', name: 'Socks' },
      { unit_amount: 900, recurring: { interval: 'monthly' } },
    );
    const session = await checkoutOnSession(h.call, { mode: 'subscription', line_items: [{ price: plan.price_id }] }, { email: 'hooks@example.com' });
    const sub = must(await h.call('GET', `/v1/subscriptions/${session.subscription}`), 'sub').subscription;
    await h.call('POST', '/v1/test_helpers/advance_time', { body: { to: Date.parse(sub.current_period_end) / 1000 } });

    // Every event since the endpoint was made, as GET /v1/events lists them.
    const events = must(await h.call('GET', '/v1/events?limit=100'), 'events').events.filter(
      (e: any) => e.event_id > endpoint.webhook_endpoint_id.replace('fwe_', 'fevt_'),
    );
    const types = events.map((e: any) => e.event_type);
    expect(types).toEqual(
      expect.arrayContaining([
        'customer.created',
        'payment_method.attached',
        'payment_intent.succeeded',
        'checkout.session.completed',
        'customer.subscription.created',
        'invoice.paid',
        'customer.subscription.updated',
      ]),
    );
    expect(types.filter((t: string) => t === 'invoice.paid')).toHaveLength(2);

    await r.handledCount(events.length);
    const deliveries = await settledDeliveries(h.call, endpoint.webhook_endpoint_id);
    expect(deliveries).toHaveLength(events.length);
    for (const delivery of deliveries) {
      expect(delivery).toMatchObject({ status: 'delivered', attempt_count: 3, next_attempt_at: null });
      expect(delivery.attempts.map((a: any) => [a.attempt, a.status_code])).toEqual([
        [1, 500],
        [2, 503],
        [3, 200],
      ]);
      expect(delivery.attempts.map((a: any) => a.error)).toEqual(['The endpoint answered HTTP 500', 'The endpoint answered HTTP 503', null]);
    }
    // Exponential backoff: at least the base, then twice it, between attempts — for the
    // renewal's events, after which the clock did not jump (a jump makes retries due at once).
    const renewalEvents = events.filter((e: any) => e.event_dt * 1000 >= Date.parse(sub.current_period_end));
    expect(renewalEvents.length).toBeGreaterThanOrEqual(4);
    for (const event of renewalEvents) {
      const delivery = deliveries.find((d: any) => d.event_id === event.event_id);
      const sent = delivery.attempts.map((a: any) => Date.parse(a.sent_at));
      expect(sent[1] - sent[0]).toBeGreaterThanOrEqual(RETRY_BASE_MS);
      expect(sent[2] - sent[1]).toBeGreaterThanOrEqual(2 * RETRY_BASE_MS);
    }

    // The receiver's side: every request verified; each event handled once, under its own ID,
    // with the very envelope GET /v1/events shows, the same bytes on every attempt.
    expect(r.received.every((x) => x.verified)).toBe(true);
    expect([...r.handled.keys()].sort()).toEqual(events.map((e: any) => e.event_id).sort());
    for (const event of events) {
      const attempts = r.received.filter((x) => x.id === event.event_id);
      expect(attempts.map((x) => x.status)).toEqual([500, 503, 200]);
      expect(new Set(attempts.map((x) => x.body)).size).toBe(1);
      expect(JSON.parse(r.handled.get(event.event_id)!)).toEqual(event);
    }
    // The invoice.paid-only endpoint got exactly those, first time.
    await onlyPaid.handledCount(2);
    const paidDeliveries = await settledDeliveries(h.call, paidEndpoint.webhook_endpoint_id);
    expect(paidDeliveries.map((d: any) => [d.event_type, d.status, d.attempt_count])).toEqual([
      ['invoice.paid', 'delivered', 1],
      ['invoice.paid', 'delivered', 1],
    ]);
    expect(onlyPaid.received.map((x) => JSON.parse(x.body).event_type)).toEqual(['invoice.paid', 'invoice.paid']);
    // No card number and no health answer in anything sent.
    expect(r.received.map((x) => x.body).join('\n')).not.toMatch(/4242424242424242|date_of_birth|answers/);

    for (const e of [endpoint, paidEndpoint]) await h.call('DELETE', `/v1/webhook_endpoints/${e.webhook_endpoint_id}`);
  });

  it('a wrong secret fails verification at the receiver and is retried; deleting the endpoint cancels what is pending', async () => {
    const r = await receiver();
    const endpoint = await createEndpoint(h.call, r);
    r.secret = `whsec_${Buffer.from('not the endpoint secret, 24b').toString('base64')}`;
    await h.call('POST', '/v1/customers', { body: { customer: { email: 'wrong-secret@example.com' } } });
    const until = Date.now() + 10_000;
    while (r.received.length < 2 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(r.received.length).toBeGreaterThanOrEqual(2);
    expect(r.received.every((x) => !x.verified && x.status === 400)).toBe(true);
    expect(r.handled.size).toBe(0);

    must(await h.call('DELETE', `/v1/webhook_endpoints/${endpoint.webhook_endpoint_id}`), 'delete');
    const [delivery] = must(await h.call('GET', '/v1/events?type=customer.created&limit=1'), 'events').events;
    const rows = await h.db.store.db.selectFrom('webhook_deliveries').select(['status', 'attempt_count']).where('event_id', '=', delivery.event_id).execute();
    expect(rows).toEqual([{ status: 'canceled', attempt_count: expect.any(Number) }]);
    const count = r.received.length;
    await new Promise((resolve) => setTimeout(resolve, 6 * RETRY_BASE_MS));
    expect(r.received.length).toBe(count);
  });

  it('an endpoint that cannot be reached: every attempt logged with no status, then given up', async () => {
    const r = await receiver();
    await r.close();
    receivers.splice(receivers.indexOf(r), 1);
    const endpoint = must(
      await h.call('POST', '/v1/webhook_endpoints', { body: { webhook_endpoint: { url: r.url, enabled_events: ['customer.created'] } } }),
      'endpoint',
    ).webhook_endpoint;
    await h.call('POST', '/v1/customers', { body: { customer: { email: 'nobody-home@example.com' } } });
    // The retries follow the sandbox clock: moving it makes the next one due at once.
    await h.call('POST', '/v1/test_helpers/advance_time', { body: { seconds: 60 } });
    const [delivery] = await settledDeliveries(h.call, endpoint.webhook_endpoint_id);
    expect(delivery).toMatchObject({ status: 'failed', attempt_count: MAX_ATTEMPTS, next_attempt_at: null, delivered_at: null });
    expect(delivery.attempts).toHaveLength(MAX_ATTEMPTS);
    for (const [i, attempt] of delivery.attempts.entries()) {
      expect(attempt).toMatchObject({ attempt: i + 1, status_code: null, error: expect.stringMatching(/^Could not connect/) });
    }
    await h.call('DELETE', `/v1/webhook_endpoints/${endpoint.webhook_endpoint_id}`);
  });

  it('an endpoint that never answers: the attempt ends at the timeout, logged as such, and the next one gets through', async () => {
    const r = await receiver(({ nth }) => (nth === 1 ? 'hold' : 200));
    const endpoint = await createEndpoint(h.call, r, ['customer.created']);
    must(await h.call('POST', '/v1/customers', { body: { customer: { email: 'slow-endpoint@example.com' } } }), 'customer');
    await r.handledCount(1, 20_000);
    const [delivery] = await settledDeliveries(h.call, endpoint.webhook_endpoint_id);
    expect(delivery).toMatchObject({ status: 'delivered', attempt_count: 2 });
    expect(delivery.attempts.map((a: any) => [a.status_code, a.error])).toEqual([
      [null, 'No answer within 2000 ms'],
      [200, null],
    ]);
    expect(delivery.attempts[0].duration_ms).toBeGreaterThanOrEqual(1_900);
    await h.call('DELETE', `/v1/webhook_endpoints/${endpoint.webhook_endpoint_id}`);
  });

  it('the worker stops on stop(): nothing more is sent, and the API works with no worker at all', async () => {
    const r = await receiver();
    await createEndpoint(h.call, r);
    await h.worker.stop();
    await h.call('POST', '/v1/customers', { body: { customer: { email: 'after-stop@example.com' } } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(r.received).toHaveLength(0);
    // The event waits in the outbox, pending, for a worker.
    const pending = await h.db.store.db.selectFrom('webhook_deliveries').select('status').where('status', '=', 'pending').execute();
    expect(pending.length).toBeGreaterThanOrEqual(1);
    // A worker started again delivers it.
    h.worker = startSandboxWorker(h.db.store, { pollMs: 25, retry: { baseMs: RETRY_BASE_MS } });
    await r.handledCount(1);
  });
});
