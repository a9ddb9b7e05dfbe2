/**
 * The server under load, in its own process so the load generator (bench/server.ts) never
 * shares its event loop:
 *   node --conditions=source --import tsx bench/server-target.ts hello
 *   node --conditions=source --import tsx bench/server-target.ts flex <dir-for-sqlite | postgres://…>
 *   node --conditions=source --import tsx bench/server-target.ts grow <dir | postgres://…> <sessions>
 * Prints one line, `BENCH_TARGET {json}`, once it listens; SIGTERM stops it. `grow` first
 * seeds its database (bench/seed.ts) and answers `GET /bench/plan` with what it seeded and the
 * query plans of a session read and a confirm (bench/query-plans.ts); `POST /bench/ready?count=N`
 * seeds N more sessions at the card form and answers them, for the next confirms.
 */
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { createSandboxApp, DEFAULT_SECRET_KEY, openStore, startSandboxWorker } from '@flex-checkout/sandbox';
import { createFlexCheckout, silentLogger, type FlexCheckout } from '@flex-checkout/server';
import { describeAccess, explain, QueryRecorder, shape, type RecordedQuery } from './query-plans.js';
import { closeSeedConnections, Flow, HISTORY, READY, recordTemplate, seedCopies, tablesOf, type SeededSession, type SeedStore, type Template } from './seed.js';
import { NEW_INDEXES, type GrowPlan, type PlannedQuery, type TargetInfo } from './target-info.js';

/** Thrown to roll a transaction back on purpose. */
class Rollback extends Error {}
const [kind, where, sessionsArg] = process.argv.slice(2);
let app: Hono;
let info: Omit<TargetInfo, 'url'> = {};
const cleanups: (() => Promise<void>)[] = [];
const postgres = /^postgres(ql)?:\/\//.test(where ?? '');
const schema = postgres ? `bench_${randomBytes(6).toString('hex')}` : undefined;
if (schema) {
  cleanups.push(async () => {
    const client = new pg.Client({ connectionString: where });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  });
}
// One address sends everything: the default limits (600 a minute per IP) would answer 429.
const rateLimit = { perSession: 1_000_000_000, perIp: 1_000_000_000 };

/** A product at 49.99 that needs the consultation's letter (gym), and one that does not (a first-aid kit). */
async function catalog(flex: FlexCheckout) {
  const gym = await flex.client.products.create({ name: 'Strength Club — 10 classes', hsa_fsa_eligibility: 'letter_of_medical_necessity', visit_type: 'gym' });
  const kit = await flex.client.products.create({ name: 'First-aid kit', hsa_fsa_eligibility: 'auto_substantiation' });
  return {
    gym: (await flex.client.prices.create({ product: gym.product_id, unit_amount: 4999 })).price_id,
    kit: (await flex.client.prices.create({ product: kit.product_id, unit_amount: 4999 })).price_id,
  };
}

if (kind === 'hello') {
  // The floor: Hono's hello world on the same adapter.
  app = new Hono().get('/', (c) => c.text('Hello, World!'));
} else if (kind === 'flex' && where) {
  const flex = await createFlexCheckout({
    database: postgres ? where : join(where, 'server.sqlite'),
    sandboxDatabase: postgres ? where : join(where, 'sandbox.sqlite'),
    ...(schema ? { schema } : {}),
    logger: silentLogger,
    rateLimit,
  });
  cleanups.unshift(() => flex.close());
  const prices = await catalog(flex);
  const create = () =>
    flex.client.checkoutSessions.create({
      line_items: [{ price: prices.kit }],
      defaults: { email: 'bench@example.com', first_name: 'Bea', last_name: 'Bench' },
    });
  const read = await create();
  info = { session: { id: read.checkout_session_id, secret: read.client_secret! } };
  app = new Hono()
    // The merchant's own route that starts a checkout: its backend creates the session
    // through the typed client and hands the client secret to the page.
    .post('/shop/checkout', async (c) => {
      const session = await create();
      return c.json({ id: session.checkout_session_id, client_secret: session.client_secret });
    })
    // The upstream itself, beside the companion server in the same process: the browser API
    // the in-page checkout forwards to, read here directly with the same client secret, so
    // what the companion server adds over it is measured with everything else equal.
    .all('/v1/client/checkout_sessions/*', (c) => flex.upstream.sandboxApp!.fetch(c.req.raw))
    // Everything else is the companion server, as mounted on the merchant's backend.
    .all('*', (c) => flex.app.fetch(c.req.raw, c.env));
} else if (kind === 'grow' && where && sessionsArg) {
  app = await grow(where, Number(sessionsArg));
} else {
  console.error('usage: server-target.ts hello | flex <dir | postgres://…> | grow <dir | postgres://…> <sessions>');
  process.exit(2);
}

/**
 * The companion server and its sandbox on a database holding `sessions` sessions, seeded
 * from real checkouts; sessions at the card form are seeded on demand, just before they are paid.
 */
async function grow(where: string, sessions: number): Promise<Hono> {
  const started = performance.now();
  const url = (file: string) => (postgres ? where : join(where, file));
  // The sandbox is opened here, not embedded by createFlexCheckout, to seed it through its own
  // store; the companion server reaches it in process exactly as when it embeds it.
  const sandboxStore = await openStore({ url: url('sandbox.sqlite'), ...(schema ? { schema } : {}) });
  const recorder = new QueryRecorder();
  // As createSandbox() assembles it, but only the app's queries recorded, not the background worker's.
  const sandboxApp = createSandboxApp({ store: { ...sandboxStore, db: recorder.wrap('sandbox', sandboxStore.db) } });
  const worker = startSandboxWorker(sandboxStore);
  const flex = await createFlexCheckout({
    sandboxApp,
    apiKey: DEFAULT_SECRET_KEY,
    database: url('server.sqlite'),
    ...(schema ? { schema } : {}),
    logger: silentLogger,
    rateLimit,
  });
  cleanups.unshift(async () => {
    closeSeedConnections();
    await flex.close();
    await worker.stop();
    await sandboxStore.close();
  });
  const serverDb = flex.store.db;
  // Only the bench records the companion server's own queries: its store's handle is swapped
  // for a recorded one (every query takes `store.db` when it runs).
  flex.store.db = recorder.wrap('server', serverDb);
  const dialect = sandboxStore.dialect;
  // On PostgreSQL both keep their tables in the one schema: one store holds every row.
  const stores: SeedStore[] =
    dialect === 'postgres'
      ? [{ name: 'sandbox', db: sandboxStore.db, dialect }]
      : [
          { name: 'sandbox', db: sandboxStore.db, dialect, file: url('sandbox.sqlite') },
          { name: 'server', db: serverDb, dialect, file: url('server.sqlite') },
        ];

  const flow = new Flow(flex, await catalog(flex));
  const history: Template[] = [];
  for (const k of HISTORY) history.push(await recordTemplate(k, flow, stores));
  const readyTemplates: Template[] = [];
  for (const k of READY) readyTemplates.push(await recordTemplate(k, flow, stores));
  const reads = await seedCopies(history, stores, sessions, { keepEvery: Math.max(1, Math.ceil(sessions / 1000)) });
  // Sessions at the card form are the newest: made in the last hour, as a shopper's is.
  const seedReady = (count: number) => seedCopies(readyTemplates, stores, count, { spanMs: 60 * 60 * 1000 });
  const explained = await seedReady(2);
  // What autovacuum does after a bulk load, done before the measuring instead of during it:
  // its first pass over a loaded table writes every page again (hint bits, the visibility
  // map), work on the large database that was seen still running 30 s after its target was
  // up, in its first rounds and not the small one's. Only this run's tables (others' schemas
  // share the server).
  if (dialect === 'postgres') {
    for (const table of await tablesOf(stores[0]!)) await sql`vacuum (analyze) ${sql.table(table)}`.execute(sandboxStore.db);
    // And the load's pages written out now: PostgreSQL otherwise writes them in its next
    // checkpoint, spread over minutes (after a 100,000-session load, about 500 MB), which
    // fell in the measuring rounds.
    await sql`checkpoint`.execute(sandboxStore.db);
  }
  const seedSeconds = Math.round((performance.now() - started) / 100) / 10;

  // The plans: one read of a session of each kind, one confirm of each ready kind.
  const sample = new Map<string, SeededSession>();
  for (const s of reads) if (!sample.has(s.kind)) sample.set(s.kind, s);
  recorder.on = true;
  for (const s of sample.values()) await flow.read({ checkout_session_id: s.id, client_secret: s.secret });
  const readQueries = recorder.take();
  for (const s of explained) {
    const paid = await flow.confirm({ checkout_session_id: s.id, client_secret: s.secret }, s.token!);
    if (paid.status !== 200 || paid.body.status !== 'complete')
      throw new Error(`a seeded session did not confirm: ${paid.status} ${JSON.stringify(paid.body)}`);
  }
  const confirmQueries = recorder.take();
  recorder.on = false;
  const dbOf = (store: string) => (store === 'server' ? serverDb : sandboxStore.db);
  const plans = { read: await planned(readQueries, dbOf, dialect), confirm: await planned(confirmQueries, dbOf, dialect) };

  const rows: Record<string, number> = {};
  for (const s of stores) {
    for (const table of await tablesOf(s)) {
      const { rows: counted } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(s.db);
      rows[`${s.name === 'server' ? 'server: ' : ''}${table}`] = Number(counted[0]!.n);
    }
  }
  const plan: GrowPlan = {
    dialect,
    sessions,
    seedSeconds,
    rows,
    kinds: [...history, ...readyTemplates].map((t) => ({ kind: t.kind, weight: t.readyToConfirm ? 0 : t.weight, rows: t.rows.length })),
    reads,
    plans,
  };

  const indexes = indexControl(sandboxStore.db, dialect);
  // The seeding's garbage collected now, before the measuring, as PostgreSQL is vacuumed and
  // checkpointed above: the 100,000-session load left this process a heap of 150–250 MB
  // (SQLite 153, PostgreSQL 210–250), 23–27 MB of it live, which on PostgreSQL made every
  // young-generation collection in the measuring slower than the small target's (median
  // 3.4–3.9 ms against 1.7–2.3) and put its first full collection (176 → 27 MB) in a measured
  // round. `gc` is there when bench/server.ts starts the target (`--expose-gc`).
  (globalThis as { gc?: () => void }).gc?.();
  return new Hono()
    .get('/bench/plan', (c) => c.json(plan))
    .post('/bench/ready', async (c) => c.json(await seedReady(Number(c.req.query('count') ?? 0))))
    .post('/bench/indexes/drop', async (c) => c.json({ dropped: await indexes.drop() }))
    .post('/bench/indexes/create', async (c) => c.json({ created: await indexes.create() }))
    .all('*', (c) => flex.app.fetch(c.req.raw, c.env));
}

/** Each recorded query, explained now and with NEW_INDEXES dropped (in a transaction rolled back). */
async function planned(queries: RecordedQuery[], dbOf: (store: string) => Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<PlannedQuery[]> {
  const out: PlannedQuery[] = [];
  const seen = new Set<string>();
  for (const q of queries) {
    const key = `${q.store}\n${shape(q.sql)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const now = await explain(dbOf(q.store), dialect, q);
    if (now.plan.length === 0 && /^(begin|commit|rollback|savepoint|release)/i.test(q.sql.trim())) continue;
    let before = now;
    if (q.store === 'sandbox') {
      before = await withoutNewIndexes(dbOf(q.store), (db) => explain(db, dialect, q));
    }
    out.push({ store: q.store, query: shape(q.sql), access: describeAccess(now.access), before: describeAccess(before.access), plan: now.plan });
  }
  return out;
}

/** Runs `fn` in a transaction where NEW_INDEXES do not exist, then rolls it back (DDL is transactional on both). */
async function withoutNewIndexes<T>(db: Kysely<any>, fn: (db: Kysely<any>) => Promise<T>): Promise<T> {
  let result: T | undefined;
  try {
    await db.transaction().execute(async (trx) => {
      for (const name of NEW_INDEXES) await sql`drop index if exists ${sql.id(name)}`.execute(trx);
      result = await fn(trx);
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return result!;
}

/** Drops NEW_INDEXES and makes them again from their own definitions, for the bench's "before" rounds. */
function indexControl(db: Kysely<any>, dialect: 'sqlite' | 'postgres') {
  const definitions = new Map<string, string>();
  const tables = new Set<string>();
  return {
    async drop() {
      for (const name of NEW_INDEXES) {
        const { rows } =
          dialect === 'sqlite'
            ? await sql<{
                def: string;
                table: string;
              }>`select sql as def, tbl_name as "table" from sqlite_master where type = 'index' and name = ${name}`.execute(db)
            : await sql<{
                def: string;
                table: string;
              }>`select indexdef as def, tablename as "table" from pg_indexes where schemaname = current_schema() and indexname = ${name}`.execute(db);
        if (!rows[0]) continue;
        definitions.set(name, rows[0].def);
        tables.add(rows[0].table);
        await sql`drop index ${sql.id(name)}`.execute(db);
      }
      return [...definitions.keys()];
    },
    async create() {
      for (const def of definitions.values()) await sql.raw(def).execute(db);
      // The tables the indexes are on, as after a migration's bulk index build.
      if (dialect === 'postgres') for (const table of tables) await sql`analyze ${sql.table(table)}`.execute(db);
      const made = [...definitions.keys()];
      definitions.clear();
      return made;
    },
  };
}

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
server.once('listening', () => {
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  console.log(`BENCH_TARGET ${JSON.stringify({ url, ...info } satisfies TargetInfo)}`);
});
process.once('SIGTERM', () => {
  server.close();
  void (async () => {
    for (const cleanup of cleanups) await cleanup().catch(() => {});
    process.exit(0);
  })();
});
