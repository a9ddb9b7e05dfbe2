import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FlexEvent } from '@flex-checkout/protocol';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { freshServerDatabase, type TestServerDatabase } from '../../../test/support/server-store.js';
import { recordEvent } from '../src/webhooks/store.js';
import { createEventWorker } from '../src/webhooks/index.js';
import { capturingLogger, flexEvent, newSecret, signedHeaders } from './fixtures/webhooks.js';
import { scannedFetch as fetch } from '../../../test/support/secret-scan.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CHILD = 'packages/server/test/fixtures/webhook-child.ts';

/** Starts the fixture process on `database`; resolves once it listens. */
async function startChild(database: TestServerDatabase, secret: string, leaseMs: number) {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CHILD], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DATABASE_URL: '',
      WEBHOOK_DB: database.url,
      WEBHOOK_SCHEMA: database.schema ?? '',
      WEBHOOK_SECRET: secret,
      WEBHOOK_LEASE_MS: String(leaseMs),
    },
  });
  let printed = '';
  child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the child did not start:\n${printed}`)), 30_000);
    const poll = setInterval(() => {
      const match = /listening on (http:\/\/\S+)/.exec(printed);
      if (match) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(match[1]!);
      }
    }, 20);
    void exited.then((how) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`the child exited (${how}):\n${printed}`));
    });
  });
  return {
    origin,
    output: () => printed,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return exited;
    },
  };
}

describeEachDatabase('webhook receiver, crashes and races', (kind) => {
  let database: TestServerDatabase;
  const cleanups: (() => Promise<unknown>)[] = [];
  beforeEach(() => {
    database = freshServerDatabase(kind);
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await database.dispose();
  });

  it('an event accepted by a process killed inside onEvent is handled exactly once after restart', async () => {
    const secret = newSecret();
    const leaseMs = 1_000;
    const child = await startChild(database, secret, leaseMs);
    cleanups.push(() => child.kill());

    const events = [flexEvent(), flexEvent({ event_type: 'payment_intent.succeeded' })];
    for (const event of events) {
      const body = JSON.stringify(event);
      const res = await fetch(`${child.origin}/`, { method: 'POST', headers: signedHeaders(body, { secret }), body });
      expect(res.status, await res.clone().text()).toBe(200);
      expect(await res.json()).toEqual({ received: true, duplicate: false });
    }
    // Wait until the child is inside the handler for both, then kill it there.
    await vi.waitFor(
      () => {
        for (const event of events) expect(child.output()).toContain(`handing over ${event.event_id}`);
      },
      { timeout: 10_000 },
    );
    expect(await child.kill()).toBe('SIGKILL');

    const store = await database.open();
    const row = (id: string) => store.db.selectFrom('webhook_events').selectAll().where('event_id', '=', id).executeTakeFirstOrThrow();
    for (const event of events) expect(await row(event.event_id)).toMatchObject({ status: 'received', attempts: 1 });

    const calls: FlexEvent[] = [];
    const worker = createEventWorker({ secret, store, logger: capturingLogger(), onEvent: (e) => void calls.push(e) });
    cleanups.push(() => worker.stop());
    // Nothing until the dead process's leases run out, then both, once.
    let completed = await worker.runOnce();
    await vi.waitFor(
      async () => {
        completed += await worker.runOnce();
        expect(completed).toBe(2);
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(calls.map((e) => e.event_id).sort()).toEqual(events.map((e) => e.event_id).sort());
    expect(calls.find((e) => e.event_id === events[0]!.event_id)).toEqual(events[0]);
    for (const event of events) expect(await row(event.event_id)).toMatchObject({ status: 'handled', attempts: 2, locked_until: null });

    expect(await worker.runOnce()).toBe(0);
    expect(calls).toHaveLength(2);
  });

  it('two workers on two connections racing over 20 events complete each exactly once', async () => {
    const events = Array.from({ length: 20 }, () => flexEvent());
    const setup = await database.open();
    const at = Date.now();
    for (const [i, event] of events.entries()) await recordEvent(setup, event, JSON.stringify(event), at + i);

    const counts = new Map<string, number>();
    const onEvent = async (event: FlexEvent) => {
      counts.set(event.event_id, (counts.get(event.event_id) ?? 0) + 1);
      // Long enough for the other worker to reach the same rows while this one holds them.
      await new Promise((resolve) => setTimeout(resolve, 5));
    };
    const [a, b] = await Promise.all([database.open(), database.open()]);
    const logger = capturingLogger();
    const workerA = createEventWorker({ secret: newSecret(), store: a, logger, onEvent });
    const workerB = createEventWorker({ secret: newSecret(), store: b, logger, onEvent });
    cleanups.push(
      () => workerA.stop(),
      () => workerB.stop(),
    );

    const [doneA, doneB] = await Promise.all([workerA.runOnce(), workerB.runOnce()]);
    expect(doneA + doneB).toBe(20);
    // Both took part: the race was real.
    expect(doneA).toBeGreaterThan(0);
    expect(doneB).toBeGreaterThan(0);
    expect(counts.size).toBe(20);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);

    const rows = await setup.db.selectFrom('webhook_events').select(['status', 'attempts']).execute();
    expect(rows).toHaveLength(20);
    expect(rows.every((r) => r.status === 'handled' && Number(r.attempts) === 1)).toBe(true);
    expect(await workerA.runOnce()).toBe(0);
    expect(await workerB.runOnce()).toBe(0);
  });
});
