import { createHash } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { ServerStore } from '../storage/open.js';

/** What one key has counted in the current window. */
export interface Count {
  hits: number;
  /** When the window ends and the count starts over. */
  resetTime: Date;
}

/** One caller's ask, waiting for the statement that answers it. */
interface Ask {
  add: readonly string[];
  peek: readonly string[];
  resolve(counts: Map<string, Count>): void;
  reject(error: unknown): void;
}

/** Keys one statement counts at most (each is a row of its VALUES list). */
const MAX_KEYS = 200;

type CountedRow = { key: string; hits: number | string; window_start: number | string };

/**
 * Adds each row's hits to its key in the current window (starting the count over when the
 * row's window has passed) and answers the counts. A row adding nothing (a peek) is written
 * only when its key has a row. Rows go in key order, so on PostgreSQL two statements locking
 * some of the same rows take them in the same order: they wait for each other, never deadlock.
 */
const UPSERT = `
  on conflict (key) do update set
    hits = case when rate_limits.window_start >= excluded.window_start then rate_limits.hits + excluded.hits else excluded.hits end,
    window_start = case when rate_limits.window_start >= excluded.window_start then rate_limits.window_start else excluded.window_start end
  returning key, hits, window_start`;

/** PostgreSQL: the keys and hits as two arrays, so the statement's text is the same for any number of keys. */
const POSTGRES_COUNT = `
  insert into rate_limits (key, window_start, hits)
  select asked.key, $2::bigint, asked.hits from unnest($1::text[], $3::integer[]) as asked(key, hits)
  where asked.hits > 0 or exists (select 1 from rate_limits where rate_limits.key = asked.key)
  order by asked.key
  ${UPSERT}`;

/** SQLite: one row of a VALUES list per key. */
const sqliteCount = (rows: { hash: string; add: number }[], window: number): RawBuilder<CountedRow> => sql`
  insert into rate_limits (key, window_start, hits)
  select column1, column2, column3 from (values ${sql.join(rows.map((r) => sql`(${r.hash}, ${window}, ${r.add})`))}) as asked
  where column3 > 0 or exists (select 1 from rate_limits where rate_limits.key = asked.column1)
  order by column1
  ${sql.raw(UPSERT)}`;

/**
 * Rate-limit counters in the server's own database, so that several server processes on one
 * database share them: the limit is the limit, however many instances answer (issue 15,
 * finding 4). That holds for SQLite too, which several processes or instances may open.
 *
 * Fixed windows aligned on the clock (every process agrees where a minute starts). Keys are
 * stored hashed: their size is bounded whatever a caller puts in a path, and no caller's
 * address is kept in the clear.
 *
 * Counting was most of what the companion server added to a session read (bench: "session
 * read via /flex vs direct"), so it is one statement per turn of the event loop: every ask
 * made while the loop handles the requests that have arrived (each request's counters
 * together) goes to the database in one upsert, and each ask is answered as if the asks had
 * run one after another in the order they came. On PostgreSQL that is one round trip for
 * many requests; on SQLite one write transaction.
 */
export class RateLimitStore {
  #nextSweep = 0;
  #queue: Ask[] = [];

  constructor(
    private readonly store: ServerStore,
    readonly windowMs = 60_000,
  ) {}

  /**
   * Adds one to each of `add` and reads each of `peek` (keys distinct). A peeked key that has
   * no row is not written: a caller with no refused secret leaves nothing behind. Answers
   * every key asked about; a key with no row counts 0.
   */
  count(add: readonly string[], peek: readonly string[] = []): Promise<Map<string, Count>> {
    return new Promise((resolve, reject) => {
      if (this.#queue.length === 0) setImmediate(() => this.flush());
      this.#queue.push({ add, peek, resolve, reject });
    });
  }

  /** Takes back one hit counted earlier in this window (a call that turned out not to count). */
  async takeBack(key: string): Promise<void> {
    await this.store.db
      .updateTable('rate_limits')
      .set({ hits: sql<number>`hits - 1` })
      .where('key', '=', hashed(key))
      .where('hits', '>', 0)
      .execute();
  }

  /** Sends what was asked since the last flush, in statements of at most MAX_KEYS keys. */
  private flush(): void {
    const asks = this.#queue;
    this.#queue = [];
    while (asks.length > 0) {
      const batch: Ask[] = [];
      const keys = new Set<string>();
      while (asks.length > 0 && (batch.length === 0 || keys.size + asks[0]!.add.length + asks[0]!.peek.length <= MAX_KEYS)) {
        const ask = asks.shift()!;
        batch.push(ask);
        for (const key of [...ask.add, ...ask.peek]) keys.add(key);
      }
      this.answer(batch).catch((error) => {
        for (const ask of batch) ask.reject(error);
      });
    }
  }

  private async answer(batch: Ask[]): Promise<void> {
    const now = Date.now();
    const window = now - (now % this.windowMs);
    const added = new Map<string, number>();
    const keys = new Set<string>();
    for (const ask of batch) {
      for (const key of ask.add) added.set(key, (added.get(key) ?? 0) + 1);
      for (const key of [...ask.add, ...ask.peek]) keys.add(key);
    }
    const rows = [...keys].map((key) => ({ key, hash: hashed(key), add: added.get(key) ?? 0 })).sort((a, b) => (a.hash < b.hash ? -1 : 1));
    const counted = await this.run(rows, window);
    this.sweep(now);

    // Each ask sees the count as it stood after the asks before it in this batch, plus its own.
    const byHash = new Map(counted.map((row) => [row.key, row]));
    const soFar = new Map<string, number>();
    const resets = new Map<string, Date>();
    for (const { key, hash, add } of rows) {
      const row = byHash.get(hash);
      soFar.set(key, row ? Number(row.hits) - add : 0);
      resets.set(key, new Date((row ? Number(row.window_start) : window) + this.windowMs));
    }
    for (const ask of batch) {
      const answer = new Map<string, Count>();
      for (const key of ask.add) {
        const hits = soFar.get(key)! + 1;
        soFar.set(key, hits);
        answer.set(key, { hits, resetTime: resets.get(key)! });
      }
      for (const key of ask.peek) answer.set(key, { hits: soFar.get(key)!, resetTime: resets.get(key)! });
      ask.resolve(answer);
    }
  }

  /**
   * The counting statement. On PostgreSQL a prepared one: parsing and planning this upsert
   * each time cost more than running it (pgbench, two connections, the same statement: 5,400
   * a second sent with parameters as the query builder sends it, 12,900 prepared).
   */
  private async run(rows: { hash: string; add: number }[], window: number): Promise<CountedRow[]> {
    // Only a PostgreSQL store has `prepared`.
    if (this.store.prepared)
      return this.store.prepared<CountedRow>('flex_rate_limits_count', POSTGRES_COUNT, [rows.map((r) => r.hash), window, rows.map((r) => r.add)]);
    return (await this.store.db.executeQuery(sqliteCount(rows, window).compile(this.store.db))).rows;
  }

  /**
   * Rows of windows that have ended count for nothing: dropped once a window per process,
   * off the request's path (a failure here only leaves rows for the next sweep).
   */
  private sweep(now: number): void {
    if (now < this.#nextSweep) return;
    this.#nextSweep = now + this.windowMs;
    this.store.db
      .deleteFrom('rate_limits')
      .where('window_start', '<', now - this.windowMs)
      .execute()
      .catch(() => {});
  }
}

const hashed = (key: string) => createHash('sha256').update(key).digest('base64url');
