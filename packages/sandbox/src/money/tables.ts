import type { Kysely } from 'kysely';
import type { Db } from '../db/collection.js';
import type { ObjectRow, Table } from '../db/schema.js';

/**
 * The tables migration 0005 adds (coupons, promo codes, shipping rates, refunds, captures,
 * disputes, balance transactions, payouts), typed here beside the code that uses them. They
 * join db/schema.ts's `Database` when that file is next open for changes; until then a
 * Collection names them through `tableName`.
 */
export interface MoneyTables {
  coupons: ObjectRow;
  /** `code_key`: the code in upper case, unique (codes match without regard to case). */
  promo_codes: ObjectRow & { code_key: string; coupon_id: string; active: number };
  shipping_rates: ObjectRow;
  refunds: ObjectRow & { payment_intent_id: string; checkout_session_id: string | null; status: string; amount: number };
  captures: ObjectRow & { checkout_session_id: string };
  disputes: ObjectRow & { payment_intent_id: string; charge_id: string; status: string };
  /** `available_at`: milliseconds, sandbox clock; `payout_id` once a payout took it. */
  balance_transactions: ObjectRow & { type: string; source_id: string; payout_id: string | null; available_at: number };
  /** `created_at`: milliseconds, sandbox clock. */
  payouts: ObjectRow & { created_at: number };
}

/** A table of migration 0005, as a Collection names it. */
export const tableName = (name: keyof MoneyTables) => name as unknown as Table;

/** The request's database, typed for these tables. */
export const moneyDb = (db: Db) => db as unknown as Kysely<MoneyTables>;
