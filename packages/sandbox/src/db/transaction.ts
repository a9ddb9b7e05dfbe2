import type { Db } from './collection.js';

/**
 * Runs `fn` in a transaction: the caller's when it is already in one (a write request, a
 * step of `advance_time`), else a new one. Writes that belong together — a change and the
 * event that describes it — go through here when they can be reached outside a request.
 */
export function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return db.transaction().execute(fn);
}
