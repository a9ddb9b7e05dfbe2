import { BalanceTransactionListFilters, PayoutListFilters } from '@flex-checkout/protocol';
import { Hono } from 'hono';
import { sql } from 'kysely';
import { presentBalanceTransaction } from '../money/ledger.js';
import { settlePayouts } from '../money/payouts.js';
import { balanceTransactions, payouts } from '../money/store.js';
import type { SandboxEnv } from '../http/env.js';
import { invalid } from '../http/errors.js';
import { parseQuery } from '../http/validate.js';
import { listPage, mustGet, type Refine } from './lists.js';

/** `start_date` / `end_date`: an ISO date (or date-time), or Unix seconds; milliseconds, or a 422. */
function dateOf(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
  if (Number.isNaN(ms)) throw invalid(['query', name], 'Expected a date (2026-11-30) or Unix seconds');
  return ms;
}

/**
 * `/v1/balance_transactions` (list) and `/v1/payouts` (list), as Flex documents them: every
 * charge, capture, refund and dispute moves the balance, with its fees; available funds are
 * paid out daily (money/payouts.ts), settled whenever either list is read.
 */
export const balanceTransactionRoutes = new Hono<SandboxEnv>().get('/', async (c) => {
  const filters = parseQuery(c, BalanceTransactionListFilters.loose());
  await settlePayouts(c.var.db, c.var.store.dialect, c.var.now);
  return listPage(c, balanceTransactions, 'balance_transactions', 'balance transaction', { type: filters.type, payout_id: filters.payout }, (t) =>
    presentBalanceTransaction(t, c.var.now),
  );
});

export const payoutRoutes = new Hono<SandboxEnv>().get('/', async (c) => {
  const filters = parseQuery(c, PayoutListFilters.loose());
  const from = dateOf(filters.start_date, 'start_date');
  const to = dateOf(filters.end_date, 'end_date');
  await settlePayouts(c.var.db, c.var.store.dialect, c.var.now);
  const between: Refine | undefined =
    from !== undefined || to !== undefined
      ? (q) => {
          let query = q;
          if (from !== undefined) query = query.where(sql.ref('created_at'), '>=', from);
          if (to !== undefined) query = query.where(sql.ref('created_at'), '<=', to);
          return query;
        }
      : undefined;
  return listPage(c, payouts, 'payouts', 'payout', { id: filters.payout_id }, undefined, between);
});

/** The sandbox's extensions: read one balance transaction or payout (Flex documents lists only). */
export const balanceTransactionExtensionRoutes = new Hono<SandboxEnv>().get('/:id', async (c) =>
  c.json({ balance_transaction: presentBalanceTransaction(await mustGet(c, balanceTransactions, 'balance transaction', c.req.param('id')), c.var.now) }),
);
export const payoutExtensionRoutes = new Hono<SandboxEnv>().get('/:id', async (c) =>
  c.json({ payout: await mustGet(c, payouts, 'payout', c.req.param('id')) }),
);
