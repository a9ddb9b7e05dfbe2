import { ApiError } from '@flex-checkout/protocol';
import { isUniqueViolation } from '@flex-checkout/storage';
import type { ServerStore } from '../storage/open.js';

export interface StoredAnswer {
  status: number;
  body: string;
  replayed: boolean;
}

/** An attempt whose process died mid-flight may be taken over after this long. */
const STALE_MS = 30_000;
/** How long a second request with the same key waits for the first one's answer. */
const WAIT_MS = 15_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs a confirm at most once per key, across every server process sharing the database.
 * The first request claims the key (a row insert: unique), runs, and stores the answer; a
 * retry or a concurrent twin with the same key waits for that answer and replays it. The
 * same key with another body is 409. A server failure (5xx, upstream unreachable) frees the
 * key, so the shopper's retry gets a real second try — safe, because the upstream is sent
 * the same Idempotency-Key and dedupes it too.
 */
export async function confirmOnce(
  store: ServerStore,
  key: string,
  fingerprint: string,
  run: () => Promise<{ status: number; body: string }>,
): Promise<StoredAnswer> {
  const db = store.db;
  const claimed = await claim(store, key, fingerprint);
  if (!claimed) {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const row = await db.selectFrom('confirm_attempts').selectAll().where('key', '=', key).executeTakeFirst();
      if (!row) {
        // The first attempt failed and freed the key: this one takes it.
        if (await claim(store, key, fingerprint)) break;
        continue;
      }
      if (row.fingerprint !== fingerprint) {
        throw ApiError.one(
          409,
          ['header', 'idempotency-key'],
          'This Idempotency-Key was already used for a different confirm; use a new key for a new attempt',
          'idempotency_error',
        );
      }
      if (row.status !== null && row.body !== null) return { status: row.status, body: row.body, replayed: true };
      if (row.created_at < Date.now() - STALE_MS) {
        const taken = await db
          .updateTable('confirm_attempts')
          .set({ created_at: Date.now() })
          .where('key', '=', key)
          .where('status', 'is', null)
          .where('created_at', '=', row.created_at)
          .executeTakeFirst();
        if (Number(taken.numUpdatedRows) === 1) break;
      }
      if (Date.now() > deadline) {
        throw ApiError.one(409, ['header', 'idempotency-key'], 'This payment is still being processed. Check its status before trying again.', 'conflict');
      }
      await sleep(50);
    }
  }

  let answer: { status: number; body: string };
  try {
    answer = await run();
  } catch (error) {
    await db.deleteFrom('confirm_attempts').where('key', '=', key).where('status', 'is', null).execute();
    throw error;
  }
  if (answer.status >= 500) {
    await db.deleteFrom('confirm_attempts').where('key', '=', key).where('status', 'is', null).execute();
  } else {
    await db.updateTable('confirm_attempts').set({ status: answer.status, body: answer.body }).where('key', '=', key).execute();
  }
  return { ...answer, replayed: false };
}

/** Answers are kept 24 hours, like the upstream's idempotency keys. */
export const KEEP_MS = 24 * 60 * 60 * 1000;
/** How often a process drops the answers past KEEP_MS. */
export const SWEEP_EVERY_MS = 60 * 60 * 1000;

/** When each store may next be swept, per process. */
const nextSweep = new WeakMap<ServerStore, number>();

/**
 * Drops the answers past their 24 hours, at most once an hour per process and off the
 * request's path (a failure only leaves them for the next sweep). A key's own old answer is
 * also dropped when the key comes again (claim), but most keys never do: without the sweep
 * every confirm left its answer, about 2 KB, for good — 70,000 confirms, 134 MB on
 * PostgreSQL. `confirm_attempts_created` (server migration 0008) finds them.
 */
export function sweepConfirmAnswers(store: ServerStore, now = Date.now()): Promise<void> {
  if (now < (nextSweep.get(store) ?? 0)) return Promise.resolve();
  nextSweep.set(store, now + SWEEP_EVERY_MS);
  return store.db
    .deleteFrom('confirm_attempts')
    .where('created_at', '<', now - KEEP_MS)
    .execute()
    .then(
      () => {},
      () => {},
    );
}

async function claim(store: ServerStore, key: string, fingerprint: string): Promise<boolean> {
  void sweepConfirmAnswers(store);
  await store.db
    .deleteFrom('confirm_attempts')
    .where('key', '=', key)
    .where('created_at', '<', Date.now() - KEEP_MS)
    .execute();
  try {
    await store.db.insertInto('confirm_attempts').values({ key, fingerprint, status: null, body: null, created_at: Date.now() }).execute();
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}
