import { createHash } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { ServerStore } from '../storage/open.js';

/** What one key has counted in the current window. */
export interface Count {
  hits: number;
  /** When the window ends and the count starts over. */
  resetTime: Date;
}

/** A key to add one to, and the limit it is checked against (which sets its block, see blockFor). */
export interface Counted {
  key: string;
  limit: number;
}

/** One caller's ask, waiting for the statement that answers it. */
interface Ask {
  add: readonly Counted[];
  peek: readonly string[];
  /** What was answered without the database (keys with a block, peeks known to be 0). */
  local: Map<string, Count>;
  resolve(counts: Map<string, Count>): void;
  reject(error: unknown): void;
}

/**
 * Hits of one key this process took from the database's count ahead of use: the block
 * (top − left, top] of the key's count in the current window is this process's to hand out.
 */
interface Block {
  top: number;
  left: number;
}

/** Keys one statement counts at most (each is a row of its VALUES list). */
const MAX_KEYS = 200;

/** The most hits one block takes: what other processes may be refused early at most, per key and process. */
const MAX_BLOCK = 100;

/**
 * A key's block: a twentieth of its limit (30 of the default 600 calls a minute per address,
 * 6 of 120 per session), at least one, at most MAX_BLOCK. A limit under 40 (the 30 refused
 * secrets a minute) is counted one hit at a time, in the database, every time.
 */
export const blockFor = (limit: number): number => Math.min(MAX_BLOCK, Math.max(1, Math.floor(limit / 20)));

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
 * read via /flex vs direct"), so on PostgreSQL most calls are counted without a statement
 * (see inBlocks for SQLite), and the rest share one:
 *
 * - **Blocks.** A key's count goes up by a block of hits at once (blockFor: 1 for a small
 *   limit, up to 100), which this process then hands out one call at a time in memory. The
 *   database's count is never below what every process has handed out, so the limit still
 *   holds across instances; what a block has not handed out when its minute ends was counted
 *   for nothing, so with N instances a key may be refused up to (N − 1) × (block − 1) calls
 *   early, never late. One instance loses nothing.
 * - **Peeks known to be 0.** The refused-secrets count of an address is read with every
 *   statement that counts for it, and while the last reading was 0 a call is not made to
 *   wait for another. Once any refusal is known (this process counts its own 401s in the
 *   database, and reads the others' with its next block), every call of that address reads
 *   the count afresh, as before. A guesser spread over N instances may so get up to one
 *   block of the address's calls (30 by default) past the limit at each before all refuse it.
 * - **One statement per turn of the event loop.** Every ask made while the loop handles the
 *   requests that have arrived goes to the database in one upsert, and each ask is answered
 *   as if the asks had run one after another in the order they came. On PostgreSQL that is
 *   one round trip for many requests; on SQLite one write transaction.
 */
export class RateLimitStore {
  #nextSweep = 0;
  #queue: Ask[] = [];
  /** Each key's block in the current window, by key. */
  #blocks = new Map<string, Block>();
  /** Peeked keys' last reading in the current window, by key. */
  #known = new Map<string, number>();
  /** The window the two maps above hold: both are emptied when it moves on (windowAt). */
  #window = 0;

  /**
   * Whether calls are counted in blocks (and peeks known to be 0 skipped): on PostgreSQL, where
   * each statement is a round trip to another process that pays for its own commit. On SQLite
   * the count is a write to this process's own file, and measured side by side (bench target,
   * 9 pairs of runs alternating with the code before blocks) answering from memory made the
   * read through /flex slower, not faster (via /flex ÷ direct 0.56–0.79 against 0.72–1.03;
   * the SQLite queries of the read itself took about twice as long, for a reason not found),
   * so there every call is counted in the database, as before.
   */
  readonly inBlocks: boolean;

  constructor(
    private readonly store: ServerStore,
    readonly windowMs = 60_000,
  ) {
    this.inBlocks = store.dialect === 'postgres';
  }

  /**
   * Adds one to each of `add` and reads each of `peek` (keys distinct). A peeked key that has
   * no row is not written: a caller with no refused secret leaves nothing behind. Answers
   * every key asked about; a key with no row counts 0. `hits` is the call's place in its
   * key's count for the window: over the limit, the call is over it.
   */
  count(add: readonly Counted[], peek: readonly string[] = []): Promise<Map<string, Count>> {
    const local = new Map<string, Count>();
    if (!this.inBlocks) return this.ask(add, peek, local);
    const window = this.windowAt(Date.now());
    const resetTime = new Date(window + this.windowMs);
    const addNow: Counted[] = [];
    for (const counted of add) {
      const block = this.#blocks.get(counted.key);
      if (block && block.left > 0) {
        block.left -= 1;
        local.set(counted.key, { hits: block.top - block.left, resetTime });
      } else addNow.push(counted);
    }
    // A statement that goes out anyway reads every peeked key afresh.
    const peekNow = peek.filter((key) => {
      if (addNow.length > 0 || this.#known.get(key) !== 0) return true;
      local.set(key, { hits: 0, resetTime });
      return false;
    });
    if (addNow.length === 0 && peekNow.length === 0) return Promise.resolve(local);
    return this.ask(addNow, peekNow, local);
  }

  /** Queues an ask for the next statement (sent once the loop has taken in what has arrived). */
  private ask(add: readonly Counted[], peek: readonly string[], local: Map<string, Count>): Promise<Map<string, Count>> {
    return new Promise((resolve, reject) => {
      if (this.#queue.length === 0) setImmediate(() => this.flush());
      this.#queue.push({ add, peek, local, resolve, reject });
    });
  }

  /** Takes back one hit counted earlier in this window (a call that turned out not to count). */
  async takeBack(key: string): Promise<void> {
    this.windowAt(Date.now()); // a block of a window that has ended is gone
    const block = this.#blocks.get(key);
    if (block) {
      // Back into this process's block: the database's count already holds it.
      block.left += 1;
      return;
    }
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
        for (const key of [...ask.add.map((c) => c.key), ...ask.peek]) keys.add(key);
      }
      this.answer(batch).catch((error) => {
        for (const ask of batch) ask.reject(error);
      });
    }
  }

  private async answer(batch: Ask[]): Promise<void> {
    const now = Date.now();
    const window = this.windowAt(now);
    // Each key added to goes up by a block, or by its asks in this batch if they are more.
    const asked = new Map<string, number>();
    const blocks = new Map<string, number>();
    const keys = new Set<string>();
    for (const ask of batch) {
      for (const { key, limit } of ask.add) {
        asked.set(key, (asked.get(key) ?? 0) + 1);
        blocks.set(key, Math.max(blocks.get(key) ?? 0, this.inBlocks ? blockFor(limit) : 1));
      }
      for (const key of [...ask.add.map((c) => c.key), ...ask.peek]) keys.add(key);
    }
    const rows = [...keys]
      .map((key) => ({ key, hash: hashed(key), add: Math.max(asked.get(key) ?? 0, blocks.get(key) ?? 0) }))
      .sort((a, b) => (a.hash < b.hash ? -1 : 1));
    const counted = await this.run(rows, window);
    this.sweep(now);

    // Each ask sees the count as it stood after the asks before it in this batch, plus its own.
    const byHash = new Map(counted.map((row) => [row.key, row]));
    const soFar = new Map<string, number>();
    /** The count's top of each key whose row is in this batch's window. */
    const tops = new Map<string, number>();
    const resets = new Map<string, Date>();
    for (const { key, hash, add } of rows) {
      const row = byHash.get(hash);
      const top = row ? Number(row.hits) : 0;
      const rowWindow = row ? Number(row.window_start) : window;
      soFar.set(key, top - add);
      // A row of a later window than this clock's (another process's clock ahead) is not kept.
      if (rowWindow === window) tops.set(key, top);
      resets.set(key, new Date(rowWindow + this.windowMs));
    }
    for (const ask of batch) {
      const answer = ask.local;
      for (const { key } of ask.add) {
        const hits = soFar.get(key)! + 1;
        soFar.set(key, hits);
        answer.set(key, { hits, resetTime: resets.get(key)! });
      }
      for (const key of ask.peek) answer.set(key, { hits: soFar.get(key)!, resetTime: resets.get(key)! });
      ask.resolve(answer);
    }
    // What the batch's asks did not use of each block is this process's to hand out; every key
    // read is remembered as it stands now (a peek of 0 lets the next calls skip the read).
    // A batch answered after its window ended leaves nothing: the maps now hold the next one.
    if (!this.inBlocks || this.windowAt(Date.now()) !== window) return;
    for (const [key, top] of tops) {
      if (asked.has(key)) this.#blocks.set(key, { top, left: top - soFar.get(key)! });
      this.#known.set(key, soFar.get(key)!);
    }
  }

  /**
   * The start of the window `now` is in (windows are aligned on the clock). A window later
   * than the maps' empties them first: their blocks and readings belong to a count that has
   * started over.
   */
  private windowAt(now: number): number {
    const window = now - (now % this.windowMs);
    if (window > this.#window) {
      this.#window = window;
      this.#blocks.clear();
      this.#known.clear();
    }
    return window;
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
