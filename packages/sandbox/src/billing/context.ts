import type { Db } from '../db/collection.js';
import type { Dialect } from '../db/open.js';

/**
 * What billing work needs: the transaction it writes in, which database (for row locks) and
 * the sandbox time it happens at. A request's `now`, or the moment the clock reached a
 * renewal or retry while `advance_time` moved it.
 */
export interface BillingContext {
  db: Db;
  dialect: Dialect;
  now: number;
}
