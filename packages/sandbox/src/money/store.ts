import type { BalanceTransaction, Capture, Dispute, Payout, Refund } from '@flex-checkout/protocol';
import { Collection } from '../db/collection.js';
import { tableName } from './tables.js';

export const refunds = new Collection<Refund>(
  tableName('refunds'),
  (r) => r.refund_id,
  (r) => ({
    payment_intent_id: r.payment_intent_id,
    checkout_session_id: r.checkout_session_id,
    status: r.status,
    amount: r.amount,
  }),
);

export const captures = new Collection<Capture>(
  tableName('captures'),
  (c) => c.capture_id,
  (c) => ({ checkout_session_id: c.checkout_session_id }),
);

export const disputes = new Collection<Dispute>(
  tableName('disputes'),
  (d) => d.dispute_id,
  (d) => ({
    payment_intent_id: d.payment_intent_id,
    charge_id: d.charge_id,
    status: d.status,
  }),
);

export const balanceTransactions = new Collection<BalanceTransaction>(
  tableName('balance_transactions'),
  (b) => b.balance_transaction_id,
  (b) => ({
    type: b.type,
    source_id: b.source_id,
    payout_id: b.payout_id,
    available_at: Date.parse(b.available_on),
  }),
);

export const payouts = new Collection<Payout>(
  tableName('payouts'),
  (p) => p.payout_id,
  (p) => ({ created_at: Date.parse(p.created_at) }),
);
