import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { ServerStore } from '../storage/open.js';

/** What one key has counted in the current window. */
export interface Count {
  hits: number;
  /** When the window ends and the count starts over. */
  resetTime: Date;
}

/**
 * Rate-limit counters in the server's own database, so that several server processes on one
 * database share them: the limit is the limit, however many instances answer (issue 15,
 * finding 4). That holds for SQLite too, which several processes or instances may open.
 *
 * Fixed windows aligned on the clock (every process agrees where a minute starts). Keys are
 * stored hashed: their size is bounded whatever a caller puts in a path, and no caller's
 * address is kept in the clear.
 *
 * All of a request's counters go to the database in one statement (`count`): on PostgreSQL
 * that is one round trip instead of one per limit, on SQLite one write instead of two writes
 * and a read; the counting was most of what the companion server added to a session read.
 */
export class RateLimitStore {
  #nextSweep = 0;

  constructor(
    private readonly store: ServerStore,
    readonly windowMs = 60_000,
  ) {}

  /**
   * Adds one to each of `add` and reads each of `peek`, atomically per key, in one statement.
   * A peeked key that has no row is not written (a caller with no refused secret leaves
   * nothing behind); one that has is brought into the current window. Answers every key
   * asked about; a key with no row counts 0.
   */
  async count(add: readonly string[], peek: readonly string[] = []): Promise<Map<string, Count>> {
    const now = Date.now();
    const window = now - (now % this.windowMs);
    const hashes = new Map([...add, ...peek].map((key) => [key, hashed(key)]));
    const added = add.map((key) => sql`(${hashes.get(key)!}, cast(${window} as bigint), cast(1 as integer))`);
    const rows = sql`select column1, column2, column3 from (values ${sql.join(added)}) as counted where true`;
    const peeked = peek.map((key) => sql`select key, cast(${window} as bigint), cast(0 as integer) from rate_limits where key = ${hashes.get(key)!}`);
    const source = add.length > 0 ? sql.join([rows, ...peeked], sql` union all `) : sql.join(peeked, sql` union all `);
    const { rows: counted } = await sql<{ key: string; hits: number | string; window_start: number | string }>`
      insert into rate_limits (key, window_start, hits) ${source}
      on conflict (key) do update set
        hits = case when rate_limits.window_start >= excluded.window_start then rate_limits.hits + excluded.hits else excluded.hits end,
        window_start = case when rate_limits.window_start >= excluded.window_start then rate_limits.window_start else excluded.window_start end
      returning key, hits, window_start`.execute(this.store.db);
    this.sweep(now);
    const byHash = new Map(counted.map((row) => [row.key, row]));
    const answer = new Map<string, Count>();
    for (const [key, hash] of hashes) {
      const row = byHash.get(hash);
      const start = row ? Number(row.window_start) : window;
      answer.set(key, { hits: row ? Number(row.hits) : 0, resetTime: new Date(start + this.windowMs) });
    }
    return answer;
  }

  /** Takes back one hit counted earlier in this window (a call that turned out not to count). */
  async takeBack(key: string): Promise<void> {
    await this.store.db.updateTable('rate_limits').set({ hits: sql<number>`hits - 1` }).where('key', '=', hashed(key)).where('hits', '>', 0).execute();
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
