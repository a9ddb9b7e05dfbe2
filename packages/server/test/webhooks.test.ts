import type { FlexEvent } from '@flex-checkout/protocol';
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { freshServerDatabase, type TestServerDatabase } from '../../../test/support/server-store.js';
import type { ServerStore } from '../src/storage/open.js';
import { recordEvent } from '../src/webhooks/store.js';
import { createEventWorker, webhookRoute, type WebhookReceiverOptions } from '../src/webhooks/index.js';
import { capturingLogger, CUSTOMER_MARKER, deferred, flexEvent, newSecret, signedHeaders, type SignOptions } from './fixtures/webhooks.js';
import { scanned } from '../../../test/support/secret-scan.js';

const MINUTE = 60_000;

describeEachDatabase('webhook receiver', (kind) => {
  let database: TestServerDatabase;
  let store: ServerStore;
  let secret: string;
  let logger: ReturnType<typeof capturingLogger>;
  const workers: { stop(): Promise<void> }[] = [];

  beforeEach(async () => {
    database = freshServerDatabase(kind);
    store = await database.open();
    secret = newSecret();
    logger = capturingLogger();
  });
  afterEach(async () => {
    for (const worker of workers.splice(0)) await worker.stop();
    await database.dispose();
  });

  /** A receiver on this test's store; `calls` lists every event handed to onEvent. */
  function receiver(overrides: Partial<WebhookReceiverOptions> = {}) {
    const calls: FlexEvent[] = [];
    const options: WebhookReceiverOptions = {
      secret,
      store,
      logger,
      onEvent: (event) => void calls.push(event),
      ...overrides,
    };
    const worker = createEventWorker(options);
    workers.push(worker);
    return { options, calls, route: webhookRoute(options), worker };
  }

  async function deliver(route: Hono, body: string, sign: Partial<SignOptions> & { headers?: Record<string, string> } = {}) {
    const headers = sign.headers ?? signedHeaders(body, { secret, ...sign });
    const res = await scanned(await route.request('/', { method: 'POST', headers, body }), 'webhook route');
    return { status: res.status, text: await res.text() };
  }

  const row = (eventId: string) => store.db.selectFrom('webhook_events').selectAll().where('event_id', '=', eventId).executeTakeFirst();
  const rowCount = async () =>
    (
      await store.db
        .selectFrom('webhook_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
  const handled = (eventId: string) => vi.waitFor(async () => expect((await row(eventId))?.status).toBe('handled'), { timeout: 5_000 });

  it('accepts a valid delivery, records it, and hands the parsed event over once', async () => {
    const { route, calls, worker } = receiver();
    const event = flexEvent();
    // Pretty-printed on purpose: the signature covers these exact bytes, so a receiver that
    // verified a re-serialised object would refuse it.
    const body = JSON.stringify(event, null, 2);
    const answer = await deliver(route, body);
    expect(answer.status, answer.text).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ received: true, duplicate: false });
    await handled(event.event_id);
    expect(calls).toEqual([event]);

    const stored = await row(event.event_id);
    expect(stored).toMatchObject({ event_type: event.event_type, payload: body, status: 'handled', attempts: 1, last_error: null, locked_until: null });
    expect(stored!.handled_at).toBeGreaterThanOrEqual(stored!.received_at);
    expect(await worker.runOnce()).toBe(0);
    expect(calls).toHaveLength(1);
  });

  it('reads event_dt as Flex documents it (integer seconds), and milliseconds or ISO text as the same instant; refuses any other', async () => {
    const { route, calls } = receiver();
    const at = 1_764_800_000;
    const written = [at, at * 1000 + 999, new Date(at * 1000).toISOString(), '2025-12-03T23:13:20.500-01:00'];
    const events = written.map((eventDt) => ({ ...flexEvent(), event_dt: eventDt }));
    for (const event of events) {
      const answer = await deliver(route, JSON.stringify(event));
      expect(answer.status, answer.text).toBe(200);
      await handled(event.event_id);
    }
    // 23:13:20.5 at UTC−1 is 00:13:20.5 UTC, two hours after `at` (22:13:20 UTC); the half second is dropped.
    const offset = at + 7200;
    expect(calls.map((e) => [e.event_id, e.event_dt])).toEqual(events.map((e, i) => [e.event_id, i === 3 ? offset : at]));

    for (const bad of ['yesterday', -5, true]) {
      const event = { ...flexEvent(), event_dt: bad };
      const answer = await deliver(route, JSON.stringify(event));
      expect(answer.status, answer.text).toBe(400);
      expect(JSON.parse(answer.text).detail).toEqual([{ loc: ['body', 'event_dt'], msg: 'Not a valid value for a Flex event', type: 'value_error' }]);
      expect(await row(event.event_id)).toBeUndefined();
    }
    expect(calls).toHaveLength(4);
  });

  it("accepts the envelope as Flex's event API shows it (created_at as ISO text, no event_dt): event_dt is created_at in Unix seconds", async () => {
    const { route, calls } = receiver();
    const at = 1_764_800_000;
    // Exactly the documented fields: {event_id, event_type, object:{customer:{…}}, test_mode, created_at}.
    const delivered = {
      event_id: `evt_${randomUUID()}`,
      event_type: 'customer.created',
      object: { customer: { customer_id: 'fcus_01', email: CUSTOMER_MARKER } },
      test_mode: true,
      created_at: new Date(at * 1000).toISOString(),
    };
    const answer = await deliver(route, JSON.stringify(delivered));
    expect(answer.status, answer.text).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ received: true, duplicate: false });
    await handled(delivered.event_id);
    // The object keyed by its type is handed over as the object itself.
    expect(calls).toEqual([{ event_id: delivered.event_id, event_type: 'customer.created', event_dt: at, object: delivered.object.customer }]);
    expect(await row(delivered.event_id)).toMatchObject({ payload: JSON.stringify(delivered), status: 'handled' });
  });

  it('hands over the object itself whether the delivery keys it by type or not, so event.object.checkout_session_id reads both', async () => {
    const { route, calls } = receiver();
    const session = { checkout_session_id: 'fcs_01keyed', status: 'complete', amount_total: 2500 };
    const keyed = { event_id: `evt_${randomUUID()}`, event_type: 'checkout.session.completed', event_dt: 1_764_800_000, object: { checkout_session: session } };
    const plain = { event_id: `evt_${randomUUID()}`, event_type: 'checkout.session.completed', event_dt: 1_764_800_000, object: session };
    // One key that is not the object's own type-keyed wrapper (its value has no `metadata_id`) stays as it came.
    const single = { event_id: `evt_${randomUUID()}`, event_type: 'invoice.paid', event_dt: 1_764_800_000, object: { metadata: { order: '7' } } };
    for (const delivered of [keyed, plain, single]) {
      const answer = await deliver(route, JSON.stringify(delivered));
      expect(answer.status, answer.text).toBe(200);
      await handled(delivered.event_id);
    }
    expect(calls.map((e) => e.object)).toEqual([session, session, single.object]);
    expect(calls.map((e) => e.object.checkout_session_id)).toEqual(['fcs_01keyed', 'fcs_01keyed', undefined]);
  });

  it('reads created_at in seconds or milliseconds too (and ISO text without an offset as UTC), prefers event_dt when both are sent, and takes a null event_dt as absent', async () => {
    const { route, calls } = receiver();
    const at = 1_764_800_000;
    const bare = () => ({ event_id: `evt_${randomUUID()}`, event_type: 'invoice.paid', object: {} });
    const deliveries = [
      { ...bare(), created_at: at },
      { ...bare(), created_at: at * 1000 + 250 },
      { ...bare(), event_dt: at, created_at: '2020-01-01T00:00:00Z' },
      { ...bare(), event_dt: at, created_at: 'not a time, and not needed' },
      { ...bare(), event_dt: null, created_at: new Date(at * 1000).toISOString() },
      // ISO text without an offset: read as UTC (Flex documents no offset for it).
      { ...bare(), created_at: new Date(at * 1000).toISOString().replace('Z', '') },
      { ...bare(), created_at: new Date(at * 1000).toISOString().replace('.000Z', '+00:00') },
    ];
    for (const delivered of deliveries) {
      const answer = await deliver(route, JSON.stringify(delivered));
      expect(answer.status, answer.text).toBe(200);
      await handled(delivered.event_id);
    }
    expect(calls.map((e) => [e.event_id, e.event_dt])).toEqual(deliveries.map((d) => [d.event_id, at]));
    expect(calls.every((e) => !('created_at' in e) && !('test_mode' in e))).toBe(true);
  });

  it('refuses a created_at that is no time when it is the only time sent', async () => {
    const { route, calls } = receiver();
    for (const bad of ['yesterday', -5, true]) {
      const delivered = { event_id: `evt_${randomUUID()}`, event_type: 'invoice.paid', object: {}, created_at: bad };
      const answer = await deliver(route, JSON.stringify(delivered));
      expect(answer.status, answer.text).toBe(400);
      expect(JSON.parse(answer.text).detail).toEqual([{ loc: ['body', 'created_at'], msg: 'Not a valid value for a Flex event', type: 'value_error' }]);
      expect(await row(delivered.event_id)).toBeUndefined();
    }
    expect(calls).toHaveLength(0);
  });

  it('accepts an envelope with neither event_dt nor created_at: event_dt is when it was received, on every attempt', async () => {
    const clock = { t: 1_764_800_000_500 };
    let attempts = 0;
    const { route, calls, worker } = receiver({
      now: () => clock.t,
      retryDelaysMs: [100],
      onEvent: (event) => {
        calls.push(event);
        if (++attempts === 1) throw new Error('not yet');
      },
    });
    const delivered = { event_id: `evt_${randomUUID()}`, event_type: 'checkout.session.completed', object: { checkout_session_id: 'fcs_1' } };
    const answer = await deliver(route, JSON.stringify(delivered));
    expect(answer.status, answer.text).toBe(200);
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    // Retried well after receipt (the stored text is read again): still the time of receipt.
    clock.t += 10 * MINUTE;
    await vi.waitFor(async () => expect((await row(delivered.event_id))?.locked_until).toBe(1_764_800_000_500 + 100));
    expect(await worker.runOnce()).toBe(1);
    await handled(delivered.event_id);
    expect(calls).toEqual([
      { ...delivered, event_dt: 1_764_800_000 },
      { ...delivered, event_dt: 1_764_800_000 },
    ]);
  });

  it("verifies Flex's fwhsec_ secrets: the key is the base64 after the prefix, as Flex's docs say", async () => {
    const key = Buffer.from('f'.repeat(32)).toString('base64');
    const { route, calls } = receiver({ secret: `fwhsec_${key}` });
    const event = flexEvent();
    const body = JSON.stringify(event);
    // Signed with the bare key (what Flex signs with), verified by the receiver given fwhsec_….
    const answer = await deliver(route, body, { secret: key });
    expect(answer.status, answer.text).toBe(200);
    await handled(event.event_id);
    expect(calls).toEqual([event]);
    // Another key's signature is still refused.
    const forged = await deliver(route, JSON.stringify(flexEvent()), { secret: Buffer.from('g'.repeat(32)).toString('base64') });
    expect(forged.status).toBe(400);
  });

  it('accepts the unbranded webhook-* header names too', async () => {
    const { route, calls } = receiver();
    const event = flexEvent({ event_type: 'invoice.paid' });
    const answer = await deliver(route, JSON.stringify(event), { family: 'webhook' });
    expect(answer.status, answer.text).toBe(200);
    await handled(event.event_id);
    expect(calls).toEqual([event]);
  });

  it('works mounted under the server prefix', async () => {
    const { options, calls } = receiver();
    const app = new Hono().route('/flex/webhooks', webhookRoute(options));
    const event = flexEvent();
    const body = JSON.stringify(event);
    const res = await scanned(await app.request('/flex/webhooks', { method: 'POST', headers: signedHeaders(body, { secret }), body }), 'POST /flex/webhooks');
    expect(res.status).toBe(200);
    await handled(event.event_id);
    expect(calls).toHaveLength(1);
  });

  it('answers before the handler finishes', async () => {
    const release = deferred();
    const started = deferred();
    const { route } = receiver({
      onEvent: async () => {
        started.resolve();
        await release.promise;
      },
    });
    const event = flexEvent();
    const answer = await deliver(route, JSON.stringify(event));
    expect(answer.status).toBe(200);
    await started.promise;
    // The handler is still running: recorded, held by a lease, not yet handled.
    const held = await row(event.event_id);
    expect(held).toMatchObject({ status: 'received', attempts: 1 });
    expect(held!.locked_until).toBeGreaterThan(Date.now());
    release.resolve();
    await handled(event.event_id);
  });

  const event = flexEvent();
  const body = JSON.stringify(event);
  const now = () => new Date();
  const rejections: { name: string; body?: string; headers: () => Record<string, string>; loc: string[] }[] = [
    { name: 'a tampered body', body: body.replace('4999', '1'), headers: () => signedHeaders(body, { secret }), loc: ['header', 'svix-signature'] },
    { name: 'the wrong secret', headers: () => signedHeaders(body, { secret: newSecret() }), loc: ['header', 'svix-signature'] },
    { name: 'a garbled signature', headers: () => ({ ...signedHeaders(body, { secret }), 'svix-signature': 'v1,AAAA' }), loc: ['header', 'svix-signature'] },
    { name: 'no headers', headers: () => ({ 'content-type': 'application/json' }), loc: ['header', 'svix-id'] },
    { name: 'no svix-id', headers: () => without(signedHeaders(body, { secret }), 'svix-id'), loc: ['header', 'svix-id'] },
    { name: 'no svix-timestamp', headers: () => without(signedHeaders(body, { secret }), 'svix-timestamp'), loc: ['header', 'svix-timestamp'] },
    { name: 'no svix-signature', headers: () => without(signedHeaders(body, { secret }), 'svix-signature'), loc: ['header', 'svix-signature'] },
    {
      name: 'a timestamp 6 minutes old',
      headers: () => signedHeaders(body, { secret, at: new Date(now().getTime() - 6 * MINUTE) }),
      loc: ['header', 'svix-timestamp'],
    },
    {
      name: 'a timestamp 6 minutes ahead',
      headers: () => signedHeaders(body, { secret, at: new Date(now().getTime() + 6 * MINUTE) }),
      loc: ['header', 'svix-timestamp'],
    },
    {
      name: 'a timestamp that is not a number',
      headers: () => ({ ...signedHeaders(body, { secret }), 'svix-timestamp': 'yesterday' }),
      loc: ['header', 'svix-timestamp'],
    },
  ];
  for (const rejection of rejections) {
    it(`refuses ${rejection.name} with 400, records nothing, hands nothing over`, async () => {
      const { route, calls } = receiver();
      const answer = await deliver(route, rejection.body ?? body, { headers: rejection.headers() });
      expect(answer.status, answer.text).toBe(400);
      const detail = JSON.parse(answer.text).detail;
      expect(detail).toHaveLength(1);
      expect(detail[0].loc).toEqual(rejection.loc);
      expect(typeof detail[0].msg).toBe('string');
      expect(typeof detail[0].type).toBe('string');
      // Neither the answer nor the logs quote the body.
      expect(answer.text).not.toContain(CUSTOMER_MARKER);
      expect(answer.text).not.toContain(event.event_id);
      expect(logger.text()).not.toContain(CUSTOMER_MARKER);
      expect(await rowCount()).toBe(0);
      expect(calls).toHaveLength(0);
    });
  }

  it('refuses a signed body that is not a Flex event envelope', async () => {
    const { route, calls } = receiver();
    const notAnEvent = JSON.stringify({ event_id: 'evt_x', object: { customer_email: CUSTOMER_MARKER } });
    const answer = await deliver(route, notAnEvent);
    expect(answer.status, answer.text).toBe(400);
    const locs = JSON.parse(answer.text).detail.map((d: { loc: unknown }) => d.loc);
    // No time at all is not a fault (see the next tests); no event_type is.
    expect(locs).toEqual([['body', 'event_type']]);
    expect(answer.text).not.toContain(CUSTOMER_MARKER);

    const notJson = `not json ${CUSTOMER_MARKER}`;
    const again = await deliver(route, notJson);
    expect(again.status).toBe(400);
    expect(JSON.parse(again.text).detail[0]).toMatchObject({ loc: ['body'], type: 'json_invalid' });
    expect(again.text).not.toContain(CUSTOMER_MARKER);
    expect(await rowCount()).toBe(0);
    expect(calls).toHaveLength(0);
  });

  it('answers a replayed delivery 200 duplicate and never hands it over twice', async () => {
    const { route, calls, worker } = receiver();
    const event = flexEvent();
    const body = JSON.stringify(event);
    expect(JSON.parse((await deliver(route, body)).text)).toEqual({ received: true, duplicate: false });
    await handled(event.event_id);
    // Re-signed as a new delivery attempt (new message ID, new timestamp), same event.
    for (let i = 0; i < 3; i++) {
      const replay = await deliver(route, body, { at: new Date(Date.now() + i * 1000) });
      expect(replay.status).toBe(200);
      expect(JSON.parse(replay.text)).toEqual({ received: true, duplicate: true });
    }
    expect(await worker.runOnce()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toHaveLength(1);
    expect(await rowCount()).toBe(1);
  });

  it('hands over once when the same event arrives twice at the same moment', async () => {
    const { route, calls, worker } = receiver({ onEvent: async (e) => void (calls.push(e), await new Promise((r) => setTimeout(r, 20))) });
    const event = flexEvent();
    const body = JSON.stringify(event);
    const answers = await Promise.all([deliver(route, body), deliver(route, body), deliver(route, body)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.map((a) => JSON.parse(a.text).duplicate).sort()).toEqual([false, true, true]);
    await handled(event.event_id);
    expect(await worker.runOnce()).toBe(0);
    expect(calls).toHaveLength(1);
  });

  it('retries a handler that throws, per the schedule, and completes it on the third attempt', async () => {
    const clock = { t: Date.now() };
    let failuresLeft = 2;
    const calls: FlexEvent[] = [];
    const { route, worker } = receiver({
      now: () => clock.t,
      retryDelaysMs: [100, 200],
      onEvent: (e) => {
        calls.push(e);
        if (failuresLeft-- > 0) throw new Error(`fulfilment is down (${calls.length})`);
      },
    });
    const event = flexEvent();
    expect((await deliver(route, JSON.stringify(event))).status).toBe(200);

    // Attempt 1 (started by the route) throws: back in the queue for 100 ms.
    await vi.waitFor(async () => expect((await row(event.event_id))?.last_error).toContain('fulfilment is down (1)'));
    expect(await row(event.event_id)).toMatchObject({ status: 'received', attempts: 1, locked_until: clock.t + 100 });
    expect(await worker.runOnce()).toBe(0);
    expect(calls).toHaveLength(1);

    clock.t += 99;
    expect(await worker.runOnce()).toBe(0);
    expect(calls).toHaveLength(1);

    clock.t += 2;
    expect(await worker.runOnce()).toBe(0);
    expect(calls).toHaveLength(2);
    expect(await row(event.event_id)).toMatchObject({
      status: 'received',
      attempts: 2,
      locked_until: clock.t + 200,
      last_error: 'Error: fulfilment is down (2)',
    });

    clock.t += 201;
    expect(await worker.runOnce()).toBe(1);
    expect(calls).toEqual([event, event, event]);
    expect(await row(event.event_id)).toMatchObject({ status: 'handled', attempts: 3, handled_at: clock.t, locked_until: null });

    clock.t += 10 * MINUTE;
    expect(await worker.runOnce()).toBe(0);
    expect(calls).toHaveLength(3);

    const retries = logger.lines.filter((l) => l.msg.includes('will retry'));
    expect(retries.map((l) => l.fields.attempt)).toEqual([1, 2]);
    expect(retries[0]!.fields).toMatchObject({ event_id: event.event_id, event_type: event.event_type, status: 'received', retry_in_ms: 100 });
    expect(logger.lines.find((l) => l.msg === 'webhook event handled')?.fields).toMatchObject({ event_id: event.event_id, status: 'handled', attempt: 3 });
    expect(logger.text()).not.toContain(CUSTOMER_MARKER);
  });

  it("marks an event 'failed' once a handler has thrown through the whole schedule", async () => {
    const clock = { t: Date.now() };
    let calls = 0;
    const { route, worker } = receiver({
      now: () => clock.t,
      retryDelaysMs: [10, 20],
      onEvent: () => {
        calls++;
        throw new TypeError('cannot read the order');
      },
    });
    const event = flexEvent();
    expect((await deliver(route, JSON.stringify(event))).status).toBe(200);
    await vi.waitFor(async () => expect((await row(event.event_id))?.attempts).toBe(1));
    clock.t += 11;
    expect(await worker.runOnce()).toBe(0);
    clock.t += 21;
    expect(await worker.runOnce()).toBe(0);
    expect(await row(event.event_id)).toMatchObject({
      status: 'failed',
      attempts: 3,
      last_error: 'TypeError: cannot read the order',
      handled_at: null,
      locked_until: null,
    });
    expect(calls).toBe(3);

    const failed = logger.lines.filter((l) => l.level === 'error');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.fields).toMatchObject({ event_id: event.event_id, event_type: event.event_type, status: 'failed', attempt: 3 });

    // Given up: later passes and a replayed delivery leave it alone.
    clock.t += 60 * MINUTE;
    expect(await worker.runOnce()).toBe(0);
    expect(JSON.parse((await deliver(route, JSON.stringify(event))).text)).toEqual({ received: true, duplicate: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toBe(3);
    expect(logger.text()).not.toContain(CUSTOMER_MARKER);
  });

  it('with no onEvent still records events and marks them handled', async () => {
    const { route } = receiver({ onEvent: undefined });
    const event = flexEvent();
    expect((await deliver(route, JSON.stringify(event))).status).toBe(200);
    await handled(event.event_id);
    expect(await row(event.event_id)).toMatchObject({ attempts: 1, last_error: null });
  });

  it('logs event id, type, status and attempt, never the payload', async () => {
    const { route } = receiver();
    const event = flexEvent();
    await deliver(route, JSON.stringify(event));
    await handled(event.event_id);
    await vi.waitFor(() => expect(logger.lines.some((l) => l.msg === 'webhook event handled')).toBe(true));
    expect(logger.lines.find((l) => l.msg === 'webhook event received')?.fields).toMatchObject({
      event_id: event.event_id,
      event_type: event.event_type,
      status: 'received',
      duplicate: false,
    });
    expect(logger.lines.find((l) => l.msg === 'webhook event handled')?.fields).toEqual({
      event_id: event.event_id,
      event_type: event.event_type,
      status: 'handled',
      attempt: 1,
    });
    expect(logger.text()).not.toContain(CUSTOMER_MARKER);
    expect(logger.text()).not.toContain(String(event.event_dt));
  });

  it('after a crash mid-handling, a new worker on the same database handles every event once', async () => {
    // The first process: its handler never returns (as if the process died inside it).
    const hang = deferred();
    const firstCalls: string[] = [];
    const first = receiver({ leaseMs: 1_000, onEvent: async (e) => void (firstCalls.push(e.event_id), await hang.promise) });
    const events = [flexEvent(), flexEvent(), flexEvent()];
    for (const event of events) expect((await deliver(first.route, JSON.stringify(event))).status).toBe(200);
    await vi.waitFor(() => expect(firstCalls).toHaveLength(3));
    for (const event of events) expect(await row(event.event_id)).toMatchObject({ status: 'received', attempts: 1 });

    // "Restart": a new store and worker on the same database, once the old leases ran out.
    const restarted = await database.open();
    const secondCalls: string[] = [];
    const second = createEventWorker({ secret, store: restarted, logger, now: () => Date.now() + 5_000, onEvent: (e) => void secondCalls.push(e.event_id) });
    workers.push(second);
    expect(await second.runOnce()).toBe(3);
    expect(secondCalls.sort()).toEqual(events.map((e) => e.event_id).sort());
    for (const event of events) expect(await row(event.event_id)).toMatchObject({ status: 'handled', attempts: 2 });

    // The old handler finally returns: its lease is gone, so it completes nothing a second time.
    const handledAt = await Promise.all(events.map(async (e) => (await row(e.event_id))!.handled_at));
    hang.resolve();
    await vi.waitFor(() => expect(logger.lines.filter((l) => l.msg.includes('lease lost'))).toHaveLength(3));
    expect(await Promise.all(events.map(async (e) => (await row(e.event_id))!.handled_at))).toEqual(handledAt);
    expect(await second.runOnce()).toBe(0);
    expect(secondCalls).toHaveLength(3);
  });

  it('keeps the lease while a slow handler runs, so no other worker starts the same event', async () => {
    const release = deferred();
    // A lease of 900 ms renewed every 300 ms: long enough that a busy machine's pause (two cores
    // shared with PostgreSQL and browsers in CI) does not lose it, short enough to outlast four times.
    const { route } = receiver({ leaseMs: 900, onEvent: () => release.promise });
    const event = flexEvent();
    expect((await deliver(route, JSON.stringify(event))).status).toBe(200);
    await vi.waitFor(async () => expect((await row(event.event_id))?.attempts).toBe(1));

    const other = await database.open();
    const otherCalls: string[] = [];
    const otherWorker = createEventWorker({ secret, store: other, logger, leaseMs: 900, onEvent: (e) => void otherCalls.push(e.event_id) });
    workers.push(otherWorker);
    // Four lease lengths: without renewal the other worker would have taken it by now.
    for (let i = 0; i < 10; i++) {
      expect(await otherWorker.runOnce()).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 360));
    }
    expect(otherCalls).toEqual([]);
    release.resolve();
    await handled(event.event_id);
    expect(await row(event.event_id)).toMatchObject({ attempts: 1 });
    expect(await otherWorker.runOnce()).toBe(0);
  });

  it('after a crash between recording and handling, a new worker handles every event once', async () => {
    // The process died right after the INSERT (the 200 may or may not have gone out).
    const events = [flexEvent(), flexEvent({ event_type: 'invoice.paid' })];
    const at = Date.now();
    for (const [i, event] of events.entries()) expect(await recordEvent(store, event, JSON.stringify(event), at + i)).toBe(true);

    const restarted = await database.open();
    const calls: FlexEvent[] = [];
    const worker = createEventWorker({ secret, store: restarted, logger, onEvent: (e) => void calls.push(e) });
    workers.push(worker);
    expect(await worker.runOnce()).toBe(2);
    // In the order they arrived.
    expect(calls).toEqual(events);
    expect(await worker.runOnce()).toBe(0);
    expect(calls).toHaveLength(2);
  });

  it('start() picks up what is waiting and stop() waits for it', async () => {
    const events = [flexEvent(), flexEvent()];
    for (const event of events) await recordEvent(store, event, JSON.stringify(event), Date.now());
    const calls: string[] = [];
    const worker = createEventWorker({ secret, store, logger, onEvent: (e) => void calls.push(e.event_id) });
    workers.push(worker);
    worker.start(20);
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    const later = flexEvent();
    await recordEvent(store, later, JSON.stringify(later), Date.now());
    await handled(later.event_id);
    await worker.stop();
    expect(calls).toHaveLength(3);
  });
});

function without(headers: Record<string, string>, name: string): Record<string, string> {
  const { [name]: _, ...rest } = headers;
  return rest;
}
