import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { OUT_DIR, ROOT } from './bundle.js';
import { machine } from './machine.js';
import { postgres } from './postgres.js';
import type { PartResult, Row } from './results.js';
import type { SeededSession } from './seed.js';
import { NEW_INDEXES, type GrowPlan, type PlannedQuery, type TargetInfo } from './target-info.js';
import { formatRatio, percentile, ratio } from './stats.js';

/** Every scenario runs this long at this concurrency, after a short run that is thrown away. */
export const LOAD = { connections: 10, seconds: 5, warmUpSeconds: 2 } as const;
/** Session read through the companion server and straight from its upstream: rounds of each, alternating. */
export const OVERHEAD = { rounds: 4, seconds: 3 } as const;
/**
 * The cost as data grows: two databases side by side, `small` and `large` sessions, measured
 * in alternating rounds (reads for `readSeconds`, then `confirms` confirms), with the
 * sandbox's new indexes (NEW_INDEXES) and, in the same rounds, without them. 100 confirms a
 * round (40 before): the p99 of 160 was the second slowest confirm, one stall's worth. 8
 * rounds (4 before): with 400 confirms a size the p99 was the 4th slowest, and the same
 * targets measured again read 0.77–1.67× (larger ÷ smaller) from one run to the next.
 */
export const GROWTH = { small: 1_000, large: 100_000, rounds: 8, readSeconds: 2, confirms: 100 } as const;

interface Target extends TargetInfo {
  stop(): Promise<void>;
}

/** Starts bench/server-target.ts in its own process and waits until it listens. */
async function startTarget(args: string[], timeoutMs = 60_000): Promise<Target> {
  const child: ChildProcess = spawn(process.execPath, ['--expose-gc', '--conditions=source', '--import', 'tsx', 'bench/server-target.ts', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  const info = await new Promise<TargetInfo>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bench server did not start:\n${printed}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      printed += chunk.toString();
      const line = /BENCH_TARGET (.+)/.exec(printed)?.[1];
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as TargetInfo);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the bench server exited with ${code}:\n${printed}`));
    });
  });
  return {
    ...info,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

export interface Load {
  requestsPerSecond: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  seconds: number;
}

export interface FlowLoad extends Load {
  /** Whole checkouts (create, details, token, confirm → complete) per second. */
  checkoutsPerSecond: number;
  /** p99 of one whole checkout, first request sent to the confirm's answer. */
  checkoutP99Ms: number;
  checkouts: number;
  failedCheckouts: number;
}

/** Requests, their latencies and failures, over one or more runs of one kind. */
class Tally {
  latencies: number[] = [];
  seconds = 0;
  non2xx = 0;
  errors = 0;

  add(result: autocannon.Result, latencies: number[]): void {
    this.latencies.push(...latencies);
    this.seconds += result.duration;
    this.non2xx += result.non2xx;
    this.errors += result.errors + result.timeouts;
  }

  load(): Load {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return {
      requestsPerSecond: Math.round(this.latencies.length / this.seconds),
      p99Ms: sorted.length ? Math.round(percentile(sorted, 99) * 10) / 10 : NaN,
      requests: this.latencies.length,
      non2xx: this.non2xx,
      errors: this.errors,
      seconds: Math.round(this.seconds * 10) / 10,
    };
  }

  p50(): number {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return sorted.length ? Math.round(percentile(sorted, 50) * 10) / 10 : NaN;
  }
}

/** One autocannon run, with every response's latency (ms) as autocannon timed it. */
async function measure(options: autocannon.Options): Promise<{ result: autocannon.Result; latencies: number[] }> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const run = autocannon({ connections: LOAD.connections, ...options }, (error, result) =>
      error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve({ result, latencies }),
    );
    run.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  });
}

async function load(options: autocannon.Options): Promise<autocannon.Result> {
  await autocannon({ ...options, connections: LOAD.connections, duration: LOAD.warmUpSeconds });
  return autocannon({ ...options, connections: LOAD.connections, duration: LOAD.seconds });
}

const summary = (r: autocannon.Result): Load => ({
  requestsPerSecond: Math.round(r.requests.total / r.duration),
  p99Ms: r.latency.p99,
  requests: r.requests.total,
  non2xx: r.non2xx,
  errors: r.errors + r.timeouts,
  seconds: Math.round(r.duration * 10) / 10,
});

export interface Overhead {
  /** `GET /flex/sessions/{id}` with the client secret: the companion server. */
  flex: Load;
  /** `GET /v1/client/checkout_sessions/{id}` with the same secret: its upstream, the sandbox, in the same process. */
  direct: Load;
  rounds: number;
  /** Where the two answers differ (the schema filter let through less than the upstream sent). */
  difference: string | null;
}

/** Top-level keys, recursively, sorted: two answers with the same fields and values compare equal. */
const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value && typeof value === 'object'
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
        )
      : value;

/**
 * The same in-page session read through the companion server and straight from its upstream
 * (the embedded sandbox's browser API, served by the same process), in alternating rounds so
 * a busy machine slows both alike. The two answers are compared first: the read must succeed
 * both ways and say the same.
 */
async function overhead(target: Target): Promise<Overhead> {
  const { id, secret } = target.session!;
  const headers = { authorization: `Bearer ${secret}` };
  const urls = { flex: `${target.url}/flex/sessions/${id}`, direct: `${target.url}/v1/client/checkout_sessions/${id}` };
  const answers = await Promise.all(
    (['flex', 'direct'] as const).map(async (way) => {
      const res = await fetch(urls[way], { headers });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`session read ${way} answered ${res.status}: ${body.slice(0, 300)}`);
      return JSON.parse(body) as { checkout_session: unknown };
    }),
  );
  const [flexView, directView] = answers.map((a) => JSON.stringify(canonical(a)));
  const difference = flexView === directView ? null : `through /flex ${flexView!.length} bytes of JSON, direct ${directView!.length}`;

  const tallies = { flex: new Tally(), direct: new Tally() };
  for (const way of ['direct', 'flex'] as const) await autocannon({ url: urls[way], headers, connections: LOAD.connections, duration: 1 });
  for (let round = 0; round < OVERHEAD.rounds; round++) {
    for (const way of round % 2 ? (['flex', 'direct'] as const) : (['direct', 'flex'] as const)) {
      const { result, latencies } = await measure({ url: urls[way], headers, duration: OVERHEAD.seconds });
      tallies[way].add(result, latencies);
    }
  }
  return { flex: tallies.flex.load(), direct: tallies.direct.load(), rounds: OVERHEAD.rounds, difference };
}

/**
 * A whole checkout, as the merchant's backend and the shopper's browser make it: the
 * backend creates the session, the page sends the details, the card frame makes a
 * confirmation token (card 4242), the page confirms. Each connection runs them in turn.
 */
async function checkoutFlow(target: Target): Promise<FlowLoad> {
  let measuring = false;
  const durations: number[] = [];
  let failed = 0;
  const json = { 'content-type': 'application/json' };
  const token = JSON.stringify({
    payment_method_data: {
      card: { number: '4242424242424242', exp_month: 12, exp_year: 2034, cvc: '123' },
      billing_details: { address: { postal_code: '10001' } },
    },
  });
  type Ctx = { id?: string; secret?: string; token?: string; started?: number };
  const requests: autocannon.Request[] = [
    {
      method: 'POST',
      path: '/shop/checkout',
      setupRequest: (req, context: Ctx) => {
        context.started = performance.now();
        return req;
      },
      onResponse: (status, body, context: Ctx) => {
        const session = status === 200 ? (JSON.parse(body) as { id: string; client_secret: string }) : undefined;
        context.id = session?.id ?? 'none';
        context.secret = session?.client_secret ?? 'none';
      },
    },
    {
      method: 'POST',
      setupRequest: (req, context: Ctx) => ({
        ...req,
        path: `/flex/sessions/${context.id}/details`,
        headers: { ...json, authorization: `Bearer ${context.secret}` },
        body: JSON.stringify({ email: 'bench@example.com', first_name: 'Bea', last_name: 'Bench' }),
      }),
    },
    {
      method: 'POST',
      path: '/v1/confirmation_tokens',
      headers: { ...json, authorization: 'Bearer fpk_test_sandbox' },
      body: token,
      onResponse: (status, body, context: Ctx) => {
        context.token =
          status === 200 ? (JSON.parse(body) as { confirmation_token: { confirmation_token_id: string } }).confirmation_token.confirmation_token_id : 'none';
      },
    },
    {
      method: 'POST',
      setupRequest: (req, context: Ctx) => ({
        ...req,
        path: `/flex/sessions/${context.id}/confirm`,
        headers: { ...json, authorization: `Bearer ${context.secret}`, 'idempotency-key': `bench-${context.id}` },
        body: JSON.stringify({ confirmation_token: context.token }),
      }),
      onResponse: (status, body, context: Ctx) => {
        if (!measuring) return;
        if (status === 200 && (JSON.parse(body) as { status: string }).status === 'complete') durations.push(performance.now() - context.started!);
        else failed++;
      },
    },
  ];
  await autocannon({ url: target.url, requests, connections: LOAD.connections, duration: LOAD.warmUpSeconds });
  measuring = true;
  const result = await autocannon({ url: target.url, requests, connections: LOAD.connections, duration: LOAD.seconds });
  measuring = false;
  const sorted = durations.sort((a, b) => a - b);
  return {
    ...summary(result),
    checkoutsPerSecond: Math.round((durations.length / result.duration) * 10) / 10,
    checkoutP99Ms: sorted.length ? Math.round(percentile(sorted, 99) * 10) / 10 : NaN,
    checkouts: durations.length,
    failedCheckouts: failed,
  };
}

/** p99 (and p50) of one kind of request on one database size, over every round. */
export interface GrowthLoad extends Load {
  p50Ms: number;
}

export interface Growth {
  small: Omit<GrowPlan, 'reads' | 'plans'>;
  large: Omit<GrowPlan, 'reads' | 'plans'>;
  /** With the sandbox's indexes as migrated, and (`without`) with NEW_INDEXES dropped. */
  read: { small: GrowthLoad; large: GrowthLoad; without: { small: GrowthLoad; large: GrowthLoad } };
  confirm: { small: GrowthLoad; large: GrowthLoad; without: { small: GrowthLoad; large: GrowthLoad } };
  /** The queries a session read and a confirm run on the large database, and the index each uses. */
  plans: { read: PlannedQuery[]; confirm: PlannedQuery[] };
  failedConfirms: number;
}

/** Reads of seeded sessions of every kind, each request the next session of the sample: for some seconds, or an amount of reads. */
async function reads(target: Target, sessions: SeededSession[], tally: Tally, length: number | { amount: number }): Promise<void> {
  let next = 0;
  const { result, latencies } = await measure({
    url: target.url,
    ...(typeof length === 'number' ? { duration: length } : length),
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => {
          const s = sessions[next++ % sessions.length]!;
          return { ...req, path: `/flex/sessions/${s.id}`, headers: { authorization: `Bearer ${s.secret}` } };
        },
      },
    ],
  });
  tally.add(result, latencies);
}

/** `count` confirms, each of a session the target has just seeded at the card form, with its own token. */
async function confirms(target: Target, count: number, tally: Tally): Promise<number> {
  const res = await fetch(`${target.url}/bench/ready?count=${count}`, { method: 'POST' });
  if (res.status !== 200) throw new Error(`seeding sessions to confirm: ${res.status} ${await res.text()}`);
  const batch = (await res.json()) as SeededSession[];
  let next = 0;
  let failed = 0;
  const { result, latencies } = await measure({
    url: target.url,
    amount: count,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const s = batch[next++ % batch.length]!;
          return {
            ...req,
            path: `/flex/sessions/${s.id}/confirm`,
            headers: { authorization: `Bearer ${s.secret}`, 'content-type': 'application/json', 'idempotency-key': `bench-${s.id}` },
            body: JSON.stringify({ confirmation_token: s.token }),
          };
        },
        onResponse: (status, body) => {
          if (status !== 200 || (JSON.parse(body) as { status: string }).status !== 'complete') failed++;
        },
      },
    ],
  });
  tally.add(result, latencies);
  return failed;
}

const control = async (target: Target, path: string) => {
  const res = await fetch(`${target.url}${path}`, { method: 'POST' });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
};

/**
 * Session read and confirm on a database of GROWTH.small sessions and one of GROWTH.large,
 * each in its own process, seeded from real checkouts (bench/seed.ts). Rounds alternate
 * between the two, and between the sandbox's indexes as migrated and without NEW_INDEXES.
 */
async function growth(where: (name: string) => string): Promise<Growth> {
  // One after the other: seeding is the heaviest thing the machine does in this part.
  // Both seed at once: the small one is done in seconds, long before the large one.
  const started = await Promise.allSettled([
    startTarget(['grow', where('small'), String(GROWTH.small)], 10 * 60_000),
    startTarget(['grow', where('large'), String(GROWTH.large)], 20 * 60_000),
  ]);
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    for (const s of started) if (s.status === 'fulfilled') await s.value.stop();
    throw failed.reason;
  }
  const [small, large] = started.map((s) => (s as PromiseFulfilledResult<Target>).value) as [Target, Target];
  try {
    try {
      const plan = async (t: Target) => (await (await fetch(`${t.url}/bench/plan`)).json()) as GrowPlan;
      const plans = { small: await plan(small), large: await plan(large) };
      const tallies = () => ({ small: new Tally(), large: new Tally() });
      const read = { with: tallies(), without: tallies() };
      const confirm = { with: tallies(), without: tallies() };
      const targets = { small, large };
      let failedConfirms = 0;
      // The same warm-up for both sizes, thrown away: every session of the read sample read
      // once (1 s of reads covered the small database's sample but half of the large one's,
      // whose rows lie on 100× as many pages, so its first round read them cold), and one
      // round of confirms (the first confirms of a process are its slowest: connections
      // opened, code compiled).
      for (const size of ['small', 'large'] as const) {
        await reads(targets[size], plans[size].reads, new Tally(), { amount: plans[size].reads.length });
        failedConfirms += await confirms(targets[size], GROWTH.confirms, new Tally());
      }
      for (let round = 0; round < GROWTH.rounds; round++) {
        for (const phase of ['with', 'without'] as const) {
          if (phase === 'without') for (const t of [small, large]) await control(t, '/bench/indexes/drop');
          const sizes = round % 2 ? (['large', 'small'] as const) : (['small', 'large'] as const);
          for (const size of sizes) await reads(targets[size], plans[size].reads, read[phase][size], GROWTH.readSeconds);
          for (const size of sizes) failedConfirms += await confirms(targets[size], GROWTH.confirms, confirm[phase][size]);
          if (phase === 'without') for (const t of [small, large]) await control(t, '/bench/indexes/create');
        }
      }
      const out = (t: Tally): GrowthLoad => ({ ...t.load(), p50Ms: t.p50() });
      const strip = ({ reads: _r, plans: _p, ...rest }: GrowPlan) => rest;
      return {
        small: strip(plans.small),
        large: strip(plans.large),
        read: { small: out(read.with.small), large: out(read.with.large), without: { small: out(read.without.small), large: out(read.without.large) } },
        confirm: {
          small: out(confirm.with.small),
          large: out(confirm.with.large),
          without: { small: out(confirm.without.small), large: out(confirm.without.large) },
        },
        plans: plans.large.plans,
        failedConfirms,
      };
    } finally {
      await large.stop();
    }
  } finally {
    await small.stop();
  }
}

type Database = { read: Load; overhead: Overhead; checkout: FlowLoad; growth: Growth };

export interface ServerData {
  connections: number;
  seconds: number;
  hello: Load;
  growthSizes: { small: number; large: number };
  newIndexes: string[];
  databases: Record<'sqlite' | 'postgresql', Database | { unavailable: string }>;
}

/**
 * Requests per second and latency under a fixed concurrency on loopback (autocannon), each
 * server in its own process: the bare Hono hello world; then on SQLite and on PostgreSQL the
 * companion server's session read beside the same read straight from its upstream, a whole
 * checkout, and session read and confirm with 1,000 and 100,000 sessions in the database.
 */
export async function serverPart(): Promise<PartResult<ServerData>> {
  const warnings: string[] = [];
  const hello = await startTarget(['hello']);
  let helloLoad: Load;
  try {
    helloLoad = summary(await load({ url: hello.url }));
  } finally {
    await hello.stop();
  }

  const run = async (where: (name: string) => string): Promise<Database> => {
    const target = await startTarget(['flex', where('flex')]);
    let measured: Omit<Database, 'growth'>;
    try {
      const read = await overhead(target);
      measured = { read: read.flex, overhead: read, checkout: await checkoutFlow(target) };
    } finally {
      await target.stop();
    }
    return { ...measured, growth: await growth(where) };
  };

  const databases = {} as ServerData['databases'];
  mkdirSync(OUT_DIR, { recursive: true });
  const dir = mkdtempSync(join(OUT_DIR, 'server-'));
  try {
    databases.sqlite = await run((name) => {
      mkdirSync(join(dir, name), { recursive: true });
      return join(dir, name);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const pg = await postgres();
  if ('unavailable' in pg) {
    databases.postgresql = { unavailable: pg.unavailable };
    warnings.push(`PostgreSQL not measured: ${pg.unavailable}`);
  } else {
    try {
      databases.postgresql = await run(() => pg.url);
    } finally {
      await pg.stop();
    }
  }

  const runs = (l: Load) => `${l.seconds} s × ${LOAD.connections} conn, ${l.requests} req`;
  const p99 = (ms: number) => (ms < 1 ? '< 1 ms' : `${ms} ms`);
  const failures = (l: Load) => (l.non2xx + l.errors > 0 ? ` · ${l.non2xx} non-2xx, ${l.errors} errors` : '');
  const count = (n: number) => n.toLocaleString('en-US');
  const rows: Row[] = [
    {
      what: 'server: bare Hono hello world (@hono/node-server)',
      figure: `${helloLoad.requestsPerSecond} req/s · p99 ${p99(helloLoad.p99Ms)}${failures(helloLoad)}`,
      ratio: 'baseline',
      runs: runs(helloLoad),
    },
  ];
  for (const [name, label] of [
    ['sqlite', 'SQLite'],
    ['postgresql', 'PostgreSQL'],
  ] as const) {
    const db = databases[name];
    if ('unavailable' in db) {
      rows.push({ what: `server: companion server on ${label}`, figure: `not measured: ${db.unavailable}`, ratio: '—', runs: '—' });
      continue;
    }
    const o = db.overhead;
    rows.push({
      what: `server: session read via /flex vs direct from its upstream (${label})`,
      figure: `via /flex ${o.flex.requestsPerSecond} req/s · p99 ${p99(o.flex.p99Ms)}; direct ${o.direct.requestsPerSecond} req/s · p99 ${p99(o.direct.p99Ms)}${failures(o.flex)}${failures(o.direct)}`,
      ratio: `${formatRatio(ratio(o.flex.requestsPerSecond, o.direct.requestsPerSecond))} direct (req/s)`,
      runs: `${o.rounds} alternating rounds of ${OVERHEAD.seconds} s each way × ${LOAD.connections} conn; ${o.flex.requests} + ${o.direct.requests} req`,
    });
    rows.push({
      what: `server: session read, GET /flex/sessions/{id} (${label})`,
      figure: `${db.read.requestsPerSecond} req/s · p99 ${p99(db.read.p99Ms)}${failures(db.read)}`,
      ratio: `${formatRatio(ratio(db.read.requestsPerSecond, helloLoad.requestsPerSecond))} hello (req/s)`,
      runs: `the via /flex rounds above`,
    });
    const c = db.checkout;
    rows.push({
      what: `server: checkout, create + details + token + confirm (${label})`,
      figure:
        `${c.checkoutsPerSecond} checkouts/s · p99 ${c.checkoutP99Ms} ms per checkout (${c.requestsPerSecond} req/s · p99 ${p99(c.p99Ms)} per request)` +
        (c.failedCheckouts ? ` · ${c.failedCheckouts} failed` : '') +
        failures(c),
      ratio: `${formatRatio(ratio(c.requestsPerSecond, helloLoad.requestsPerSecond))} hello (req/s)`,
      runs: `${runs(c)}, ${c.checkouts} checkouts`,
    });
    const g = db.growth;
    const sizes = `${count(g.large.sessions)} vs ${count(g.small.sessions)} sessions`;
    for (const [op, what] of [
      ['read', 'session read'],
      ['confirm', 'confirm'],
    ] as const) {
      const m = g[op];
      rows.push({
        what: `server: ${what} p99, ${sizes} (${label})`,
        figure: `p99 ${m.large.p99Ms} ms vs ${m.small.p99Ms} ms (p50 ${m.large.p50Ms} vs ${m.small.p50Ms} ms)${failures(m.large)}${failures(m.small)}`,
        ratio: `${formatRatio(ratio(m.large.p99Ms, m.small.p99Ms))} the smaller (p99)`,
        runs: `${GROWTH.rounds} alternating rounds; ${m.large.requests} + ${m.small.requests} req`,
      });
      rows.push({
        what: `server: ${what} p99, ${sizes}, without ${NEW_INDEXES.join(', ')} (before sandbox migration 0006) (${label})`,
        figure: `p99 ${m.without.large.p99Ms} ms vs ${m.without.small.p99Ms} ms (p50 ${m.without.large.p50Ms} vs ${m.without.small.p50Ms} ms)`,
        ratio: `${formatRatio(ratio(m.without.large.p99Ms, m.without.small.p99Ms))} the smaller (p99)`,
        runs: `the same rounds; ${m.without.large.requests} + ${m.without.small.requests} req`,
      });
    }
    if (g.failedConfirms) warnings.push(`${label}: ${g.failedConfirms} of the growth rounds' confirms did not complete`);
    if (o.difference) warnings.push(`${label}: the session read through /flex and direct differ (${o.difference})`);
  }
  return {
    machine: machine(),
    at: new Date().toISOString(),
    rows,
    warnings,
    data: {
      connections: LOAD.connections,
      seconds: LOAD.seconds,
      hello: helloLoad,
      growthSizes: { small: GROWTH.small, large: GROWTH.large },
      newIndexes: NEW_INDEXES,
      databases,
    },
  };
}
