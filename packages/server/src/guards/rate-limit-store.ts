import { createHash } from 'node:crypto';
import type { ClientRateLimitInfo, HonoConfigType, Store } from 'hono-rate-limiter';
import { sql } from 'kysely';
import type { ServerStore } from '../storage/open.js';

/**
 * Rate-limit counters in the server's own database, so that several server processes on one
 * PostgreSQL database share them: the limit is the limit, however many instances answer.
 * (On SQLite, one file, it costs one small write per request and changes nothing else.)
 *
 * Fixed windows aligned on the clock (every process agrees where a minute starts): each
 * request adds one to its key's row in one atomic upsert, which starts the count over when
 * the row's window has passed. Keys are stored hashed: their size is bounded whatever a
 * caller puts in a path, and no caller's address is kept in the clear.
 */
export class DatabaseRateLimitStore implements Store {
  readonly localKeys = false;
  #windowMs = 60_000;
  #nextSweep = 0;

  constructor(private readonly store: ServerStore) {}

  init(options: HonoConfigType): void {
    this.#windowMs = options.windowMs;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const now = Date.now();
    const window = now - (now % this.#windowMs);
    const row = await this.store.db
      .insertInto('rate_limits')
      .values({ key: hashed(key), window_start: window, hits: 1 })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          // Both read the row as it was: same window, one more; a later window, the first hit.
          hits: sql<number>`case when rate_limits.window_start >= excluded.window_start then rate_limits.hits + 1 else 1 end`,
          window_start: sql<number>`case when rate_limits.window_start >= excluded.window_start then rate_limits.window_start else excluded.window_start end`,
        }),
      )
      .returning(['hits', 'window_start'])
      .executeTakeFirstOrThrow();
    this.sweep(now);
    return { totalHits: Number(row.hits), resetTime: new Date(Number(row.window_start) + this.#windowMs) };
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const row = await this.store.db.selectFrom('rate_limits').select(['hits', 'window_start']).where('key', '=', hashed(key)).executeTakeFirst();
    if (!row || Number(row.window_start) + this.#windowMs <= Date.now()) return undefined;
    return { totalHits: Number(row.hits), resetTime: new Date(Number(row.window_start) + this.#windowMs) };
  }

  async decrement(key: string): Promise<void> {
    await this.store.db.updateTable('rate_limits').set({ hits: sql<number>`hits - 1` }).where('key', '=', hashed(key)).where('hits', '>', 0).execute();
  }

  async resetKey(key: string): Promise<void> {
    await this.store.db.deleteFrom('rate_limits').where('key', '=', hashed(key)).execute();
  }

  /**
   * Rows of windows that have ended count for nothing: dropped once a window per process,
   * off the request's path (a failure here only leaves rows for the next sweep).
   */
  private sweep(now: number): void {
    if (now < this.#nextSweep) return;
    this.#nextSweep = now + this.#windowMs;
    this.store.db
      .deleteFrom('rate_limits')
      .where('window_start', '<', now - this.#windowMs)
      .execute()
      .catch(() => {});
  }
}

const hashed = (key: string) => createHash('sha256').update(key).digest('base64url');
