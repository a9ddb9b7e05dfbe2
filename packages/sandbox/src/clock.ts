import type { Db } from './db/collection.js';
import type { Dialect } from './db/open.js';

/**
 * The sandbox's clock: the wall clock plus an offset kept in the database, so that a test
 * (or a developer) can live through a year in a second and every process sharing the
 * database agrees on the time. Nothing else in the sandbox reads the wall clock.
 */
const OFFSET_KEY = 'clock_offset_ms';

export async function readClockOffset(db: Db): Promise<number> {
  const row = await db.selectFrom('sandbox_state').select('value').where('key', '=', OFFSET_KEY).executeTakeFirst();
  return row ? Number(row.value) : 0;
}

/** The sandbox's current time in milliseconds. */
export async function sandboxNow(db: Db): Promise<number> {
  return Date.now() + (await readClockOffset(db));
}

/**
 * Real time, for the few things that must not follow the sandbox clock: the timestamp a
 * webhook is signed with (receivers check it against their own clock), how long a worker
 * may hold a delivery it claimed, and how long an attempt took. Everything the API models
 * uses `sandboxNow`.
 */
export function wallClockMs(): number {
  return Date.now();
}

/**
 * Takes the clock for the rest of the transaction, so that moving the clock and the work it
 * sets off (renewals, retries, expiries) happen one at a time across every process:
 * PostgreSQL locks the clock's row; on SQLite the first write takes the database's one
 * write lock up front (rather than upgrading a read later, which another process could
 * refuse). With `skipLocked`, answers false at once instead of waiting when another
 * transaction holds it (PostgreSQL; SQLite waits its busy timeout).
 */
export async function lockClock(db: Db, dialect: Dialect, { skipLocked = false } = {}): Promise<boolean> {
  await db
    .insertInto('sandbox_state')
    .values({ key: OFFSET_KEY, value: '0' })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  if (dialect !== 'postgres') return true;
  let query = db.selectFrom('sandbox_state').select('value').where('key', '=', OFFSET_KEY).forUpdate();
  if (skipLocked) query = query.skipLocked();
  return (await query.execute()).length > 0;
}

/** Moves the clock forward by `ms` (never backwards) and returns the new time. */
export async function advanceClock(db: Db, ms: number): Promise<number> {
  const offset = (await readClockOffset(db)) + Math.max(0, ms);
  await db
    .insertInto('sandbox_state')
    .values({ key: OFFSET_KEY, value: String(offset) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(offset) }))
    .execute();
  return Date.now() + offset;
}

export const toUnixSeconds = (ms: number) => Math.floor(ms / 1000);
export const toIso = (ms: number) => new Date(ms).toISOString();
