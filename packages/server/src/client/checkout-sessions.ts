import { randomUUID } from 'node:crypto';
import type { CheckoutSession, CheckoutSessionCreateRequest, CheckoutStatus } from '@flex-checkout/protocol';
import { listing, type Listing } from './lists.js';
import { objectPath, type Send, type WriteOptions } from './transport.js';

/**
 * `POST /v1/checkout/sessions` fields: the object Flex takes inside `{"checkout_session": …}`
 * (`line_items`, `mode`, `setup_future_use`, `customer`, `payment_method`, `success_url`…).
 */
export type CheckoutSessionCreateParams = CheckoutSessionCreateRequest['checkout_session'];
/** One line of a session: `{ price, quantity }` or `{ price_data, quantity }`. */
export type LineItemParams = NonNullable<CheckoutSessionCreateParams['line_items']>[number];
/** Filters of `GET /v1/checkout/sessions`. */
export interface CheckoutSessionListFilters {
  customer?: string;
  status?: CheckoutStatus;
}

/** `/v1/checkout/sessions`: one checkout, in any of Flex's four modes. */
export interface CheckoutSessionsResource extends Listing<CheckoutSession, CheckoutSessionListFilters> {
  /**
   * Creates a session. Hand its `client_secret` to `<flex-checkout>` in the page; never the
   * whole session. `mode: "off_session"` charges a saved card at once (see `offSession.charge`,
   * which is the same call with typed inputs); such a call gets an Idempotency-Key of its own
   * when none is given, so a retried call never charges twice.
   *
   * @example A first purchase that saves the card for later off-session charges:
   * ```ts
   * const session = await client.checkoutSessions.create({
   *   line_items: [{ price: priceId, quantity: 1 }],
   *   mode: 'payment',
   *   setup_future_use: 'off_session',
   *   success_url: 'https://shop.example/thanks',
   * });
   * ```
   * @example A subscription, and a card saved with no charge:
   * ```ts
   * await client.checkoutSessions.create({ mode: 'subscription', line_items: [{ price: monthlyPriceId }] });
   * await client.checkoutSessions.create({ mode: 'setup', customer: customerId });
   * ```
   */
  create(params: CheckoutSessionCreateParams, options?: WriteOptions): Promise<CheckoutSession>;
  retrieve(id: string): Promise<CheckoutSession>;
  /**
   * Ends an open session so it can no longer be paid. Expiring a completed session throws a
   * `ConflictError`.
   */
  expire(id: string, options?: WriteOptions): Promise<CheckoutSession>;
}

export function checkoutSessionsResource(send: Send): CheckoutSessionsResource {
  const base = '/v1/checkout/sessions';
  return {
    ...listing<CheckoutSession, CheckoutSessionListFilters>(send, base, 'checkout_sessions', (s) => s.checkout_session_id),
    create: async (checkout_session, options = {}) => {
      // An off-session create charges a card: never without a key that makes a retry safe.
      const idempotencyKey = options.idempotencyKey ?? (checkout_session.mode === 'off_session' ? randomUUID() : undefined);
      const answer = await send<{ checkout_session: CheckoutSession }>('POST', base, {
        body: { checkout_session },
        ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
      });
      return answer.checkout_session;
    },
    retrieve: async (id) => (await send<{ checkout_session: CheckoutSession }>('GET', objectPath(base, id))).checkout_session,
    expire: async (id, options = {}) =>
      (await send<{ checkout_session: CheckoutSession }>('POST', `${objectPath(base, id)}/expire`, options)).checkout_session,
  };
}
