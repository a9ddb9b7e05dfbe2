import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type MigrationProvider } from 'kysely';
import pg from 'pg';

/**
 * @flex-checkout/storage: one query layer over SQLite (embedded default) and PostgreSQL
 * (several processes), with migrations in code. The sandbox and the companion server each
 * bring their own tables and migrations.
 */

export type Dialect = 'sqlite' | 'postgres';

/** An open, migrated database. */
export interface Store<Database = unknown> {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Where it lives, for messages: a file path or a URL without its password. */
  location: string;
  /**
   * PostgreSQL only (absent on SQLite): runs `text` as the prepared statement `name`, parsed
   * and planned once per connection instead of on every call. For the few statements a request
   * always runs, whose text never changes (a name must always stand for the same text).
   */
  prepared?: <Row>(name: string, text: string, values: unknown[]) => Promise<Row[]>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /**
   * `postgres://…` for PostgreSQL; otherwise a file path (`.data/sandbox.sqlite`),
   * optionally as `sqlite:path`, or `:memory:`.
   */
  url: string;
  /** PostgreSQL only: the schema to use (created when missing); lets tests share one server. */
  schema?: string;
  /** The owner's migrations, applied in name order. */
  migrations: MigrationProvider;
  /** Name of the bookkeeping tables, so two owners can share one database. */
  migrationTable?: string;
}

/**
 * PostgreSQL errors that another session's DDL can cause in Kysely's migrator before any
 * migration runs: it reads the whole catalog (every schema's tables, with
 * `pg_get_serial_sequence` on each), so a schema or table dropped meanwhile, anywhere on the
 * server, fails that read with "schema … does not exist" (3F000), "relation … does not
 * exist" (42P01) or "column … of relation … does not exist" (42703). Nothing was migrated
 * then, so the migration is simply tried again.
 */
const CATALOG_RACE_CODES = new Set(['3F000', '42P01', '42703']);
const MIGRATION_ATTEMPTS = 5;

/** Opens the database the URL names and brings its schema up to date. */
export async function openStore<Database>({ url, schema, migrations, migrationTable }: OpenOptions): Promise<Store<Database>> {
  const store = /^postgres(ql)?:\/\//.test(url) ? await openPostgres<Database>(url, schema) : openSqlite<Database>(url);
  const migrator = new Migrator({
    db: store.db,
    provider: migrations,
    ...(migrationTable ? { migrationTableName: migrationTable, migrationLockTableName: `${migrationTable}_lock` } : {}),
    // Kysely looks for its bookkeeping tables in every schema unless told which one; with
    // several schemas on one server (tests) it would find another schema's and skip its own.
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  let { error, results } = await migrator.migrateToLatest();
  for (let attempt = 1; error && attempt < MIGRATION_ATTEMPTS && store.dialect === 'postgres' && isCatalogRace(error, results); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    ({ error, results } = await migrator.migrateToLatest());
  }
  if (error) {
    await store.close();
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migrating ${store.location} failed at ${failed}: ${error instanceof Error ? String(error) : JSON.stringify(error)}`);
  }
  return store;
}

function openSqlite<Database>(url: string): Store<Database> {
  const path = url.replace(/^sqlite:/, '');
  if (path !== ':memory:') {
    // The file holds customers' records: readable by this user only. A folder made here is
    // 0700 and a new file 0600 (SQLite gives its -wal and -shm files the file's own mode).
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    closeSync(openSync(path, 'a', 0o600));
  }
  const database = new SQLite(path);
  // WAL keeps readers off the writer's back; a committed transaction survives the process
  // being killed (it is in the WAL file before commit returns).
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return { db, dialect: 'sqlite', location: path, close: () => db.destroy() };
}

/** How long an idle PostgreSQL connection is kept open (pg's default is 10 s). */
const IDLE_CONNECTION_MS = 5 * 60_000;

async function openPostgres<Database>(url: string, schema?: string): Promise<Store<Database>> {
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Bad schema name: ${schema}`);
  if (schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema if not exists ${schema}`);
    await admin.end();
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // pg closes a connection after 10 s idle by default: after any lull, the next burst of
    // requests opened new ones, each a new server process that loads its catalog caches on
    // its first query of every table (plus TLS and authentication to a remote server). The
    // bench's confirms on PostgreSQL: after 12 s idle the slowest of 40 took 2–3× as long as
    // with no pause, the median the same. Connections now live five minutes idle; one the
    // server drops meanwhile is removed from the pool (the 'error' listener below) and the
    // next query opens another.
    idleTimeoutMillis: IDLE_CONNECTION_MS,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
    // bigint columns hold Unix seconds and milliseconds: well inside a JS number.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary'): ((value: string) => unknown) =>
        oid === 20 ? (v: string) => Number(v) : (pg.types.getTypeParser(oid, format) as (value: string) => unknown)) as never,
    },
  });
  // An idle connection the server ends (a restart, idle_session_timeout, a proxy's timeout)
  // emits 'error' on the pool; without a listener that would end the process. pg has
  // already removed it from the pool: nothing else to do.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  await sql`select 1`.execute(db);
  const location = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  const prepared = async <Row>(name: string, text: string, values: unknown[]): Promise<Row[]> => (await pool.query({ name, text, values })).rows as Row[];
  return { db, dialect: 'postgres', location, prepared, close: () => db.destroy() };
}

/** A failure before any migration ran, of the kind another session's DDL causes (CATALOG_RACE_CODES). */
function isCatalogRace(error: unknown, results: readonly { status: string }[] | undefined): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && CATALOG_RACE_CODES.has(code) && !results?.some((r) => r.status !== 'NotExecuted');
}

/** True when a write failed on a primary key or unique constraint, on either database. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
