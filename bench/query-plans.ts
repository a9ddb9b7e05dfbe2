/**
 * Which index serves each query a request runs: the queries are recorded as the request
 * runs (a kysely plugin on the database handle), then each is explained on the same
 * database with the same parameters (`EXPLAIN QUERY PLAN` on SQLite, `EXPLAIN` on
 * PostgreSQL) and its plan reduced to how each table is reached.
 */
import { CompiledQuery, type Kysely, type KyselyPlugin } from 'kysely';

export interface RecordedQuery {
  store: string;
  sql: string;
  parameters: readonly unknown[];
}

/** Records the compiled SQL of every query run through the handles it wraps, while `on`. */
export class QueryRecorder {
  on = false;
  readonly queries: RecordedQuery[] = [];

  /** The same database, recorded: queries (and transactions) through it are seen. */
  wrap<DB>(store: string, db: Kysely<DB>): Kysely<DB> {
    const executor = db.getExecutor();
    const seen = new Set<unknown>();
    const plugin: KyselyPlugin = {
      transformQuery: (args) => {
        if (this.on && !seen.has(args.queryId)) {
          seen.add(args.queryId);
          const compiled = executor.compileQuery(args.node, args.queryId);
          this.queries.push({ store, sql: compiled.sql, parameters: compiled.parameters });
        }
        return args.node;
      },
      transformResult: (args) => Promise.resolve(args.result),
    };
    return db.withPlugin(plugin);
  }

  take(): RecordedQuery[] {
    return this.queries.splice(0);
  }
}

/** A query's text with its parameters and value lists folded, to name and group it. */
export function shape(sqlText: string): string {
  return sqlText
    .replace(/\$\d+/g, '?')
    .replace(/\s+/g, ' ')
    .replace(/\((?:\s*(?:cast\(\? as \w+\)|\?)\s*,?)+\)(?:\s*,\s*\((?:\s*(?:cast\(\? as \w+\)|\?)\s*,?)+\))+/g, '(…), …')
    .replace(/in \((?:\?, )*\?\)/g, 'in (…)')
    .trim();
}

/** How one table is reached in a plan: by which index, or by reading it whole. */
export interface Access {
  table: string;
  /** The index's name, `primary key`, or null for a full scan. */
  index: string | null;
  /** The plan's own words for it. */
  detail: string;
}

const TRANSACTION = /^(begin|commit|rollback|savepoint|release|set |pragma )/i;

/** EXPLAIN for one recorded query, on the database it ran on. */
export async function explain(db: Kysely<any>, dialect: 'sqlite' | 'postgres', query: RecordedQuery): Promise<{ plan: string[]; access: Access[] }> {
  if (TRANSACTION.test(query.sql.trim())) return { plan: [], access: [] };
  const prefix = dialect === 'sqlite' ? 'explain query plan ' : 'explain ';
  const { rows } = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(prefix + query.sql, [...query.parameters]));
  const plan = rows.map((r) => String(dialect === 'sqlite' ? r.detail : r['QUERY PLAN']));
  return { plan, access: dialect === 'sqlite' ? sqliteAccess(plan) : postgresAccess(plan) };
}

function sqliteAccess(plan: string[]): Access[] {
  const out: Access[] = [];
  // A VALUES list or subquery the statement builds itself is scanned by name too; it is no table.
  const own = new Set(plan.flatMap((line) => /^(?:CO-ROUTINE|MATERIALIZE) (\w+)/.exec(line)?.[1] ?? []));
  for (const line of plan) {
    const m = /^(SCAN|SEARCH) (\w+)(?: AS \w+)?(?: USING (?:COVERING )?(?:INDEX (\w+)|(INTEGER PRIMARY KEY|PRIMARY KEY)))?/.exec(line);
    if (!m) continue;
    const [, how, table, index, pk] = m;
    // A numbered subquery (SQLite names a VALUES list it scans by its number) is no table either.
    if (own.has(table!) || /^\d+$/.test(table!)) continue;
    if (/^sqlite_autoindex_/.test(index ?? '') || pk) out.push({ table: table!, index: 'primary key', detail: line });
    else if (index) out.push({ table: table!, index, detail: line });
    else if (how === 'SCAN' && !/CONSTANT ROW|SUBQUERY|CO-ROUTINE/.test(line)) out.push({ table: table!, index: null, detail: line });
  }
  return out;
}

/** PostgreSQL names a primary key `<table>_pkey`; a named one (kysely's addPrimaryKeyConstraint) here ends in `_pk`. */
const isPrimary = (index: string) => /_(pkey|pk)$/.test(index);

function postgresAccess(plan: string[]): Access[] {
  const out: Access[] = [];
  let bitmapIndexes: string[] = [];
  // Bitmap index scans come after their heap scan in the text plan (they are its children).
  for (const line of [...plan].reverse()) {
    const index = /(?:Index|Index Only) Scan(?: Backward)? using (\w+) on (\w+)/.exec(line);
    if (index) {
      out.push({ table: index[2]!, index: isPrimary(index[1]!) ? 'primary key' : index[1]!, detail: line.trim() });
      continue;
    }
    const bitmapIndex = /Bitmap Index Scan on (\w+)/.exec(line);
    if (bitmapIndex) {
      bitmapIndexes.push(bitmapIndex[1]!);
      continue;
    }
    const heap = /Bitmap Heap Scan on (\w+)/.exec(line);
    if (heap) {
      out.push({ table: heap[1]!, index: bitmapIndexes.map((i) => (isPrimary(i) ? 'primary key' : i)).join(' + '), detail: line.trim() });
      bitmapIndexes = [];
      continue;
    }
    const arbiter = /Conflict Arbiter Indexes: (\w+)/.exec(line);
    if (arbiter) {
      const table = /Insert on (\w+)/.exec(plan.find((l) => /Insert on/.test(l)) ?? '')?.[1] ?? '?';
      out.push({ table, index: isPrimary(arbiter[1]!) ? 'primary key' : arbiter[1]!, detail: line.trim() });
      continue;
    }
    const seq = /Seq Scan on (\w+)/.exec(line);
    if (seq) out.push({ table: seq[1]!, index: null, detail: line.trim() });
  }
  return out.reverse();
}

/** `table: index` for each table a plan reaches; "(no table read)" when it reads none. */
export const describeAccess = (access: Access[]) =>
  access.length === 0 ? 'no table read' : access.map((a) => `${a.table}: ${a.index ?? 'full scan'}`).join('; ');
