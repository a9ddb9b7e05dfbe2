import type {
  AllocationAnswer,
  BalanceTransaction,
  Capture,
  CaptureUpdateRequest,
  Dispute,
  DisputeStatus,
  DisputeUpdateRequest,
  Payout,
  Refund,
  RefundAllocationRequest,
  RefundCreateRequest,
  SessionCaptureRequest,
  SessionRefundRequest,
} from '@flex-checkout/protocol';
import type { FlexCheckoutSession } from './checkout-sessions.js';
import type { FlexShaped } from './flex-shaped.js';
import { listing, type LimitOnly, type Listing } from './lists.js';
import { objectPath, type Send, type WriteOptions } from './transport.js';
import { writtenObject } from './write-answer.js';

/** A refund as Flex documents it (`FlexShaped`): `charge_id`, `checkout_session_id` and `currency` are the sandbox's own. */
export type FlexRefund = FlexShaped<
  Refund,
  | 'refund_id'
  | 'payment_intent_id'
  | 'amount'
  | 'created_at'
  | 'reason'
  | 'status'
  | 'test_mode'
  | 'metadata'
  | 'reference_id'
  | 'reference_type'
  | 'reference_status'
  | 'items'
  | 'subscription_id'
  | 'invoice_id'
>;
/** A capture as Flex documents it (`FlexShaped`): `checkout_session_id` and `final_capture` are the sandbox's own. */
export type FlexCapture = FlexShaped<
  Capture,
  | 'capture_id'
  | 'amount_captured'
  | 'amount_shipping_captured'
  | 'amount_discount_captured'
  | 'amount_tax_captured'
  | 'created_at'
  | 'items'
  | 'metadata'
  | 'test_mode'
>;
/** A dispute as Flex documents it (`FlexShaped`): `checkout_session_id` is the sandbox's own. */
export type FlexDispute = FlexShaped<
  Dispute,
  | 'dispute_id'
  | 'payment_intent_id'
  | 'charge_id'
  | 'amount'
  | 'currency'
  | 'status'
  | 'reason'
  | 'is_charge_refundable'
  | 'evidence'
  | 'evidence_details'
  | 'balance_transactions'
  | 'payment_method_details'
  | 'metadata'
  | 'client_reference_id'
  | 'created_at'
  | 'test_mode'
>;

/** `POST /v1/refunds` fields: `payment_intent_id`, and optionally `amount` (default: what is left), `reason`, `metadata`. */
export type RefundCreateParams = RefundCreateRequest['refund'];
/** `POST /v1/checkout/sessions/{id}/refund` fields, all optional: `{}` refunds the whole session. */
export type SessionRefundParams = NonNullable<SessionRefundRequest['checkout_session']>;
export type RefundAllocationParams = NonNullable<RefundAllocationRequest['checkout_session']>;
/** `POST /v1/checkout/sessions/{id}/capture` fields, all optional: `{}` captures everything held. */
export type SessionCaptureParams = NonNullable<SessionCaptureRequest['checkout_session']>;
export type CaptureUpdateParams = CaptureUpdateRequest['capture'];
export type DisputeUpdateParams = DisputeUpdateRequest['dispute'];
export interface RefundListFilters {
  status?: Refund['status'];
  payment_intent?: string;
  checkout_session?: string;
}
export interface DisputeListFilters {
  charge?: string;
  payment_intent?: string;
  /** One status or several, comma-separated: `needs_response,under_review`. */
  statuses?: DisputeStatus | (string & {});
}
export interface PayoutListFilters {
  payout_id?: string;
  /** An ISO date (`2026-11-30`) or Unix seconds. */
  start_date?: string;
  end_date?: string;
}
export interface BalanceTransactionListFilters {
  /** Flex's docs do not list this filter; the client also applies it to the answer. */
  type?: BalanceTransaction['type'];
  /**
   * The sandbox's filter: what one payout paid out (a payout's ID). Flex's docs do not list this
   * filter; the client also applies it to the answer, by `payout_id` (the sandbox's field).
   */
  payout?: string;
}

/** The session money calls, on `client.checkoutSessions`. */
export interface SessionMoney {
  /**
   * Refunds a completed session: whole (`{}`), by lines, or by an amount; never more than is
   * left (`ValidationError` past it, `ConflictError` while a dispute is open).
   *
   * @example
   * ```ts
   * const { refunds } = await client.checkoutSessions.refund(sessionId, { line_items: [{ product: productId }] }, { idempotencyKey: `refund-${returnId}` });
   * ```
   */
  refund(id: string, params?: SessionRefundParams, options?: WriteOptions): Promise<SessionRefundAnswer>;
  /** How a refund would split across the session's cards. */
  refundAllocation(id: string, params?: RefundAllocationParams): Promise<AllocationAnswer>;
  /**
   * Captures what a `capture_method: "manual"` session authorized: all (`{}`), by lines, or an
   * amount; `final_capture: false` keeps the rest for later captures.
   *
   * @example `await client.checkoutSessions.capture(sessionId, { amount: 4500 })`
   */
  capture(id: string, params?: SessionCaptureParams, options?: WriteOptions): Promise<SessionCaptureAnswer>;
  /** How a capture would split across the session's cards. */
  captureAllocation(id: string, params?: SessionCaptureParams): Promise<AllocationAnswer>;
  /** Authorizes again: 7 more days, or (once lapsed) asks the card again (`CardDeclinedError` when it declines). */
  reauthorize(id: string, options?: WriteOptions): Promise<FlexCheckoutSession>;
  /** Releases what the authorization still holds (`POST …/cancel`). */
  cancelAuthorization(id: string, options?: WriteOptions): Promise<FlexCheckoutSession>;
}

/**
 * A refund as `POST …/refund` answers it. Flex documents `refund_id, status, reference_id,
 * reference_status`; the sandbox answers whole refunds. Other fields are kept as they came.
 */
export type SessionRefund = FlexShaped<FlexRefund, 'refund_id' | 'status'>;

/**
 * What `POST …/refund` answers: Flex documents only `refunds[]` (the new refunds). The sandbox
 * also answers the session; `checkout_session` is absent or null when the answer has none. An
 * answer that holds its refunds only on its session (`{"checkout_session": {…, "refunds": […]}}`)
 * gives those as `refunds` (then every refund of the session, the new ones with them); none at
 * all gives `[]`.
 */
export interface SessionRefundAnswer {
  refunds: SessionRefund[];
  checkout_session?: FlexCheckoutSession | null;
  [field: string]: unknown;
}

/**
 * What `POST …/capture` answers. Flex's page for it could not be read; the sandbox answers
 * `{checkout_session, capture}`. Either may be absent (`checkout_session` may be null); other
 * fields are kept as they came.
 */
export interface SessionCaptureAnswer {
  capture?: FlexCapture;
  checkout_session?: FlexCheckoutSession | null;
  [field: string]: unknown;
}

/**
 * A money answer with its session, when it has one, read as every session is (`bind`). The
 * money moved before this runs, so nothing here throws: an answer without a session, or a
 * session that cannot be bound, comes back as it was answered.
 */
async function withSession<A extends { checkout_session?: FlexCheckoutSession | null }>(
  answer: A,
  bind: (raw: FlexCheckoutSession) => Promise<FlexCheckoutSession>,
): Promise<A> {
  const session: unknown = answer?.checkout_session;
  if (typeof session !== 'object' || session === null || typeof (session as { checkout_session_id?: unknown }).checkout_session_id !== 'string') return answer;
  try {
    return { ...answer, checkout_session: await bind(session as FlexCheckoutSession) };
  } catch {
    return answer;
  }
}

export function sessionMoney(send: Send, bind: (raw: FlexCheckoutSession) => Promise<FlexCheckoutSession>): SessionMoney {
  const base = '/v1/checkout/sessions';
  const at = (id: string, action: string) => `${objectPath(base, id)}/${action}`;
  return {
    refund: async (id, checkout_session = {}, options = {}) => {
      const answer = await send<SessionRefundAnswer>('POST', at(id, 'refund'), {
        ...options,
        body: { checkout_session },
      });
      // Flex documents `refunds[]`; an answer wrapped as its other answers are holds them on its session.
      const refunds = Array.isArray(answer?.refunds) ? answer.refunds : Array.isArray(answer?.checkout_session?.refunds) ? answer.checkout_session.refunds : [];
      return withSession({ ...answer, refunds }, bind);
    },
    refundAllocation: (id, checkout_session = {}) => send<AllocationAnswer>('POST', at(id, 'refund_allocation'), { body: { checkout_session } }),
    capture: async (id, checkout_session = {}, options = {}) => {
      const answer = await send<SessionCaptureAnswer>('POST', at(id, 'capture'), {
        ...options,
        body: { checkout_session },
      });
      return withSession(answer, bind);
    },
    captureAllocation: (id, checkout_session = {}) => send<AllocationAnswer>('POST', at(id, 'capture_allocation'), { body: { checkout_session } }),
    reauthorize: async (id, options = {}) =>
      bind((await send<{ checkout_session: FlexCheckoutSession }>('POST', at(id, 'reauth'), { ...options, body: {} })).checkout_session),
    cancelAuthorization: async (id, options = {}) =>
      bind((await send<{ checkout_session: FlexCheckoutSession }>('POST', at(id, 'cancel'), { ...options, body: {} })).checkout_session),
  };
}

/** `/v1/refunds`: refund a payment intent (a session's or an invoice's); read refunds (20 a page by default). */
export interface RefundsResource extends Listing<FlexRefund, RefundListFilters> {
  /** @example `await client.refunds.create({ payment_intent_id: pi, amount: 500, reason: 'requested_by_customer' })` */
  create(params: RefundCreateParams, options?: WriteOptions): Promise<FlexRefund>;
  retrieve(id: string): Promise<FlexRefund>;
}

/** `/v1/captures`: the captures of manual-capture sessions. Flex documents no paging parameter here: `all()` reads one page and stops. */
export interface CapturesResource extends Listing<FlexCapture, { checkout_session?: string }, LimitOnly> {
  retrieve(id: string): Promise<FlexCapture>;
  /** `PATCH`: its metadata. */
  update(id: string, params: CaptureUpdateParams, options?: WriteOptions): Promise<FlexCapture>;
}

/** `/v1/disputes`: read, answer with evidence, or concede (20 a page by default). */
export interface DisputesResource extends Listing<FlexDispute, DisputeListFilters> {
  retrieve(id: string): Promise<FlexDispute>;
  /**
   * Saves evidence, and with `submit: true` sends it.
   *
   * @example `await client.disputes.update(id, { evidence: { customer_communication: '…' }, submit: true })`
   */
  update(id: string, params: DisputeUpdateParams, options?: WriteOptions): Promise<FlexDispute>;
  /** Concedes it. Resolves with the dispute as the answer gives it, or as read back after an answer without it. */
  close(id: string, options?: WriteOptions): Promise<FlexDispute>;
}

/** `GET /v1/balance_transactions`: every movement of the balance, with its fees. */
export type BalanceTransactionsResource = Listing<BalanceTransaction, BalanceTransactionListFilters>;
/** `GET /v1/payouts`. Flex documents no paging parameter here: `all()` reads one page and stops. */
export type PayoutsResource = Listing<Payout, PayoutListFilters, LimitOnly>;

export function refundsResource(send: Send): RefundsResource {
  const base = '/v1/refunds';
  return {
    ...listing<FlexRefund, RefundListFilters>(send, base, 'refunds', (r) => r.refund_id, { defaultLimit: 20, paging: 'cursor' }),
    create: async (refund, options = {}) => (await send<{ refund: FlexRefund }>('POST', base, { ...options, body: { refund } })).refund,
    retrieve: async (id) => (await send<{ refund: FlexRefund }>('GET', objectPath(base, id))).refund,
  };
}

export function capturesResource(send: Send): CapturesResource {
  const base = '/v1/captures';
  return {
    ...listing<FlexCapture, { checkout_session?: string }, LimitOnly>(send, base, 'captures', (c) => c.capture_id, { paging: 'none', unpaged: true }),
    retrieve: async (id) => (await send<{ capture: FlexCapture }>('GET', objectPath(base, id))).capture,
    update: async (id, capture, options = {}) =>
      (await send<{ capture: FlexCapture }>('PATCH', objectPath(base, id), { ...options, body: { capture } })).capture,
  };
}

export function disputesResource(send: Send): DisputesResource {
  const base = '/v1/disputes';
  return {
    ...listing<FlexDispute, DisputeListFilters>(send, base, 'disputes', (d) => d.dispute_id, { defaultLimit: 20, paging: 'cursor' }),
    retrieve: async (id) => (await send<{ dispute: FlexDispute }>('GET', objectPath(base, id))).dispute,
    update: async (id, dispute, options = {}) =>
      (await send<{ dispute: FlexDispute }>('POST', objectPath(base, id), { ...options, body: { dispute } })).dispute,
    close: async (id, options = {}) => {
      // Only a guide names this call, with no answer: wrapped, bare or empty, and then read back.
      const answer = await send<unknown>('POST', `${objectPath(base, id)}/close`, { ...options, body: {}, emptyAnswerOk: true });
      return writtenObject<FlexDispute>(answer, 'dispute', 'dispute_id') ?? (await send<{ dispute: FlexDispute }>('GET', objectPath(base, id))).dispute;
    },
  };
}

export const balanceTransactionsResource = (send: Send): BalanceTransactionsResource =>
  listing<BalanceTransaction, BalanceTransactionListFilters>(send, '/v1/balance_transactions', 'balance_transactions', (b) => b.balance_transaction_id, {
    paging: 'cursor',
    clientFilters: { type: (b, type) => b.type === type, payout: (b, id) => b.payout_id === id || (b.type === 'payout' && b.source_id === id) },
  });

export const payoutsResource = (send: Send): PayoutsResource =>
  listing<Payout, PayoutListFilters, LimitOnly>(send, '/v1/payouts', 'payouts', (p) => p.payout_id, { paging: 'none', unpaged: true });
