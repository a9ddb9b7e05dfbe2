import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { OUT_DIR, ROOT } from './bundle.js';
import { machine } from './machine.js';
import { postgres } from './postgres.js';
import type { PartResult, Row } from './results.js';
import type { TargetInfo } from './server-target.js';
import { formatRatio, percentile, ratio } from './stats.js';

/** Every scenario runs this long at this concurrency, after a short run that is thrown away. */
export const LOAD = { connections: 10, seconds: 8, warmUpSeconds: 2 } as const;

interface Target extends TargetInfo {
  stop(): Promise<void>;
}

/** Starts bench/server-target.ts in its own process and waits until it listens. */
async function startTarget(args: string[]): Promise<Target> {
  const child: ChildProcess = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'bench/server-target.ts', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  const info = await new Promise<TargetInfo>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bench server did not start:\n${printed}`)), 60_000);
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

/** The widget's first call: the session's public view, by its client secret. */
async function sessionRead(target: Target): Promise<Load> {
  const { id, secret } = target.session!;
  return summary(await load({ url: `${target.url}/flex/sessions/${id}`, headers: { authorization: `Bearer ${secret}` } }));
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
        context.token = status === 200 ? (JSON.parse(body) as { confirmation_token: { confirmation_token_id: string } }).confirmation_token.confirmation_token_id : 'none';
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

export interface ServerData {
  connections: number;
  seconds: number;
  hello: Load;
  databases: Record<'sqlite' | 'postgresql', { read: Load; checkout: FlowLoad } | { unavailable: string }>;
}

/**
 * Requests per second and p99 latency under a fixed concurrency on loopback (autocannon),
 * each server in its own process: the bare Hono hello world, then the companion server's
 * session read and a whole checkout, on SQLite and on PostgreSQL.
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

  const databases = {} as ServerData['databases'];
  mkdirSync(OUT_DIR, { recursive: true });
  const dir = mkdtempSync(join(OUT_DIR, 'server-'));
  try {
    const target = await startTarget(['flex', dir]);
    try {
      databases.sqlite = { read: await sessionRead(target), checkout: await checkoutFlow(target) };
    } finally {
      await target.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const pg = await postgres();
  if ('unavailable' in pg) {
    databases.postgresql = { unavailable: pg.unavailable };
    warnings.push(`PostgreSQL not measured: ${pg.unavailable}`);
  } else {
    try {
      const target = await startTarget(['flex', pg.url]);
      try {
        databases.postgresql = { read: await sessionRead(target), checkout: await checkoutFlow(target) };
      } finally {
        await target.stop();
      }
    } finally {
      await pg.stop();
    }
  }

  const runs = (l: Load) => `${l.seconds} s × ${LOAD.connections} conn, ${l.requests} req`;
  const p99 = (ms: number) => (ms < 1 ? '< 1 ms' : `${ms} ms`);
  const failures = (l: Load) => (l.non2xx + l.errors > 0 ? ` · ${l.non2xx} non-2xx, ${l.errors} errors` : '');
  const rows: Row[] = [
    {
      what: 'server: bare Hono hello world (@hono/node-server)',
      figure: `${helloLoad.requestsPerSecond} req/s · p99 ${p99(helloLoad.p99Ms)}${failures(helloLoad)}`,
      ratio: 'baseline',
      runs: runs(helloLoad),
    },
  ];
  for (const [name, label] of [['sqlite', 'SQLite'], ['postgresql', 'PostgreSQL']] as const) {
    const db = databases[name];
    if ('unavailable' in db) {
      rows.push({ what: `server: companion server on ${label}`, figure: `not measured: ${db.unavailable}`, ratio: '—', runs: '—' });
      continue;
    }
    rows.push({
      what: `server: session read, GET /flex/sessions/{id} (${label})`,
      figure: `${db.read.requestsPerSecond} req/s · p99 ${p99(db.read.p99Ms)}${failures(db.read)}`,
      ratio: `${formatRatio(ratio(db.read.requestsPerSecond, helloLoad.requestsPerSecond))} hello (req/s)`,
      runs: runs(db.read),
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
  }
  return {
    machine: machine(),
    at: new Date().toISOString(),
    rows,
    warnings,
    data: { connections: LOAD.connections, seconds: LOAD.seconds, hello: helloLoad, databases },
  };
}
