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
import { listing, type Listing } from './lists.js';
import { objectPath, type Send, type WriteOptions } from './transport.js';

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
  type?: BalanceTransaction['type'];
  /** The sandbox's filter: what one payout paid out. */
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
  refund(id: string, params?: SessionRefundParams, options?: WriteOptions): Promise<{ checkout_session: FlexCheckoutSession; refunds: Refund[] }>;
  /** How a refund would split across the session's cards. */
  refundAllocation(id: string, params?: RefundAllocationParams): Promise<AllocationAnswer>;
  /**
   * Captures what a `capture_method: "manual"` session authorized: all (`{}`), by lines, or an
   * amount; `final_capture: false` keeps the rest for later captures.
   *
   * @example `await client.checkoutSessions.capture(sessionId, { amount: 4500 })`
   */
  capture(id: string, params?: SessionCaptureParams, options?: WriteOptions): Promise<{ checkout_session: FlexCheckoutSession; capture: Capture }>;
  /** How a capture would split across the session's cards. */
  captureAllocation(id: string, params?: SessionCaptureParams): Promise<AllocationAnswer>;
  /** Authorizes again: 7 more days, or (once lapsed) asks the card again (`CardDeclinedError` when it declines). */
  reauthorize(id: string, options?: WriteOptions): Promise<FlexCheckoutSession>;
  /** Releases what the authorization still holds (`POST …/cancel`). */
  cancelAuthorization(id: string, options?: WriteOptions): Promise<FlexCheckoutSession>;
}

export function sessionMoney(send: Send, bind: (raw: FlexCheckoutSession) => Promise<FlexCheckoutSession>): SessionMoney {
  const base = '/v1/checkout/sessions';
  const at = (id: string, action: string) => `${objectPath(base, id)}/${action}`;
  return {
    refund: async (id, checkout_session = {}, options = {}) => {
      const answer = await send<{ checkout_session: FlexCheckoutSession; refunds: Refund[] }>('POST', at(id, 'refund'), {
        ...options,
        body: { checkout_session },
      });
      return { ...answer, checkout_session: await bind(answer.checkout_session) };
    },
    refundAllocation: (id, checkout_session = {}) => send<AllocationAnswer>('POST', at(id, 'refund_allocation'), { body: { checkout_session } }),
    capture: async (id, checkout_session = {}, options = {}) => {
      const answer = await send<{ checkout_session: FlexCheckoutSession; capture: Capture }>('POST', at(id, 'capture'), {
        ...options,
        body: { checkout_session },
      });
      return { ...answer, checkout_session: await bind(answer.checkout_session) };
    },
    captureAllocation: (id, checkout_session = {}) => send<AllocationAnswer>('POST', at(id, 'capture_allocation'), { body: { checkout_session } }),
    reauthorize: async (id, options = {}) =>
      bind((await send<{ checkout_session: FlexCheckoutSession }>('POST', at(id, 'reauth'), { ...options, body: {} })).checkout_session),
    cancelAuthorization: async (id, options = {}) =>
      bind((await send<{ checkout_session: FlexCheckoutSession }>('POST', at(id, 'cancel'), { ...options, body: {} })).checkout_session),
  };
}

/** `/v1/refunds`: refund a payment intent (a session's or an invoice's); read refunds (20 a page by default). */
export interface RefundsResource extends Listing<Refund, RefundListFilters> {
  /** @example `await client.refunds.create({ payment_intent_id: pi, amount: 500, reason: 'requested_by_customer' })` */
  create(params: RefundCreateParams, options?: WriteOptions): Promise<Refund>;
  retrieve(id: string): Promise<Refund>;
}

/** `/v1/captures`: the captures of manual-capture sessions. */
export interface CapturesResource extends Listing<Capture, { checkout_session?: string }> {
  retrieve(id: string): Promise<Capture>;
  /** `PATCH`: its metadata. */
  update(id: string, params: CaptureUpdateParams, options?: WriteOptions): Promise<Capture>;
}

/** `/v1/disputes`: read, answer with evidence, or concede (20 a page by default). */
export interface DisputesResource extends Listing<Dispute, DisputeListFilters> {
  retrieve(id: string): Promise<Dispute>;
  /**
   * Saves evidence, and with `submit: true` sends it.
   *
   * @example `await client.disputes.update(id, { evidence: { customer_communication: '…' }, submit: true })`
   */
  update(id: string, params: DisputeUpdateParams, options?: WriteOptions): Promise<Dispute>;
  /** Concedes it. */
  close(id: string, options?: WriteOptions): Promise<Dispute>;
}

/** `GET /v1/balance_transactions`: every movement of the balance, with its fees. */
export type BalanceTransactionsResource = Listing<BalanceTransaction, BalanceTransactionListFilters>;
/** `GET /v1/payouts`. */
export type PayoutsResource = Listing<Payout, PayoutListFilters>;

export function refundsResource(send: Send): RefundsResource {
  const base = '/v1/refunds';
  return {
    ...listing<Refund, RefundListFilters>(send, base, 'refunds', (r) => r.refund_id, 20),
    create: async (refund, options = {}) => (await send<{ refund: Refund }>('POST', base, { ...options, body: { refund } })).refund,
    retrieve: async (id) => (await send<{ refund: Refund }>('GET', objectPath(base, id))).refund,
  };
}

export function capturesResource(send: Send): CapturesResource {
  const base = '/v1/captures';
  return {
    ...listing<Capture, { checkout_session?: string }>(send, base, 'captures', (c) => c.capture_id),
    retrieve: async (id) => (await send<{ capture: Capture }>('GET', objectPath(base, id))).capture,
    update: async (id, capture, options = {}) => (await send<{ capture: Capture }>('PATCH', objectPath(base, id), { ...options, body: { capture } })).capture,
  };
}

export function disputesResource(send: Send): DisputesResource {
  const base = '/v1/disputes';
  return {
    ...listing<Dispute, DisputeListFilters>(send, base, 'disputes', (d) => d.dispute_id, 20),
    retrieve: async (id) => (await send<{ dispute: Dispute }>('GET', objectPath(base, id))).dispute,
    update: async (id, dispute, options = {}) => (await send<{ dispute: Dispute }>('POST', objectPath(base, id), { ...options, body: { dispute } })).dispute,
    close: async (id, options = {}) => (await send<{ dispute: Dispute }>('POST', `${objectPath(base, id)}/close`, { ...options, body: {} })).dispute,
  };
}

export const balanceTransactionsResource = (send: Send): BalanceTransactionsResource =>
  listing<BalanceTransaction, BalanceTransactionListFilters>(send, '/v1/balance_transactions', 'balance_transactions', (b) => b.balance_transaction_id);

export const payoutsResource = (send: Send): PayoutsResource => listing<Payout, PayoutListFilters>(send, '/v1/payouts', 'payouts', (p) => p.payout_id);
