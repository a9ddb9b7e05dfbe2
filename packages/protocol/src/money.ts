import { z } from 'zod';
import { Amount, Currency, IsoTimestamp, Metadata, idOf } from './common.js';

/**
 * Money after a charge, as Flex documents it: refunds, captures of a manual-capture session,
 * disputes, balance transactions (each with its fees) and payouts. Amounts are cents.
 */

// ---------------------------------------------------------------------------------------
// Refunds

export const RefundStatus = z.enum(['pending', 'requires_action', 'succeeded', 'failed', 'canceled']);
export const RefundReason = z.enum(['duplicate', 'fraudulent', 'requested_by_customer', 'expired_uncaptured_charge']);
export type RefundReason = z.infer<typeof RefundReason>;

/** What a refund gave back, by session line (or as a whole: tax, shipping, an amount). */
export const RefundItem = z.object({
  line_item_id: z.string().nullable(),
  product: idOf('product').nullable(),
  price: idOf('price').nullable(),
  amount: Amount,
});
export type RefundItem = z.infer<typeof RefundItem>;

export const Refund = z.object({
  refund_id: idOf('refund'),
  payment_intent_id: idOf('payment_intent'),
  charge_id: idOf('charge').nullable(),
  checkout_session_id: idOf('checkout_session').nullable(),
  amount: Amount,
  currency: Currency,
  reason: RefundReason.nullable(),
  status: RefundStatus,
  /** The acquirer's trace of the refund, once it has one (test mode: at once). */
  reference_id: z.string().nullable(),
  reference_type: z.enum(['acquirer_reference_number', 'system_trace_audit_number', 'retrieval_reference_number']).nullable(),
  reference_status: z.enum(['available', 'pending', 'unavailable']),
  items: z.array(RefundItem),
  subscription_id: idOf('subscription').nullable(),
  invoice_id: idOf('invoice').nullable(),
  metadata: Metadata,
  created_at: IsoTimestamp,
  test_mode: z.boolean(),
});
export type Refund = z.infer<typeof Refund>;

/** `POST /v1/refunds` body: by payment intent; without `amount`, whatever is left to refund. */
export const RefundCreateRequest = z.strictObject({
  refund: z.strictObject({
    payment_intent_id: idOf('payment_intent'),
    amount: z.int().min(1).max(99_999_999).optional(),
    reason: RefundReason.nullable().optional(),
    metadata: Metadata.optional(),
  }),
});
export type RefundCreateRequest = z.input<typeof RefundCreateRequest>;

/** `GET /v1/refunds` filters besides pagination. */
export const RefundListFilters = z.object({
  status: RefundStatus.optional(),
  payment_intent: z.string().optional(),
  checkout_session: z.string().optional(),
});

/** A session line named in a refund or a capture: by `product` or `price`. */
const SessionLineRef = {
  product: idOf('product').optional(),
  price: idOf('price').optional(),
};
const lineRefGiven = (l: { product?: string | undefined; price?: string | undefined }) => (l.product ? 1 : 0) + (l.price ? 1 : 0) === 1;

const refundFields = {
  line_items: z
    .array(
      z
        .strictObject({ ...SessionLineRef, amount_to_refund: z.int().min(1).max(99_999_999).optional() })
        .refine(lineRefGiven, { message: 'Give exactly one of product or price' }),
    )
    .min(1)
    .max(100)
    .optional(),
  amount: z.int().min(1).max(99_999_999).optional(),
  amount_tax: Amount.optional(),
  amount_shipping: Amount.optional(),
  amount_discount: Amount.optional(),
  refund_metadata: Metadata.optional(),
  reason: RefundReason.nullable().optional(),
};

/**
 * `POST /v1/checkout/sessions/{id}/refund` body, every field optional: `{}` refunds what is
 * left. `line_items` refund lines (each its whole remaining total unless `amount_to_refund`),
 * with `amount_tax` and `amount_shipping` added and `amount_discount` taken off; `amount` alone
 * refunds that much.
 */
export const SessionRefundRequest = z.strictObject({
  checkout_session: z.strictObject(refundFields).optional(),
});
export type SessionRefundRequest = z.input<typeof SessionRefundRequest>;

/** `POST …/refund_allocation`: the same, and which cards to take it from. */
export const RefundAllocationRequest = z.strictObject({
  checkout_session: z
    .strictObject({
      ...refundFields,
      payment_methods: z
        .array(z.strictObject({ payment_method_id: idOf('payment_method'), amount: z.int().min(1).max(99_999_999) }))
        .min(1)
        .max(10)
        .optional(),
    })
    .optional(),
});
export type RefundAllocationRequest = z.input<typeof RefundAllocationRequest>;

/** How an amount splits across the cards of a session (one card in the sandbox: no split cart). */
export const Allocation = z.object({ payment_method_id: idOf('payment_method'), last4: z.string(), amount: Amount });
export const AllocationAnswer = z.object({ allocations: z.array(Allocation) });
export type AllocationAnswer = z.infer<typeof AllocationAnswer>;

// ---------------------------------------------------------------------------------------
// Captures (manual capture: `capture_method: "manual"` sessions authorize, then capture)

export const CaptureItem = z.object({
  capture_item_id: idOf('capture_item'),
  amount_captured: Amount,
  payment_intent: idOf('payment_intent'),
  price: idOf('price').nullable(),
  created_at: IsoTimestamp,
  test_mode: z.boolean(),
});

export const Capture = z.object({
  capture_id: idOf('capture'),
  checkout_session_id: idOf('checkout_session'),
  amount_captured: Amount,
  amount_shipping_captured: Amount,
  amount_discount_captured: Amount,
  amount_tax_captured: Amount,
  /** True when this capture ended the authorization (what was not captured was released). */
  final_capture: z.boolean(),
  items: z.array(CaptureItem),
  metadata: Metadata,
  created_at: IsoTimestamp,
  test_mode: z.boolean(),
});
export type Capture = z.infer<typeof Capture>;

const captureFields = {
  /** What to capture in all; without it (and without lines) everything still authorized. */
  amount: z.int().min(1).max(99_999_999).optional(),
  /** True (the default): what is not captured now is released. False: more captures may follow. */
  final_capture: z.boolean().default(true),
  line_items: z
    .array(
      z
        .strictObject({ ...SessionLineRef, amount: z.int().min(1).max(99_999_999).optional() })
        .refine(lineRefGiven, { message: 'Give exactly one of product or price' }),
    )
    .min(1)
    .max(100)
    .optional(),
  amount_shipping: Amount.optional(),
  amount_discount: Amount.optional(),
  amount_tax: Amount.optional(),
  /** Merged into the session's metadata. */
  metadata: Metadata.optional(),
  /** The capture's own metadata. */
  capture_metadata: Metadata.optional(),
};

/** `POST /v1/checkout/sessions/{id}/capture` and `…/capture_allocation` body (all optional). */
export const SessionCaptureRequest = z.strictObject({
  checkout_session: z.strictObject(captureFields).optional(),
});
export type SessionCaptureRequest = z.input<typeof SessionCaptureRequest>;

/** `PATCH /v1/captures/{id}` body: its metadata. */
export const CaptureUpdateRequest = z.strictObject({ capture: z.strictObject({ metadata: Metadata }) });
export type CaptureUpdateRequest = z.input<typeof CaptureUpdateRequest>;

/** `POST …/reauth` and `…/cancel` take no fields; an empty object or none. */
export const SessionActionRequest = z.strictObject({ checkout_session: z.strictObject({}).optional() });

/** `GET /v1/captures` filters besides pagination. */
export const CaptureListFilters = z.object({ checkout_session: z.string().optional() });

// ---------------------------------------------------------------------------------------
// Charges (the money a payment intent moved; named in refund and dispute events)

export const Charge = z.object({
  charge_id: idOf('charge'),
  payment_intent_id: idOf('payment_intent'),
  checkout_session_id: idOf('checkout_session').nullable(),
  amount: Amount,
  amount_captured: Amount,
  amount_refunded: Amount,
  refunded: z.boolean(),
  disputed: z.boolean(),
  currency: Currency,
  test_mode: z.boolean(),
});
export type Charge = z.infer<typeof Charge>;

// ---------------------------------------------------------------------------------------
// Disputes

export const DisputeStatus = z.enum(['warning_needs_response', 'warning_under_review', 'warning_closed', 'needs_response', 'under_review', 'won', 'lost']);
export type DisputeStatus = z.infer<typeof DisputeStatus>;

export const DisputeReason = z.enum([
  'bank_cannot_process',
  'check_returned',
  'credit_not_processed',
  'customer_initiated',
  'debit_not_authorized',
  'duplicate',
  'fraudulent',
  'general',
  'incorrect_account_details',
  'insufficient_funds',
  'product_not_received',
  'product_unacceptable',
  'subscription_canceled',
  'unrecognized',
]);

/** Stripe's evidence fields (Flex shows `evidence{…}` without its keys): text up to 20,000 characters. */
export const DISPUTE_EVIDENCE_FIELDS = [
  'access_activity_log',
  'billing_address',
  'cancellation_policy',
  'cancellation_policy_disclosure',
  'cancellation_rebuttal',
  'customer_communication',
  'customer_email_address',
  'customer_name',
  'customer_purchase_ip',
  'customer_signature',
  'duplicate_charge_documentation',
  'duplicate_charge_explanation',
  'duplicate_charge_id',
  'product_description',
  'receipt',
  'refund_policy',
  'refund_policy_disclosure',
  'refund_refusal_explanation',
  'service_date',
  'service_documentation',
  'shipping_address',
  'shipping_carrier',
  'shipping_date',
  'shipping_documentation',
  'shipping_tracking_number',
  'uncategorized_file',
  'uncategorized_text',
] as const;
const evidenceText = z.string().max(20_000).nullable();
export const DisputeEvidence = z.object(
  Object.fromEntries(DISPUTE_EVIDENCE_FIELDS.map((f) => [f, evidenceText])) as Record<(typeof DISPUTE_EVIDENCE_FIELDS)[number], typeof evidenceText>,
);
export type DisputeEvidence = z.infer<typeof DisputeEvidence>;

export const BalanceTransactionType = z.enum(['charge', 'refund', 'adjustment', 'payout']);

export const BalanceTransaction = z.object({
  balance_transaction_id: idOf('balance_transaction'),
  /** Positive into the balance, negative out of it. */
  amount: z.int(),
  /** Every fee taken: the transaction fee, the letter fee, a dispute's fee. */
  fee: Amount,
  net: z.int(),
  status: z.enum(['pending', 'available']),
  available_on: IsoTimestamp,
  created_at: IsoTimestamp,
  exchange_rate: z.number().nullable(),
  reporting_category: z.enum(['charge', 'refund', 'dispute', 'dispute_reversal', 'payout']),
  type: BalanceTransactionType,
  checkout_session_id: z.string().nullable(),
  client_reference_id: z.string().nullable(),
  /** What moved the money: a charge, refund, dispute or payout ID. */
  source_id: z.string(),
  flex_payment_intent_id: z.string().nullable(),
  mid: z.string().nullable(),
  currency: Currency,
  metadata: Metadata,
  transaction_fee_amount: Amount,
  interchange_fee_amount: Amount,
  lmn_fee_amount: Amount,
  dispute_fee_amount: Amount,
  card_type: z.string().nullable(),
  card_network: z.string().nullable(),
  /** The payout that paid it out, once one did (the sandbox's addition). */
  payout_id: z.string().nullable(),
  test_mode: z.boolean(),
});
export type BalanceTransaction = z.infer<typeof BalanceTransaction>;

/** `GET /v1/balance_transactions` filters besides pagination. */
export const BalanceTransactionListFilters = z.object({
  type: BalanceTransactionType.optional(),
  payout: z.string().optional(),
});

export const Dispute = z.object({
  dispute_id: idOf('dispute'),
  payment_intent_id: idOf('payment_intent'),
  charge_id: idOf('charge'),
  checkout_session_id: idOf('checkout_session').nullable(),
  amount: Amount,
  currency: Currency,
  status: DisputeStatus,
  reason: DisputeReason,
  /** Whether the charge can still be refunded (not while the dispute is open). */
  is_charge_refundable: z.boolean(),
  evidence: DisputeEvidence,
  evidence_details: z.object({
    due_by: IsoTimestamp,
    has_evidence: z.boolean(),
    past_due: z.boolean(),
    submission_count: z.int().min(0),
  }),
  balance_transactions: z.array(BalanceTransaction),
  payment_method_details: z.object({ card: z.object({ brand: z.string(), last4: z.string() }).nullable() }).nullable(),
  metadata: Metadata,
  client_reference_id: z.string().nullable(),
  created_at: IsoTimestamp,
  test_mode: z.boolean(),
});
export type Dispute = z.infer<typeof Dispute>;

/** `POST /v1/disputes/{id}` body: save evidence, and `submit` it (then it is under review). */
export const DisputeUpdateRequest = z.strictObject({
  dispute: z.strictObject({
    evidence: z
      .strictObject(
        Object.fromEntries(DISPUTE_EVIDENCE_FIELDS.map((f) => [f, evidenceText.optional()])) as Record<
          (typeof DISPUTE_EVIDENCE_FIELDS)[number],
          z.ZodOptional<typeof evidenceText>
        >,
      )
      .optional(),
    submit: z.boolean().optional(),
    metadata: Metadata.optional(),
  }),
});
export type DisputeUpdateRequest = z.input<typeof DisputeUpdateRequest>;

/** `GET /v1/disputes` filters: `statuses` is one status or several, comma-separated. */
export const DisputeListFilters = z.object({
  charge: z.string().optional(),
  payment_intent: z.string().optional(),
  statuses: z
    .string()
    .optional()
    .transform((s) =>
      s
        ? s
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean)
        : undefined,
    )
    .pipe(z.array(DisputeStatus).optional()),
});

/** `POST /v1/test_helpers/disputes` body: opens a dispute on a succeeded payment intent (the sandbox's test control). */
export const DisputeOpenRequest = z.strictObject({
  payment_intent: idOf('payment_intent'),
  amount: z.int().min(1).max(99_999_999).optional(),
  reason: DisputeReason.default('fraudulent'),
});

// ---------------------------------------------------------------------------------------
// Payouts

export const Payout = z.object({
  payout_id: idOf('payout'),
  status: z.enum(['pending', 'in_transit', 'paid', 'failed', 'canceled']),
  amount: z.int(),
  currency: Currency,
  arrival_date: IsoTimestamp,
  created_at: IsoTimestamp,
  source_type: z.literal('card'),
  test_mode: z.boolean(),
});
export type Payout = z.infer<typeof Payout>;

/** `GET /v1/payouts` filters: one payout, or those created between two dates (ISO dates or Unix seconds). */
export const PayoutListFilters = z.object({
  payout_id: z.string().optional(),
  start_date: z.string().optional(),
  end_date: z.string().optional(),
});
