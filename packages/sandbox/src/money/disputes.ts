import { DISPUTE_EVIDENCE_FIELDS, type CheckoutSession, type Dispute, type DisputeEvidence, type PaymentIntent } from '@flex-checkout/protocol';
import { toIso } from '../clock.js';
import { emitEvent } from '../events/outbox.js';
import { conflict, invalid } from '../http/errors.js';
import { newId } from '../ids.js';
import { paymentMethods } from '../payments/store.js';
import { sessions } from '../resources/checkout/store.js';
import { disputedOf, refundedOf, type MoneyContext } from './charges.js';
import { FEES, record } from './ledger.js';
import { disputes } from './store.js';

/** How long the merchant has to answer a dispute: 7 days on the sandbox clock (card networks give about that). */
const RESPONSE_MS = 7 * 24 * 60 * 60 * 1000;
const emptyEvidence = () => Object.fromEntries(DISPUTE_EVIDENCE_FIELDS.map((f) => [f, null])) as DisputeEvidence;

/**
 * Opens a dispute on a charge (the disputing test card after its charge, or the test helper):
 * the amount is taken back from the balance with the dispute fee
 * (`charge.dispute.created`, `charge.dispute.funds_withdrawn`), and the charge cannot be
 * refunded while it is open. Called under `lockPayment`'s locks.
 */
export async function openDispute(
  ctx: MoneyContext,
  { pi, session, amount, reason }: { pi: PaymentIntent; session: CheckoutSession | null; amount?: number | undefined; reason: Dispute['reason'] },
): Promise<Dispute> {
  if (pi.amount_received === 0 || !pi.latest_charge) throw conflict(['body', 'payment_intent'], `This payment has no charge to dispute (it is ${pi.status})`);
  const left = pi.amount_received - (await refundedOf(ctx.db, pi.payment_intent_id)) - (await disputedOf(ctx.db, pi.payment_intent_id)).held;
  const disputed = amount ?? left;
  if (disputed <= 0 || disputed > left) throw invalid(['body', 'amount'], `A dispute can take at most what was neither refunded nor disputed (${left})`);
  const card = pi.payment_method ? await paymentMethods.get(ctx.db, pi.payment_method) : undefined;
  const withdrawal = await record(ctx.db, ctx.now, {
    type: 'adjustment',
    reporting_category: 'dispute',
    amount: -disputed,
    dispute_fee: FEES.dispute,
    source_id: pi.latest_charge,
    pi,
    currency: pi.currency,
  });
  const dispute: Dispute = {
    dispute_id: newId('dispute', ctx.now),
    payment_intent_id: pi.payment_intent_id,
    charge_id: pi.latest_charge,
    checkout_session_id: pi.checkout_session,
    amount: disputed,
    currency: pi.currency,
    status: 'needs_response',
    reason,
    is_charge_refundable: false,
    evidence: emptyEvidence(),
    evidence_details: { due_by: toIso(ctx.now + RESPONSE_MS), has_evidence: false, past_due: false, submission_count: 0 },
    balance_transactions: [withdrawal],
    payment_method_details: { card: card ? { brand: card.card.brand, last4: card.card.last4 } : null },
    metadata: null,
    client_reference_id: session?.client_reference_id ?? null,
    created_at: toIso(ctx.now),
    test_mode: true,
  };
  await disputes.insert(ctx.db, dispute);
  if (session) {
    await sessions.update(ctx.db, { ...session, disputes: [...session.disputes, dispute.dispute_id], amount_disputed: session.amount_disputed + disputed });
  }
  await emitEvent(ctx.db, ctx.now, 'charge.dispute.created', dispute);
  await emitEvent(ctx.db, ctx.now, 'charge.dispute.funds_withdrawn', dispute);
  return dispute;
}

const OPEN = new Set<Dispute['status']>(['needs_response', 'warning_needs_response']);

/**
 * Saves evidence and, with `submit`, sends it (`under_review`). As Stripe's test mode does,
 * evidence whose `uncategorized_text` is `winning_evidence` wins at once and
 * `losing_evidence` loses; other evidence stays under review.
 */
export async function updateDispute(
  ctx: MoneyContext,
  dispute: Dispute,
  {
    evidence,
    submit,
    metadata,
  }: { evidence?: Partial<DisputeEvidence> | undefined; submit?: boolean | undefined; metadata?: Record<string, string> | null | undefined },
): Promise<Dispute> {
  if (!OPEN.has(dispute.status) && (evidence || submit)) {
    throw conflict(['path', 'dispute_id'], `This dispute is ${dispute.status}: its evidence can no longer change`);
  }
  const merged: DisputeEvidence = { ...dispute.evidence, ...Object.fromEntries(Object.entries(evidence ?? {}).filter(([, v]) => v !== undefined)) };
  const has = Object.values(merged).some((v) => v !== null && v !== '');
  let updated: Dispute = {
    ...dispute,
    evidence: merged,
    metadata: metadata === undefined ? dispute.metadata : metadata,
    evidence_details: {
      ...dispute.evidence_details,
      has_evidence: has,
      submission_count: dispute.evidence_details.submission_count + (submit ? 1 : 0),
      past_due: Date.parse(dispute.evidence_details.due_by) < ctx.now,
    },
  };
  if (submit) {
    if (!has) throw invalid(['body', 'dispute', 'evidence'], 'Give some evidence before submitting it');
    const text = merged.uncategorized_text;
    updated = { ...updated, status: text === 'winning_evidence' ? 'won' : text === 'losing_evidence' ? 'lost' : 'under_review' };
  }
  await disputes.update(ctx.db, updated);
  await emitEvent(ctx.db, ctx.now, 'charge.dispute.updated', updated);
  if (updated.status === 'won' || updated.status === 'lost') return closeWith(ctx, updated);
  return updated;
}

/** Concedes a dispute (`POST /v1/disputes/{id}/close`): it is lost; the funds stay withdrawn. */
export async function closeDispute(ctx: MoneyContext, dispute: Dispute): Promise<Dispute> {
  if (!OPEN.has(dispute.status)) throw conflict(['path', 'dispute_id'], `This dispute is ${dispute.status} and can no longer be closed`);
  const lost = await disputes.update(ctx.db, { ...dispute, status: 'lost' });
  return closeWith(ctx, lost);
}

/** A decided dispute: a won one gives the funds back (`funds_reinstated`); either way `closed`. */
async function closeWith(ctx: MoneyContext, dispute: Dispute): Promise<Dispute> {
  let closed = dispute;
  const session = dispute.checkout_session_id ? await sessions.getForUpdate(ctx.db, ctx.dialect, dispute.checkout_session_id) : undefined;
  if (dispute.status === 'won') {
    const pi = (await ctx.db.selectFrom('payment_intents').select('data').where('id', '=', dispute.payment_intent_id).executeTakeFirst())!;
    const reinstated = await record(ctx.db, ctx.now, {
      type: 'adjustment',
      reporting_category: 'dispute_reversal',
      amount: dispute.amount,
      source_id: dispute.charge_id,
      pi: JSON.parse(pi.data) as PaymentIntent,
      currency: dispute.currency,
    });
    closed = await disputes.update(ctx.db, { ...dispute, balance_transactions: [...dispute.balance_transactions, reinstated], is_charge_refundable: true });
    if (session) await sessions.update(ctx.db, { ...session, amount_disputed: Math.max(0, session.amount_disputed - dispute.amount) });
    await emitEvent(ctx.db, ctx.now, 'charge.dispute.funds_reinstated', closed);
  }
  await emitEvent(ctx.db, ctx.now, 'charge.dispute.closed', closed);
  return closed;
}
