import type { Db } from './db/collection.js';

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
