import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../packages/sandbox/test/support/receiver.js';
import { describeEachDatabase, type DatabaseKind } from '../support/databases.js';
import { createPostgresDatabase, startSandboxProcess, type RunningSandbox } from '../support/process.js';
import { caller, type Call } from '../support/sandbox.js';

const EVENTS = 16;
/** Fast retries; a short lease, so a killed process's claims are taken over within seconds. */
const WORKER_ARGS = ['--poll-ms', '50', '--webhook-retry-ms', '100', '--webhook-timeout-ms', '2500', '--webhook-lease-ms', '3000'];
const INTERRUPTED = /sending it stopped/;

async function database(kind: DatabaseKind, cleanups: (() => Promise<void> | void)[]): Promise<string> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'flex-hooks-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return join(dir, 'sandbox.sqlite');
  }
  const created = await createPostgresDatabase(process.env.DATABASE_URL!);
  cleanups.push(created.drop);
  return created.url;
}

async function until(what: string, done: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function allEvents(call: Call): Promise<any[]> {
  const answer = await call('GET', '/v1/events?limit=100');
  expect(answer.status).toBe(200);
  return answer.body.events;
}

describeEachDatabase('webhook delivery across a SIGKILL of the sandbox', (kind) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('delivers every event after the restart, under the same ID and body: none lost, none handled as two', { timeout: 90_000 }, async () => {
    const t0 = Date.now();
    const mark = (what: string) => console.log(`[${kind}] +${Date.now() - t0} ms ${what}`);
    const db = await database(kind, cleanups);
    // A third of first attempts hang (in flight when the process dies), a third fail, a third pass.
    const receiver: Receiver = await startReceiver(({ id, nth }) => {
      if (nth > 1) return 200;
      const bucket = id.charCodeAt(id.length - 1) % 3;
      return bucket === 0 ? 'hold' : bucket === 1 ? 500 : 200;
    });
    cleanups.push(() => receiver.close());

    let sandbox: RunningSandbox = await startSandboxProcess(db, WORKER_ARGS);
    cleanups.push(() => sandbox.kill());
    let call = caller((path, init) => fetch(sandbox.url + path, init));
    const created = await call('POST', '/v1/webhook_endpoints', { body: { webhook_endpoint: { url: receiver.url, enabled_events: ['customer.created'] } } });
    expect(created.status).toBe(200);
    receiver.secret = created.body.webhook_endpoint.secret;
    const endpointId = created.body.webhook_endpoint.webhook_endpoint_id;

    for (let i = 0; i < EVENTS; i++) {
      expect((await call('POST', '/v1/customers', { body: { customer: { email: `hook${i}@example.com` } } })).status).toBe(200);
    }
    // Kill once some requests hang in flight and some events got through.
    await until('deliveries in flight', () => receiver.received.some((r) => r.status === null) && receiver.handled.size >= 2);
    mark('kill');
    await sandbox.kill('SIGKILL');
    const handledBeforeKill = receiver.handled.size;

    sandbox = await startSandboxProcess(db, WORKER_ARGS);
    call = caller((path, init) => fetch(sandbox.url + path, init));
    const events = (await allEvents(call)).filter((e) => e.event_type === 'customer.created');
    expect(events).toHaveLength(EVENTS);
    mark('restarted');
    try {
      await receiver.handledCount(EVENTS, 60_000);
    } catch (error) {
      // What the failure needs to be understood: the restarted process's output, what the
      // receiver got, and what the sandbox's delivery log says.
      const log = await call('GET', `/v1/webhook_endpoints/${endpointId}/deliveries?limit=100`).catch((e: unknown) => ({ body: String(e) }));
      throw new Error(
        `${(error as Error).message}\n--- sandbox output\n${sandbox.output()}\n--- received\n` +
          receiver.received.map((r) => `${r.id} #${r.nth} → ${r.status ?? 'held'}`).join('\n') +
          `\n--- deliveries\n${JSON.stringify(log.body, null, 1).slice(0, 6000)}`,
        { cause: error },
      );
    }
    mark('all handled');

    // None lost: every event handled, under its own event ID, with the envelope the API lists.
    expect([...receiver.handled.keys()].sort()).toEqual(events.map((e) => e.event_id).sort());
    for (const event of events) {
      expect(JSON.parse(receiver.handled.get(event.event_id)!)).toEqual(event);
      // Never two different events: every request for this ID carried the same bytes.
      expect(new Set(receiver.received.filter((r) => r.id === event.event_id).map((r) => r.body)).size).toBe(1);
    }
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    expect(new Set(receiver.received.map((r) => r.id)).size).toBe(EVENTS);

    // The log: every delivery delivered; the attempts cut off by the kill say so.
    await until('the log to settle', async () => {
      const { deliveries } = (await call('GET', `/v1/webhook_endpoints/${endpointId}/deliveries?limit=100`)).body;
      return deliveries.length === EVENTS && deliveries.every((d: any) => d.status === 'delivered');
    });
    const { deliveries } = (await call('GET', `/v1/webhook_endpoints/${endpointId}/deliveries?limit=100`)).body;
    const interrupted = deliveries.flatMap((d: any) => d.attempts).filter((a: any) => INTERRUPTED.test(a.error ?? ''));
    expect(interrupted.length).toBeGreaterThanOrEqual(1);
    for (const delivery of deliveries) {
      expect(delivery.attempts.at(-1)).toMatchObject({ status_code: 200, error: null });
      // Each request the receiver got is an attempt in the log (the log may hold one more: claimed, never sent).
      expect(receiver.received.filter((r) => r.id === delivery.event_id).length).toBeLessThanOrEqual(delivery.attempt_count);
    }
    console.log(
      `[${kind}] ${handledBeforeKill} events handled before the SIGKILL, ${interrupted.length} attempts cut off by it, ` +
        `${receiver.received.length} requests for ${EVENTS} events in all`,
    );
  });
});

describeEachDatabase('two sandbox processes on one database deliver each attempt once', (kind) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('every event is sent exactly twice (a 500, then a 200), by one process or the other, never both', { timeout: 90_000 }, async () => {
    const db = await database(kind, cleanups);
    const receiver = await startReceiver(({ nth }) => (nth === 1 ? 500 : 200));
    cleanups.push(() => receiver.close());
    const a = await startSandboxProcess(db, WORKER_ARGS);
    cleanups.push(() => a.kill());
    const b = await startSandboxProcess(db, WORKER_ARGS);
    cleanups.push(() => b.kill());
    const callA = caller((path, init) => fetch(a.url + path, init));
    const callB = caller((path, init) => fetch(b.url + path, init));

    const created = await callA('POST', '/v1/webhook_endpoints', { body: { webhook_endpoint: { url: receiver.url, enabled_events: ['*'] } } });
    receiver.secret = created.body.webhook_endpoint.secret;
    // On PostgreSQL both processes take writes; an SQLite file is written through one.
    const writers = kind === 'postgres' ? [callA, callB] : [callA];
    const COUNT = 24;
    await Promise.all(
      Array.from({ length: COUNT }, (_, i) =>
        writers[i % writers.length]!('POST', '/v1/customers', { body: { customer: { email: `two${i}@example.com` } } }).then((r) => expect(r.status).toBe(200)),
      ),
    );
    await receiver.handledCount(COUNT, 30_000);
    await until('the last answers to be logged', () => {
      const lines = (a.output() + b.output()).split('\n').filter((l) => l.includes('"webhook attempt"'));
      return lines.length >= 2 * COUNT;
    });

    const ids = new Set(receiver.received.map((r) => r.id));
    expect(ids.size).toBe(COUNT);
    for (const id of ids) {
      expect(receiver.received.filter((r) => r.id === id).map((r) => r.status)).toEqual([500, 200]);
    }
    const byProcess = [a, b].map(
      (p) =>
        p
          .output()
          .split('\n')
          .filter((l) => l.includes('"webhook attempt"')).length,
    );
    // Each attempt was sent (and logged) by exactly one of the two processes.
    expect(byProcess[0]! + byProcess[1]!).toBe(2 * COUNT);
    if (kind === 'postgres') expect(byProcess.every((n) => n > 0)).toBe(true);
    console.log(`[${kind}] attempts sent by process A: ${byProcess[0]}, by process B: ${byProcess[1]}`);
  });
});
