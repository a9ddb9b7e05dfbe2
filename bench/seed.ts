/**
 * Databases with many sessions in them, made fast: each kind of checkout is run once through
 * the real API (the merchant's client and the widget's calls through the companion server),
 * the rows it wrote are kept as a template, and the seeded sessions are copies of those
 * rows, every object ID in them replaced by a new one. So a seeded session looks exactly like
 * a real one of its kind (its customer, consultation, letter, card, payment intent, events,
 * idempotency records, the companion server's confirm record), and 100,000 of them take
 * seconds of direct inserts instead of half a million API calls.
 */
import { randomBytes } from 'node:crypto';
import { ID_PREFIXES } from '@flex-checkout/protocol';
import { DEFAULT_PUBLISHABLE_KEY } from '@flex-checkout/sandbox';
import type { FlexCheckout } from '@flex-checkout/server';
import SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { sampleAnswers } from '../packages/sandbox/src/consultations/samples.js';
import { KEEP_MS as CONFIRM_ANSWER_KEEP_MS } from '../packages/server/src/widget/confirm-store.js';

/** A database a template's rows were read from and its copies go to. */
export interface SeedStore {
  name: 'sandbox' | 'server';
  db: Kysely<any>;
  dialect: 'sqlite' | 'postgres';
  /** SQLite: the database's file, which the copies are written to through a connection of their own. */
  file?: string;
}

/** One kind of session as a real checkout leaves it, and how often it is seeded. */
export interface TemplateKind {
  kind: string;
  /** Share of the seeded history (the weights need not add to 1). */
  weight: number;
  /** The session is left ready to confirm: details given, a fresh confirmation token made. */
  readyToConfirm?: boolean;
  run(flow: Flow): Promise<{ sessionId: string }>;
}

type Row = Record<string, unknown>;
/** A column value, split around the object IDs in it (a number is the index of an ID). */
type Part = string | number;
/** A column of a template row: text split around the IDs in it, or any other value as it was. */
type Cell = { parts: Part[] } | { value: unknown };

export interface Template {
  kind: string;
  weight: number;
  readyToConfirm: boolean;
  /** The IDs the checkout created, in the order of their first appearance. */
  ids: string[];
  sessionIndex: number;
  /** Per store and table, the rows written, each column split around the IDs in it. */
  rows: { store: SeedStore['name']; table: string; columns: [string, Cell][] }[];
}

/** A seeded session the bench can call: its ID, client secret and (ready ones) a token to pay with. */
export interface SeededSession {
  kind: string;
  id: string;
  secret: string;
  token?: string;
}

const ULID = '[0-9A-HJKMNP-TV-Z]{26}';
const ID = new RegExp(`(?<![A-Za-z0-9])(?:${Object.values(ID_PREFIXES).join('|')})${ULID}(?![0-9A-Za-z])`, 'g');

/** The column that names a row, by table: the first of these it has. */
const IDENTITY = ['id', 'key', 'event_id', 'delivery_id'];

/** The widget's and the card frame's calls, and the merchant's client, for one companion server. */
export class Flow {
  constructor(
    readonly flex: FlexCheckout,
    readonly prices: { gym: string; kit: string },
  ) {}

  async browser(method: string, path: string, secret: string, body?: unknown, headers: Record<string, string> = {}): Promise<any> {
    const res = await this.flex.app.fetch(
      new Request(`http://127.0.0.1${path}`, {
        method,
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
    return { status: res.status, body: await res.json() };
  }

  async must(method: string, path: string, secret: string, body?: unknown, headers?: Record<string, string>): Promise<any> {
    const { status, body: answer } = await this.browser(method, path, secret, body, headers);
    if (status !== 200) throw new Error(`${method} ${path}: ${status} ${JSON.stringify(answer)}`);
    return answer;
  }

  session(price: 'gym' | 'kit', extra: Record<string, unknown> = {}) {
    return this.flex.client.checkoutSessions.create({
      line_items: [{ price: this.prices[price] }],
      success_url: 'https://shop.example/thanks/{CHECKOUT_SESSION_ID}',
      ...extra,
    });
  }

  consult(session: { checkout_session_id: string; client_secret?: string | null }, outcome: 'approved' | 'denied') {
    return this.must('POST', `/flex/sessions/${session.checkout_session_id}/consultation`, session.client_secret!, {
      answers: sampleAnswers('gym', outcome, new Date()),
    });
  }

  details(session: { checkout_session_id: string; client_secret?: string | null }, email = 'sam@example.com') {
    return this.must('POST', `/flex/sessions/${session.checkout_session_id}/details`, session.client_secret!, {
      email,
      first_name: 'Sam',
      last_name: 'Shopper',
    });
  }

  /** What the card frame does with a typed card. */
  async token(card = '4242424242424242'): Promise<string> {
    const answer = await this.must('POST', '/v1/confirmation_tokens', DEFAULT_PUBLISHABLE_KEY, {
      payment_method_data: { card: { number: card, exp_month: 12, exp_year: 2034, cvc: '123' }, billing_details: { address: { postal_code: '10001' } } },
    });
    return answer.confirmation_token.confirmation_token_id as string;
  }

  confirm(session: { checkout_session_id: string; client_secret?: string | null }, token: string) {
    return this.browser(
      'POST',
      `/flex/sessions/${session.checkout_session_id}/confirm`,
      session.client_secret!,
      { confirmation_token: token },
      { 'idempotency-key': `pay-${session.checkout_session_id}` },
    );
  }

  read(session: { checkout_session_id: string; client_secret?: string | null }) {
    return this.must('GET', `/flex/sessions/${session.checkout_session_id}`, session.client_secret!);
  }
}

/**
 * The kinds of session a store's database fills up with: most paid, some left at a step,
 * some declined, some expired; a gym membership needs the consultation and its letter.
 */
export const HISTORY: TemplateKind[] = [
  {
    kind: 'paid, letter of medical necessity (consultation approved)',
    weight: 30,
    async run(f) {
      const s = await f.session('gym');
      await f.read(s);
      await f.consult(s, 'approved');
      await f.details(s);
      const paid = await f.confirm(s, await f.token());
      if (paid.status !== 200) throw new Error(`template confirm: ${paid.status} ${JSON.stringify(paid.body)}`);
      await f.read(s);
      return { sessionId: s.checkout_session_id };
    },
  },
  {
    kind: 'paid, no letter needed',
    weight: 25,
    async run(f) {
      const s = await f.session('kit');
      await f.read(s);
      await f.details(s);
      const paid = await f.confirm(s, await f.token());
      if (paid.status !== 200) throw new Error(`template confirm: ${paid.status} ${JSON.stringify(paid.body)}`);
      return { sessionId: s.checkout_session_id };
    },
  },
  {
    kind: 'paid by a returning customer (signed in)',
    weight: 10,
    async run(f) {
      const customer = await f.flex.client.customers.create({ email: 'returning@example.com', first_name: 'Rae', last_name: 'Turner' });
      const s = await f.session('kit', { customer: customer.customer_id, setup_future_use: 'off_session' });
      await f.read(s);
      const paid = await f.confirm(s, await f.token());
      if (paid.status !== 200) throw new Error(`template confirm: ${paid.status} ${JSON.stringify(paid.body)}`);
      return { sessionId: s.checkout_session_id };
    },
  },
  {
    kind: 'left on the health questions',
    weight: 10,
    async run(f) {
      const s = await f.session('gym');
      await f.read(s);
      return { sessionId: s.checkout_session_id };
    },
  },
  {
    kind: 'consultation denied',
    weight: 5,
    async run(f) {
      const s = await f.session('gym');
      await f.read(s);
      await f.consult(s, 'denied');
      return { sessionId: s.checkout_session_id };
    },
  },
  {
    kind: 'card declined, then left',
    weight: 5,
    async run(f) {
      const s = await f.session('kit');
      await f.details(s);
      const declined = await f.confirm(s, await f.token('4000000000009995'));
      if (declined.status !== 402) throw new Error(`template decline: ${declined.status}`);
      return { sessionId: s.checkout_session_id };
    },
  },
  {
    kind: 'expired',
    weight: 15,
    async run(f) {
      const s = await f.session('kit');
      await f.read(s);
      await f.flex.client.checkoutSessions.expire(s.checkout_session_id);
      return { sessionId: s.checkout_session_id };
    },
  },
];

/** Sessions at the card form, ready for the bench to confirm (a gym membership with its letter, and a kit). */
export const READY: TemplateKind[] = [
  {
    kind: 'ready to pay, letter of medical necessity',
    weight: 1,
    readyToConfirm: true,
    async run(f) {
      const s = await f.session('gym');
      await f.read(s);
      await f.consult(s, 'approved');
      await f.details(s);
      await f.token();
      return { sessionId: s.checkout_session_id };
    },
  },
  {
    kind: 'ready to pay, no letter needed',
    weight: 1,
    readyToConfirm: true,
    async run(f) {
      const s = await f.session('kit');
      await f.read(s);
      await f.details(s);
      await f.token();
      return { sessionId: s.checkout_session_id };
    },
  },
];

/** Every row of every table of a store (the template runs on an otherwise empty database). */
async function snapshot(store: SeedStore): Promise<Map<string, Row[]>> {
  const out = new Map<string, Row[]>();
  for (const table of await tablesOf(store)) out.set(table, await store.db.selectFrom(table).selectAll().execute());
  return out;
}

/** The store's own tables (on PostgreSQL, those of its schema: other runs' schemas share the server). */
export async function tablesOf(store: Pick<SeedStore, 'db' | 'dialect'>): Promise<string[]> {
  const schema = store.dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(store.db)).rows[0]!.s : undefined;
  const tables = await store.db.introspection.getTables();
  return tables.filter((t) => (!schema || t.schema === schema) && !/migration/i.test(t.name)).map((t) => t.name);
}

/** Runs one kind of checkout and keeps the rows it wrote (those that hold an ID it created). */
export async function recordTemplate(kind: TemplateKind, flow: Flow, stores: SeedStore[]): Promise<Template> {
  const before = new Map<SeedStore['name'], Map<string, Row[]>>();
  for (const s of stores) before.set(s.name, await snapshot(s));
  const { sessionId } = await kind.run(flow);
  const after = new Map<SeedStore['name'], Map<string, Row[]>>();
  for (const s of stores) after.set(s.name, await snapshot(s));

  const idsIn = (rows: Iterable<Row>) => {
    const found = new Set<string>();
    for (const row of rows) for (const v of Object.values(row)) if (typeof v === 'string') for (const m of v.matchAll(ID)) found.add(m[0]);
    return found;
  };
  const old = new Set<string>();
  for (const tables of before.values()) for (const rows of tables.values()) for (const id of idsIn(rows)) old.add(id);
  const ids: string[] = [];
  const index = new Map<string, number>();
  const template: Template = { kind: kind.kind, weight: kind.weight, readyToConfirm: !!kind.readyToConfirm, ids, sessionIndex: -1, rows: [] };
  for (const s of stores) {
    for (const [table, rows] of after.get(s.name)!) {
      const seen = new Set((before.get(s.name)!.get(table) ?? []).map((r) => JSON.stringify(r)));
      for (const row of rows) {
        if (seen.has(JSON.stringify(row))) continue;
        // A row is the checkout's own when its key holds an ID the checkout made; a row it
        // only changed (one the background worker or an earlier checkout made) is not copied.
        const identity = IDENTITY.find((column) => column in row);
        const own = identity && typeof row[identity] === 'string' ? [...row[identity].matchAll(ID)].some((m) => !old.has(m[0])) : false;
        if (!own) continue;
        const columns: [string, Cell][] = Object.entries(row).map(([name, value]): [string, Cell] => {
          if (typeof value !== 'string') return [name, { value }];
          const parts: Part[] = [];
          let at = 0;
          for (const m of value.matchAll(ID)) {
            if (old.has(m[0])) continue;
            if (!index.has(m[0])) {
              index.set(m[0], ids.length);
              ids.push(m[0]);
            }
            parts.push(value.slice(at, m.index), index.get(m[0])!);
            at = m.index + m[0].length;
          }
          parts.push(value.slice(at));
          return [name, { parts }];
        });
        template.rows.push({ store: s.name, table, columns });
      }
    }
  }
  template.sessionIndex = index.get(sessionId) ?? -1;
  if (template.sessionIndex < 0) throw new Error(`template ${kind.kind}: its session's rows were not found`);
  return template;
}

/** Tables in an order that inserts every referenced row before the rows that reference it. */
async function insertOrder(store: SeedStore, tables: string[]): Promise<string[]> {
  const refs = new Map<string, Set<string>>(tables.map((t) => [t, new Set()]));
  if (store.dialect === 'sqlite') {
    for (const t of tables) {
      const { rows } = await sql<{ table: string }>`select "table" from pragma_foreign_key_list(${t})`.execute(store.db);
      for (const r of rows) if (r.table !== t) refs.get(t)!.add(r.table);
    }
  } else {
    const { rows } = await sql<{ child: string; parent: string }>`
      select c.relname as child, p.relname as parent from pg_constraint k
      join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
      join pg_namespace n on n.oid = c.relnamespace
      where k.contype = 'f' and n.nspname = current_schema()`.execute(store.db);
    for (const r of rows) if (refs.has(r.child) && r.parent !== r.child) refs.get(r.child)!.add(r.parent);
  }
  const ordered: string[] = [];
  const visit = (t: string, path: Set<string>) => {
    if (ordered.includes(t) || path.has(t)) return;
    path.add(t);
    for (const parent of refs.get(t) ?? []) if (refs.has(parent)) visit(parent, path);
    ordered.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return ordered;
}

const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
let random = Buffer.alloc(0);
let used = 0;

/**
 * A ULID made at `timeMs`: its time, then 80 random bits. (The `ulid` package draws each
 * character from the system's random source one call at a time: 0.2 ms an ID, minutes for a
 * million.)
 */
function ulidAt(timeMs: number): string {
  let time = '';
  for (let i = 0, t = timeMs; i < 10; i++, t = Math.floor(t / 32)) time = BASE32[t % 32] + time;
  if (used + 16 > random.length) {
    random = randomBytes(1 << 16);
    used = 0;
  }
  let rest = '';
  for (let i = 0; i < 16; i++) rest += BASE32[random[used++]! & 31];
  return time + rest;
}

/** A new ID of the same kind as `id`, made at `timeMs` (so lists keep their order by creation). */
const renew = (id: string, timeMs: number) => id.slice(0, id.length - 26) + ulidAt(timeMs);

const ROWS_PER_INSERT = 5000;

/**
 * PostgreSQL: rows into a table in one statement whose only parameter is the rows as JSON,
 * which the server takes apart itself (`json_populate_recordset`): a multi-row VALUES list of
 * the same rows, one parameter a value, costs several times as much to build, send and parse
 * (the 100,000-session seed took minutes that way).
 */
async function insertPostgres(db: Kysely<any>, table: string, rows: Row[]): Promise<void> {
  // Every column of the table, in its own order and type: the rows were read from it whole.
  await sql`insert into ${sql.table(table)} select * from json_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(rows)}::json)`.execute(db);
}

const sqliteFiles = new Map<string, SQLite.Database>();

/** Closes the connections insertSqlite opened. */
export function closeSeedConnections(): void {
  for (const db of sqliteFiles.values()) db.close();
  sqliteFiles.clear();
}

/**
 * SQLite: the rows through a connection of the seed's own, one prepared statement a table run
 * once a row, all in one transaction: a few microseconds a row, where kysely's multi-row
 * inserts spent most of the seed building and compiling queries of 30,000 parameters.
 */
function insertSqlite(file: string, tables: { table: string; rows: Row[] }[]): void {
  let db = sqliteFiles.get(file);
  if (!db) {
    db = new SQLite(file);
    db.pragma('busy_timeout = 5000');
    sqliteFiles.set(file, db);
  }
  const connection = db;
  connection.transaction(() => {
    for (const { table, rows } of tables) {
      const columns = Object.keys(rows[0]!);
      const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
      const insert = connection.prepare(`insert into ${quote(table)} (${columns.map(quote).join(', ')}) values (${columns.map(() => '?').join(', ')})`);
      for (const row of rows) insert.run(columns.map((c) => row[c]));
    }
  })();
}

/**
 * Inserts `count` sessions: copies of the templates in proportion to their weights, with
 * creation times spread evenly over the `spanMs` before `endMs`. Returns the seeded
 * sessions the bench may call: every `keepEvery`-th copy of each kind, so the sample has the
 * database's mix of kinds, and every ready-to-confirm one.
 */
export async function seedCopies(
  templates: Template[],
  stores: SeedStore[],
  count: number,
  { endMs = Date.now(), spanMs = 30 * 24 * 60 * 60 * 1000, keepEvery = 1 }: { endMs?: number; spanMs?: number; keepEvery?: number } = {},
): Promise<SeededSession[]> {
  if (count === 0) return [];
  const total = templates.reduce((sum, t) => sum + t.weight, 0);
  // Kinds interleaved by weight (a smooth round robin), so any run of copies has the mix.
  const credit = templates.map(() => 0);
  const pick = () => {
    let best = 0;
    templates.forEach((t, i) => {
      credit[i]! += t.weight;
      if (credit[i]! > credit[best]!) best = i;
    });
    credit[best]! -= total;
    return templates[best]!;
  };
  const orders = new Map<SeedStore['name'], string[]>();
  for (const s of stores) {
    const tables = [...new Set(templates.flatMap((t) => t.rows.filter((r) => r.store === s.name).map((r) => r.table)))];
    orders.set(s.name, await insertOrder(s, tables));
  }

  // A large load on PostgreSQL: its secondary indexes are dropped first and built again after,
  // as pg_restore does (each built once from sorted rows instead of grown row by row).
  const rebuild: { store: SeedStore; definitions: string[] }[] = [];
  if (count >= BULK) {
    for (const s of stores.filter((store) => store.dialect === 'postgres')) {
      rebuild.push({ store: s, definitions: await dropSecondaryIndexes(s.db, orders.get(s.name)!) });
    }
  }

  const kept: SeededSession[] = [];
  // Counted per kind: the round robin repeats every 20 copies (the weights' sum over their
  // greatest common divisor), so every 100th copy overall would always be the same kind.
  const copiesOf = new Map<string, number>();
  const BATCH = 2000;
  for (let start = 0; start < count; start += BATCH) {
    const pending = new Map<string, Row[]>(); // `${store}.${table}` → rows
    for (let n = start; n < Math.min(count, start + BATCH); n++) {
      const template = pick();
      const at = endMs - spanMs + Math.floor(((n + 1) * spanMs) / count);
      const ids = template.ids.map((id) => renew(id, at));
      const render = (cell: Cell) => ('parts' in cell ? cell.parts.map((p) => (typeof p === 'number' ? ids[p] : p)).join('') : cell.value);
      let secret = '';
      let token: string | undefined;
      for (const row of template.rows) {
        // The companion server keeps a confirm's answer 24 hours, then sweeps it: a copy made
        // before that has none left, and a newer one's is dated when its session was.
        if (row.table === 'confirm_attempts' && at < endMs - CONFIRM_ANSWER_KEEP_MS) continue;
        const key = `${row.store}.${row.table}`;
        const rendered = Object.fromEntries(row.columns.map(([name, value]) => [name, render(value)]));
        if (row.table === 'confirm_attempts') rendered.created_at = at;
        if (!pending.has(key)) pending.set(key, []);
        pending.get(key)!.push(rendered);
        if (row.store !== 'sandbox') continue;
        if (row.table === 'checkout_sessions') secret = String(rendered.client_secret);
        if (row.table === 'confirmation_tokens' && rendered.used_at === null) token = String(rendered.id);
      }
      const copy = copiesOf.get(template.kind) ?? 0;
      copiesOf.set(template.kind, copy + 1);
      if (copy % keepEvery === 0 || template.readyToConfirm) {
        kept.push({ kind: template.kind, id: ids[template.sessionIndex]!, secret, ...(template.readyToConfirm && token ? { token } : {}) });
      }
    }
    for (const s of stores) {
      const tables = orders.get(s.name)!.flatMap((table) => {
        const rows = pending.get(`${s.name}.${table}`);
        return rows?.length ? [{ table, rows }] : [];
      });
      if (s.file) {
        insertSqlite(s.file, tables);
        continue;
      }
      await s.db.transaction().execute(async (trx) => {
        // The copies reference only rows copied before them or already there: skipping the
        // per-row foreign-key triggers, as a restore does, is the bulk of the load's time saved.
        await sql`set local session_replication_role = replica`.execute(trx);
        for (const { table, rows } of tables) {
          for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) await insertPostgres(trx, table, rows.slice(i, i + ROWS_PER_INSERT));
        }
      });
    }
  }
  for (const { store, definitions } of rebuild) {
    await store.db.transaction().execute(async (trx) => {
      await sql`set local maintenance_work_mem = '256MB'`.execute(trx);
      for (const definition of definitions) await sql.raw(definition).execute(trx);
    });
  }
  return kept;
}

/** Loads of this many sessions or more rebuild PostgreSQL's secondary indexes after the load. */
const BULK = 10_000;

/** Drops the indexes of `tables` that no constraint owns (the primary and unique keys stay), and returns their definitions. */
async function dropSecondaryIndexes(db: Kysely<any>, tables: string[]): Promise<string[]> {
  const { rows } = await sql<{ name: string; definition: string }>`
    select i.indexname as name, i.indexdef as definition from pg_indexes i
    where i.schemaname = current_schema() and i.tablename = any(${tables})
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.connamespace = current_schema()::regnamespace)`.execute(db);
  for (const { name } of rows) await sql`drop index ${sql.id(name)}`.execute(db);
  return rows.map((r) => r.definition);
}
