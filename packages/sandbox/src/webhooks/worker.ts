import { randomBytes } from 'node:crypto';
import { nextDue, runDueWork } from '../billing/due.js';
import { lockClock, sandboxNow, wallClockMs } from '../clock.js';
import type { Store } from '../db/open.js';
import { claimDeliveries, recordAttempt, type AttemptResult, type ClaimedDelivery } from './deliveries.js';
import { DEFAULT_DELIVERY_SCHEDULE, type DeliverySchedule } from './schedule.js';
import { signedHeaders } from './sign.js';

export interface SandboxWorkerOptions {
  /** How often the worker looks for due work, in milliseconds. Default 500. */
  pollMs?: number;
  /** The delivery retry schedule (sandbox clock). Default: 5 s doubling to 12 h apart, 16 attempts. */
  retry?: Partial<DeliverySchedule>;
  /** How long one delivery attempt may take before it counts as failed. Default 10 s. */
  timeoutMs?: number;
  /**
   * How long a claimed delivery stays with its worker (real time). A process killed mid-
   * delivery holds its rows this long; then another process (or its restart) sends them
   * again. Default: the timeout plus 20 s.
   */
  leaseMs?: number;
  /** Deliveries claimed (and sent at once) per round. Default 10. */
  batchSize?: number;
  /**
   * Also run renewals, retries and expiries as real time passes (the clock is the wall clock
   * plus its offset), not only when `advance_time` moves it. Default true.
   */
  billing?: boolean;
  /** Where each attempt's line goes (never a body or a secret). Default: nowhere. */
  log?: (line: Record<string, unknown>) => void;
}

export interface SandboxWorker {
  /** One round now: due billing work, then every due delivery. */
  runOnce(): Promise<void>;
  /** Stops polling, aborts attempts in flight (recorded as failed, retried later) and waits for the round to end. */
  stop(): Promise<void>;
}

/**
 * The sandbox's background worker: delivers the outbox's events to webhook endpoints, and
 * runs the billing work real time makes due. Safe in any number of processes on one
 * database: deliveries are claimed under row locks (see `claimDeliveries`), billing work
 * under the clock's lock.
 */
export function startSandboxWorker(store: Store, options: SandboxWorkerOptions = {}): SandboxWorker {
  const pollMs = options.pollMs ?? 500;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const leaseMs = options.leaseMs ?? timeoutMs + 20_000;
  const batchSize = options.batchSize ?? 10;
  const schedule: DeliverySchedule = { ...DEFAULT_DELIVERY_SCHEDULE, ...options.retry };
  const log = options.log ?? (() => {});
  const workerId = randomBytes(6).toString('hex');
  let claims = 0;
  let stopped = false;
  const inFlight = new AbortController();
  let wake: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;

  const fail = (what: string, error: unknown) =>
    // Our own fault: the message only, never a payload.
    console.error(JSON.stringify({ level: 'error', msg: `sandbox worker: ${what} failed`, error: String(error) }));

  async function runDueBilling(): Promise<void> {
    if (!(await nextDue(store.db, await sandboxNow(store.db)))) return;
    await store.db.transaction().execute(async (trx) => {
      // Another process (or an advance_time) is at it: its turn.
      if (!(await lockClock(trx, store.dialect, { skipLocked: true }))) return;
      await runDueWork({ db: trx, dialect: store.dialect }, await sandboxNow(trx));
    });
  }

  async function send(claim: ClaimedDelivery): Promise<void> {
    const [event, endpoint] = await Promise.all([
      store.db.selectFrom('events').select('data').where('id', '=', claim.event_id).executeTakeFirst(),
      store.db.selectFrom('webhook_endpoints').select(['secret', 'data']).where('id', '=', claim.endpoint_id).executeTakeFirst(),
    ]);
    let result: AttemptResult & { endpointGone?: boolean };
    if (!endpoint || !event) {
      result = { statusCode: null, error: 'The webhook endpoint was deleted', durationMs: 0, endpointGone: true };
    } else {
      const url = (JSON.parse(endpoint.data) as { url: string }).url;
      // The body is the stored envelope, byte for byte the same on every attempt.
      result = await post(url, signedHeaders(endpoint.secret, claim.event_id, wallClockMs(), event.data), event.data);
    }
    const status = await recordAttempt(store, claim, result, { now: await sandboxNow(store.db), schedule });
    log({
      level: status === 'delivered' ? 'info' : 'warn',
      msg: 'webhook attempt',
      event_id: claim.event_id,
      webhook_endpoint: claim.endpoint_id,
      attempt: claim.attempt,
      status_code: result.statusCode,
      error: result.error,
      delivery: status,
    });
  }

  async function post(url: string, headers: Record<string, string>, body: string): Promise<AttemptResult> {
    const started = wallClockMs();
    // The timeout is our own timer on our own controller, not AbortSignal.any([AbortSignal.timeout()]):
    // Node can collect a timeout signal held only by a composite before it fires
    // (nodejs/node#57736), and then an endpoint that never answers holds the worker for ever.
    const attempt = new AbortController();
    const timer = setTimeout(() => attempt.abort(new DOMException(`No answer within ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
    const onStop = () => attempt.abort(inFlight.signal.reason);
    inFlight.signal.addEventListener('abort', onStop, { once: true });
    try {
      const res = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: attempt.signal });
      await res.arrayBuffer().catch(() => undefined);
      const ok = res.status >= 200 && res.status < 300;
      return { statusCode: res.status, error: ok ? null : `The endpoint answered HTTP ${res.status}`, durationMs: wallClockMs() - started };
    } catch (error) {
      return { statusCode: null, error: describe(error, timeoutMs, stopped), durationMs: wallClockMs() - started };
    } finally {
      clearTimeout(timer);
      inFlight.signal.removeEventListener('abort', onStop);
    }
  }

  async function deliverDue(): Promise<number> {
    const now = await sandboxNow(store.db);
    // A read first: with nothing due (no endpoints, say) a round takes no write lock.
    const due = await store.db
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .limit(1)
      .executeTakeFirst();
    if (!due) return 0;
    const claimed = await claimDeliveries(store, { now, wall: wallClockMs() }, { leaseMs, limit: batchSize, token: `${workerId}:${++claims}` });
    await Promise.all(claimed.map((claim) => send(claim).catch((error: unknown) => fail('a delivery', error))));
    return claimed.length;
  }

  async function runOnce(): Promise<void> {
    if (options.billing !== false) await runDueBilling().catch((error: unknown) => fail('billing work', error));
    // A full batch means more may be waiting: go again at once.
    while (!stopped && (await deliverDue()) === batchSize);
  }

  const loop = (async () => {
    while (!stopped) {
      await runOnce().catch((error: unknown) => fail('a round', error));
      if (stopped) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, pollMs);
      });
    }
  })();

  return {
    runOnce,
    async stop() {
      stopped = true;
      inFlight.abort();
      if (timer) clearTimeout(timer);
      wake?.();
      await loop;
    },
  };
}

/** Why an attempt got no answer, in words that hold nothing from the request. */
function describe(error: unknown, timeoutMs: number, stopping: boolean): string {
  if (stopping) return 'The sandbox stopped during this attempt';
  const name = (error as { name?: string } | null)?.name;
  if (name === 'TimeoutError') return `No answer within ${timeoutMs} ms`;
  // undici puts the socket's error in `cause`, an AggregateError when several addresses failed.
  const cause = (error as { cause?: { code?: string; errors?: { code?: string }[] } } | null)?.cause;
  const code = cause?.code ?? cause?.errors?.[0]?.code;
  return code ? `Could not connect (${code})` : 'Could not connect';
}
