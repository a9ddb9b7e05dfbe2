import { LETTER_REQUIRED_ERROR, type CheckoutLineItem, type PaymentError, type PaymentIntent } from '@flex-checkout/protocol';
import type { StoredInvoice, StoredInvoiceLine } from './shapes.js';
import { toIso, toUnixSeconds } from '../clock.js';
import { findValidLetter } from '../consultations/letters.js';
import { emitEvent } from '../events/outbox.js';
import { newId } from '../ids.js';
import { recordCharge } from '../money/ledger.js';
import { applyToPaymentIntent, paymentIntentFor } from '../payments/intents.js';
import { behaviourOf, process } from '../payments/processor.js';
import { paymentIntents, paymentMethods } from '../payments/store.js';
import { customers } from '../resources/customers.js';
import type { BillingContext } from './context.js';
import { nextRetryAt } from './schedule.js';
import { invoices, subscriptions } from './store.js';

/** Why a renewal failed when no valid letter covered it: Flex's LoMN reason, as a payment error. */
export function letterRequiredError(paymentMethod: string | null): PaymentError {
  return {
    type: 'invalid_request_error',
    code: 'lomn_required',
    decline_code: null,
    message: LETTER_REQUIRED_ERROR.detail[0]!.msg,
    payment_method: paymentMethod,
  };
}

const NO_PAYMENT_METHOD: PaymentError = {
  type: 'invalid_request_error',
  code: 'payment_method_missing',
  decline_code: null,
  message: 'The customer has no default payment method and the subscription names none. Save a card with a setup session.',
  payment_method: null,
};

export interface InvoiceFields {
  customer: string;
  subscription: string | null;
  billing_reason: StoredInvoice['billing_reason'];
  currency: string;
  lines: StoredInvoiceLine[];
  period_start: number;
  period_end: number;
  checkout_session: string | null;
  /** Shipping and tax of the checkout that made the invoice; renewals carry none. */
  amount_shipping?: number;
  amount_tax?: number;
}

/** An invoice line from a checkout line, for the period it pays (none for a one-time price). */
export function invoiceLine(line: CheckoutLineItem, period: { start: number; end: number }): StoredInvoiceLine {
  return { ...line, period: line.recurring ? period : null };
}

/**
 * Opens an invoice: made as a draft (`invoice.created`), then finalized (`invoice.finalized`)
 * so it is `open` and due. Amounts, visit type and the letter requirement come from its lines.
 */
export async function openInvoice(ctx: BillingContext, fields: InvoiceFields): Promise<StoredInvoice> {
  const subtotal = fields.lines.reduce((sum, l) => sum + l.amount_subtotal, 0);
  const discount = fields.lines.reduce((sum, l) => sum + l.amount_discount, 0);
  const shipping = fields.amount_shipping ?? 0;
  const tax = fields.amount_tax ?? 0;
  // The same rule as a session's total (pricing/totals.ts): lines less discounts, plus shipping and tax.
  const amount = subtotal - discount + shipping + tax;
  const needLetter = fields.lines.find((l) => l.hsa_fsa_eligibility === 'letter_of_medical_necessity');
  const draft: StoredInvoice = {
    invoice_id: newId('invoice', ctx.now),
    customer: fields.customer,
    subscription: fields.subscription,
    status: 'draft',
    billing_reason: fields.billing_reason,
    currency: fields.currency,
    subtotal,
    amount_discount: discount,
    amount_shipping: shipping,
    amount_tax: tax,
    total: amount,
    amount_due: amount,
    amount_paid: 0,
    amount_remaining: amount,
    lines: fields.lines,
    visit_type: needLetter?.visit_type ?? fields.lines.find((l) => l.visit_type)?.visit_type ?? null,
    letter_of_medical_necessity_required: needLetter !== undefined,
    period_start: fields.period_start,
    period_end: fields.period_end,
    attempt_count: 0,
    attempted: false,
    next_payment_attempt: null,
    last_payment_error: null,
    payment_intent: null,
    charge: null,
    collection_method: 'charge_automatically',
    metadata: null,
    payment_method: null,
    checkout_session: fields.checkout_session,
    paid_at: null,
    created_at: toIso(ctx.now),
    test_mode: true,
  };
  await invoices.insert(ctx.db, draft);
  await emitEvent(ctx.db, ctx.now, 'invoice.created', draft);
  const open = await invoices.update(ctx.db, { ...draft, status: 'open' });
  await emitEvent(ctx.db, ctx.now, 'invoice.finalized', open);
  return open;
}

/**
 * Marks an invoice paid by a succeeded payment intent: `invoice.paid`, then
 * `invoice.payment_succeeded` (Flex's subscription guide extends a subscription on the
 * second; its event list names the first; Stripe, whose names Flex's follow, sends both).
 */
export async function markInvoicePaid(
  ctx: BillingContext,
  invoice: StoredInvoice,
  paid: { paymentIntent: string; paymentMethod: string | null; checkoutSession?: string | null; charge?: string | null },
): Promise<StoredInvoice> {
  const updated = await invoices.update(ctx.db, {
    ...invoice,
    status: 'paid',
    amount_paid: invoice.amount_due,
    amount_remaining: 0,
    attempt_count: invoice.attempt_count + 1,
    attempted: true,
    next_payment_attempt: null,
    last_payment_error: null,
    payment_intent: paid.paymentIntent,
    charge: paid.charge ?? invoice.charge,
    payment_method: paid.paymentMethod,
    checkout_session: paid.checkoutSession ?? invoice.checkout_session,
    paid_at: toUnixSeconds(ctx.now),
  });
  await emitEvent(ctx.db, ctx.now, 'invoice.paid', updated);
  await emitEvent(ctx.db, ctx.now, 'invoice.payment_succeeded', updated);
  return updated;
}

/** Voids an open invoice whose subscription ended (`invoice.voided`). */
export async function voidInvoice(ctx: BillingContext, invoice: StoredInvoice): Promise<StoredInvoice> {
  const voided = await invoices.update(ctx.db, { ...invoice, status: 'void', next_payment_attempt: null });
  await emitEvent(ctx.db, ctx.now, 'invoice.voided', voided);
  return voided;
}

export interface InvoiceAttempt {
  invoice: StoredInvoice;
  /** Null when the invoice was paid. */
  error: PaymentError | null;
  /** True when the scheduled retries are used up: the invoice is now `uncollectible`. */
  exhausted: boolean;
}

/**
 * One attempt to collect an open invoice off session. The card is the one given, else the
 * subscription's default, else the customer's; it is looked up now, so a card saved since
 * the last attempt is the one tried. A renewal needs a valid letter for the invoice's visit
 * type: without one the attempt fails with Flex's LoMN reason and no card is charged.
 *
 * Every attempt is recorded on the invoice's one payment intent, and a failed one
 * (`invoice.payment_failed`) schedules the next retry when `scheduled` (the billing
 * schedule's own attempts; a `POST /pay` leaves the schedule as it was).
 */
export async function attemptInvoice(
  ctx: BillingContext,
  invoice: StoredInvoice,
  options: { paymentMethod?: string; scheduled: boolean },
): Promise<InvoiceAttempt> {
  const subscription = invoice.subscription ? await subscriptions.get(ctx.db, invoice.subscription) : undefined;
  const customer = (await customers.get(ctx.db, invoice.customer))!;
  const methodId = options.paymentMethod ?? subscription?.default_payment_method ?? customer.default_payment_method;
  const method = methodId ? await paymentMethods.get(ctx.db, methodId) : undefined;

  let pi: PaymentIntent =
    (invoice.payment_intent ? await paymentIntents.get(ctx.db, invoice.payment_intent) : undefined) ??
    (await paymentIntents.insert(
      ctx.db,
      paymentIntentFor(ctx.now, {
        amount: invoice.amount_remaining,
        currency: invoice.currency,
        customer: invoice.customer,
        checkout_session: null,
        setup_future_use: null,
        off_session: true,
        invoice: invoice.invoice_id,
      }),
    ));

  let error: PaymentError | null;
  // A card detached from the customer (or never theirs) is no card at all.
  if (!method || method.customer !== invoice.customer || !method.off_session) {
    error = NO_PAYMENT_METHOD;
    pi = { ...pi, status: 'requires_payment_method', last_payment_error: error };
  } else if (
    invoice.letter_of_medical_necessity_required &&
    invoice.visit_type &&
    !(await findValidLetter(ctx.db, ctx.now, invoice.visit_type, { customer: invoice.customer }))
  ) {
    error = letterRequiredError(method.payment_method_id);
    pi = { ...pi, status: 'requires_payment_method', payment_method: method.payment_method_id, last_payment_error: error };
  } else {
    const outcome = process(await behaviourOf(ctx.db, method.payment_method_id), { offSession: true, charge: true });
    pi = applyToPaymentIntent(pi, outcome, method.payment_method_id, '', ctx.now);
    error = pi.status === 'succeeded' ? null : pi.last_payment_error;
  }
  await paymentIntents.update(ctx.db, pi);

  if (!error) {
    await emitEvent(ctx.db, ctx.now, 'payment_intent.succeeded', pi);
    await recordCharge(ctx.db, ctx.now, pi, pi.amount_received);
    const paid = await markInvoicePaid(ctx, invoice, { paymentIntent: pi.payment_intent_id, paymentMethod: pi.payment_method, charge: pi.latest_charge });
    return { invoice: paid, error: null, exhausted: false };
  }

  await emitEvent(ctx.db, ctx.now, 'payment_intent.payment_failed', pi);
  const firstAttempt = Date.parse(invoice.created_at);
  const next = options.scheduled ? nextRetryAt(firstAttempt, ctx.now) : invoice.next_payment_attempt && invoice.next_payment_attempt * 1000;
  const exhausted = options.scheduled && next === null;
  let failed = await invoices.update(ctx.db, {
    ...invoice,
    attempt_count: invoice.attempt_count + 1,
    attempted: true,
    next_payment_attempt: next === null ? null : toUnixSeconds(next),
    last_payment_error: error,
    payment_intent: pi.payment_intent_id,
    payment_method: pi.payment_method,
  });
  await emitEvent(ctx.db, ctx.now, 'invoice.payment_failed', failed);
  if (exhausted) {
    failed = await invoices.update(ctx.db, { ...failed, status: 'uncollectible' });
    await emitEvent(ctx.db, ctx.now, 'invoice.marked_uncollectible', failed);
  }
  return { invoice: failed, error, exhausted };
}
