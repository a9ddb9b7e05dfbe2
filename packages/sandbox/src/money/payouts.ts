import type { BalanceTransaction, Payout } from '@flex-checkout/protocol';
import { lockClock, toIso } from '../clock.js';
import type { Db } from '../db/collection.js';
import type { Dialect } from '../db/open.js';
import { inTransaction } from '../db/transaction.js';
import { emitEvent } from '../events/outbox.js';
import { newId } from '../ids.js';
import { record } from './ledger.js';
import { balanceTransactions, payouts } from './store.js';
import { moneyDb } from './tables.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const dayOf = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

/**
 * Pays out the balance, as a daily automatic payout schedule would: every day's worth of
 * funds that became available (and were not paid out) is one payout, created that day and
 * arriving the next (`in_transit`, then `paid`). A day whose funds come to nothing or less
 * (refunds, disputes) waits and joins a later one. Done when payouts or balance transactions
 * are read, under the clock's lock (one process at a time), each payout with its own
 * balance transaction (`payout`) and events.
 */
export async function settlePayouts(db: Db, dialect: Dialect, now: number): Promise<void> {
  await inTransaction(db, async (trx) => {
    await lockClock(trx, dialect);
    const due = await moneyDb(trx)
      .selectFrom('balance_transactions')
      .select(['id', 'data', 'available_at'])
      .where('payout_id', 'is', null)
      .where('type', '!=', 'payout')
      .where('available_at', '<=', now)
      .orderBy('available_at')
      .orderBy('id')
      .execute();
    let pending: { txn: BalanceTransaction }[] = [];
    let day: number | null = null;
    const flush = async () => {
      const total = pending.reduce((s, p) => s + p.txn.net, 0);
      if (day === null || pending.length === 0 || total <= 0) return;
      const created = Math.max(day, ...pending.map((p) => Number(Date.parse(p.txn.available_on))));
      const payout: Payout = {
        payout_id: newId('payout', now),
        status: created + DAY_MS <= now ? 'paid' : 'in_transit',
        amount: total,
        currency: pending[0]!.txn.currency,
        arrival_date: toIso(dayOf(created) + DAY_MS),
        created_at: toIso(created),
        source_type: 'card',
        test_mode: true,
      };
      await payouts.insert(trx, payout);
      for (const { txn } of pending) await balanceTransactions.update(trx, { ...txn, payout_id: payout.payout_id });
      const out = await record(trx, now, {
        type: 'payout',
        reporting_category: 'payout',
        amount: -total,
        source_id: payout.payout_id,
        currency: payout.currency,
      });
      await balanceTransactions.update(trx, { ...out, payout_id: payout.payout_id, available_on: out.created_at });
      await emitEvent(trx, now, 'payout.created', payout);
      if (payout.status === 'paid') await emitEvent(trx, now, 'payout.paid', payout);
      pending = [];
    };
    for (const row of due) {
      const txn = JSON.parse(row.data) as BalanceTransaction;
      const at = dayOf(Number(row.available_at));
      if (day !== null && at !== day) {
        const total = pending.reduce((s, p) => s + p.txn.net, 0);
        // A day that comes to nothing or less rolls into the next.
        if (total > 0) await flush();
      }
      day = at;
      pending.push({ txn });
    }
    await flush();
    // Payouts in transit arrive.
    const moving = await moneyDb(trx)
      .selectFrom('payouts')
      .select('data')
      .where('created_at', '<=', now - DAY_MS)
      .execute();
    for (const row of moving) {
      const payout = JSON.parse(row.data) as Payout;
      if (payout.status !== 'in_transit') continue;
      const paid = await payouts.update(trx, { ...payout, status: 'paid' });
      await emitEvent(trx, now, 'payout.paid', paid);
    }
  });
}
