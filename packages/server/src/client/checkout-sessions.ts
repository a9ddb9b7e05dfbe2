import { randomUUID } from 'node:crypto';
import type {
  CheckoutMode,
  CheckoutSession,
  CheckoutSessionCreateRequest,
  CheckoutStatus,
  FlexLineItemRead,
  SandboxSessionField,
  VisitType,
} from '@flex-checkout/protocol';
import type { SessionBinder } from '../checkout/binder.js';
import { letterRefusal, withClientErrors } from './errors.js';
import { listing, type Listing } from './lists.js';
import { sessionMoney, type SessionMoney } from './money.js';
import { objectPath, type Send, type WriteOptions } from './transport.js';

/**
 * The session modes: `payment`, `subscription` and `off_session` as Flex documents them, and
 * `reimbursement` (Flex's reimbursement guide names "a checkout session of type reimbursement";
 * the sandbox does not offer it and refuses it); `setup` is the sandbox's own.
 */
export type FlexCheckoutMode = CheckoutMode | 'reimbursement';

/**
 * `POST /v1/checkout/sessions` fields: the object Flex takes inside `{"checkout_session": …}`
 * (`line_items`, `mode`, `setup_future_use`, `customer`, `payment_method`, `success_url`…).
 */
export type CheckoutSessionCreateParams = Omit<CheckoutSessionCreateRequest['checkout_session'], 'mode'> & { mode?: FlexCheckoutMode };
/** One line of a session: `{ price, quantity }` or `{ price_data, quantity }`. */
export type LineItemParams = NonNullable<CheckoutSessionCreateParams['line_items']>[number];
/** Filters of `GET /v1/checkout/sessions`. */
export interface CheckoutSessionListFilters {
  /** A customer's ID. Flex's docs do not list this filter; the client also applies it to the answer. */
  customer?: string;
  /** Flex's docs do not list this filter; the client also applies it to the answer. */
  status?: CheckoutStatus;
}

/**
 * A checkout session as the client returns it. Flex documents some fields in more than one
 * shape (related objects as an ID or expanded, times as Unix seconds or ISO text), and its
 * answers may hold fields the sandbox's do not; all of them are kept as they came.
 * `client_secret` is always what to hand `<flex-checkout>`: the upstream's (in-page) or one
 * the companion server minted (hosted).
 */
export type FlexCheckoutSession = Omit<
  CheckoutSession,
  'customer' | 'created_at' | 'expires_at' | 'shipping_options' | 'mode' | 'visit_type' | SandboxSessionField
> &
  /** The sandbox's own fields (SANDBOX_SESSION_FIELDS): absent from Flex's answers. */
  Partial<Pick<CheckoutSession, Exclude<SandboxSessionField, 'client_secret'>>> & {
    /** One object on Flex (as documented), a list on the sandbox. */
    shipping_options: CheckoutSession['shipping_options'] | NonNullable<CheckoutSession['shipping_options']>[number];
    /** What to hand `<flex-checkout>`: the upstream's (in-page) or one the companion server minted (hosted); null off session. */
    client_secret: string | null;
    /** The customer's ID (Flex's older pages expand it; the client gives the ID either way). */
    customer: string | null;
    created_at: number | string;
    expires_at: number | string;
    /** One of the modes above, or one Flex adds later. */
    mode: FlexCheckoutMode | (string & {});
    /** Flex's docs give `cbtSleep` and `gym` as examples of a list they do not show whole. */
    visit_type: VisitType | (string & {}) | null;
    [field: string]: unknown;
  };

/** A line of `GET /v1/checkout/sessions/{id}/line_items`. */
export type CheckoutLineItemRead = FlexLineItemRead;

/** `/v1/checkout/sessions`: one checkout, in any of Flex's modes. */
export interface CheckoutSessionsResource extends Listing<FlexCheckoutSession, CheckoutSessionListFilters>, SessionMoney {
  /**
   * Creates a session. Hand its `client_secret` to `<flex-checkout>` in the page; never the
   * whole session. Against Flex (which has no browser API) the session is paid on Flex's
   * hosted page inside the element, and `client_secret` is one the companion server minted;
   * the session's success and cancel URLs then lead through the server's return page, which
   * sends a shopper who paid outside the frame on to yours (answers show your URLs).
   * `mode: "off_session"` charges a saved card at once (see `offSession.charge`, the same call
   * with typed inputs); such a call gets an Idempotency-Key of its own when none is given, so
   * where the upstream honours keys (the sandbox) the client's retry after a lost answer never
   * charges twice. Flex's docs describe no keys: against Flex the call is sent once and never
   * retried, so after a lost answer look for the session before charging again.
   *
   * @example A first purchase that saves the card for later off-session charges:
   * ```ts
   * const session = await client.checkoutSessions.create({
   *   line_items: [{ price: priceId, quantity: 1 }],
   *   mode: 'payment',
   *   setup_future_use: 'off_session',
   *   success_url: 'https://shop.example/thanks/{CHECKOUT_SESSION_ID}',
   * });
   * ```
   * @example A subscription:
   * ```ts
   * await client.checkoutSessions.create({ mode: 'subscription', line_items: [{ price: monthlyPriceId }] });
   * ```
   */
  create(params: CheckoutSessionCreateParams, options?: WriteOptions): Promise<FlexCheckoutSession>;
  retrieve(id: string): Promise<FlexCheckoutSession>;
  /** `GET /v1/checkout/sessions/{id}/line_items`: each line with its amounts and price. */
  lineItems(id: string): Promise<CheckoutLineItemRead[]>;
  /**
   * **Sandbox extension** (Flex documents no expire call; against Flex this throws
   * `NotFoundError`). Ends an open session so it can no longer be paid; a completed session
   * throws `ConflictError`.
   */
  expire(id: string, options?: WriteOptions): Promise<FlexCheckoutSession>;
}

export function checkoutSessionsResource(send: Send, binder?: SessionBinder): CheckoutSessionsResource {
  const base = '/v1/checkout/sessions';
  const bind = async (raw: FlexCheckoutSession) => {
    const session = { ...raw, client_secret: raw.client_secret ?? null, customer: customerId(raw.customer) };
    if (!binder) return session;
    // The binder may look at what the upstream offers: its failures are the client's errors too.
    return (await withClientErrors(binder.bind(session))) as FlexCheckoutSession;
  };
  // Flex documents `offset` (no cursor) on this list.
  const listed = listing<FlexCheckoutSession, CheckoutSessionListFilters>(send, base, 'checkout_sessions', (s) => s.checkout_session_id, {
    paging: 'offset',
    clientFilters: { customer: (s, id) => customerId(s.customer) === id, status: (s, status) => s.status === status },
  });
  return {
    async list(params) {
      const page = await listed.list(params);
      return { ...page, data: await Promise.all(page.data.map(bind)) };
    },
    async *all(params) {
      for await (const session of listed.all(params)) yield await bind(session);
    },
    create: async (params, options = {}) => {
      // An off-session create charges a card: never without a key, so a retry is safe where the
      // upstream honours keys (the transport retries a write only there).
      const idempotencyKey = options.idempotencyKey ?? (params.mode === 'off_session' ? randomUUID() : undefined);
      const checkout_session = withDefaults(binder ? await withClientErrors(binder.prepare(params)) : params);
      const answer = await send<{ checkout_session?: FlexCheckoutSession } & Partial<FlexCheckoutSession>>('POST', base, {
        body: { checkout_session },
        ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
      }).catch((error: unknown) => {
        throw params.mode === 'off_session' ? letterRefusal(error) : error;
      });
      // Answers are wrapped (`{"checkout_session": …}`), but the off-session guide shows the
      // session's fields bare: either is read, so a charge that went through is never lost to a crash.
      return bind(answer.checkout_session ?? (answer as FlexCheckoutSession));
    },
    retrieve: async (id) => bind((await send<{ checkout_session: FlexCheckoutSession }>('GET', objectPath(base, id))).checkout_session),
    ...sessionMoney(send, bind),
    lineItems: async (id) => (await send<{ line_items: CheckoutLineItemRead[] }>('GET', `${objectPath(base, id)}/line_items`)).line_items,
    expire: async (id, options = {}) =>
      bind((await send<{ checkout_session: FlexCheckoutSession }>('POST', `${objectPath(base, id)}/expire`, options)).checkout_session),
  };
}

/**
 * The create body with the defaults written out: every example in Flex's docs sends a mode
 * and each line's quantity, and none says either may be left out, so the client never
 * leaves them to the upstream's defaults.
 */
function withDefaults<P extends CheckoutSessionCreateParams>(params: P): P {
  return {
    ...params,
    mode: params.mode ?? 'payment',
    ...(params.line_items ? { line_items: params.line_items.map((line) => ({ ...line, quantity: line.quantity ?? 1 })) } : {}),
  };
}

/** A customer ID from an ID or an expanded customer. */
function customerId(value: unknown): string | null {
  if (typeof value === 'string') return value;
  const id = (value as { customer_id?: unknown } | null)?.customer_id;
  return typeof id === 'string' ? id : null;
}
