import type { BalanceTransaction, PaymentIntent } from '@flex-checkout/protocol';
import { toIso } from '../clock.js';
import type { Db } from '../db/collection.js';
import { newId } from '../ids.js';
import { paymentMethods } from '../payments/store.js';
import { balanceTransactions } from './store.js';

/**
 * The sandbox's fee schedule, so balance transactions and payouts have fees to show (Flex's
 * own rates are not public): a card transaction costs 2.9% + 30¢, a dispute 15.00; refunds
 * give no fee back, as Stripe's do not. Funds are available two days after the money moved.
 */
export const FEES = { percent: 2.9, fixed: 30, dispute: 1500 } as const;
export const AVAILABLE_AFTER_MS = 2 * 24 * 60 * 60 * 1000;

export const transactionFee = (amount: number) => Math.round((amount * FEES.percent) / 100) + FEES.fixed;

interface Entry {
  type: BalanceTransaction['type'];
  reporting_category: BalanceTransaction['reporting_category'];
  amount: number;
  transaction_fee?: number;
  dispute_fee?: number;
  source_id: string;
  pi?: PaymentIntent | null;
  checkout_session_id?: string | null;
  client_reference_id?: string | null;
  currency: string;
}

/** Writes one balance transaction in the caller's transaction (the one that moved the money). */
export async function record(db: Db, now: number, entry: Entry): Promise<BalanceTransaction> {
  const transactionFeeAmount = entry.transaction_fee ?? 0;
  const disputeFee = entry.dispute_fee ?? 0;
  const fee = transactionFeeAmount + disputeFee;
  const card = entry.pi?.payment_method ? await paymentMethods.get(db, entry.pi.payment_method) : undefined;
  const txn: BalanceTransaction = {
    balance_transaction_id: newId('balance_transaction', now),
    amount: entry.amount,
    fee,
    net: entry.amount - fee,
    status: 'pending',
    available_on: toIso(now + AVAILABLE_AFTER_MS),
    created_at: toIso(now),
    exchange_rate: null,
    reporting_category: entry.reporting_category,
    type: entry.type,
    checkout_session_id: entry.checkout_session_id ?? entry.pi?.checkout_session ?? null,
    client_reference_id: entry.client_reference_id ?? null,
    source_id: entry.source_id,
    flex_payment_intent_id: entry.pi?.payment_intent_id ?? null,
    mid: null,
    currency: entry.currency,
    metadata: null,
    transaction_fee_amount: transactionFeeAmount,
    interchange_fee_amount: 0,
    lmn_fee_amount: 0,
    dispute_fee_amount: disputeFee,
    card_type: card ? 'primary' : null,
    card_network: card?.card.brand ?? null,
    payout_id: null,
    test_mode: true,
  };
  return balanceTransactions.insert(db, txn);
}

/** Money a charge (or a capture) took in: its amount, less the transaction fee. */
export function recordCharge(db: Db, now: number, pi: PaymentIntent, amount: number, clientReferenceId: string | null = null) {
  return record(db, now, {
    type: 'charge',
    reporting_category: 'charge',
    amount,
    transaction_fee: transactionFee(amount),
    source_id: pi.latest_charge ?? pi.payment_intent_id,
    pi,
    client_reference_id: clientReferenceId,
    currency: pi.currency,
  });
}

/** A balance transaction as the API shows it: `available` once its day has come. */
export const presentBalanceTransaction = (txn: BalanceTransaction, now: number): BalanceTransaction =>
  Date.parse(txn.available_on) <= now ? { ...txn, status: 'available' } : txn;
