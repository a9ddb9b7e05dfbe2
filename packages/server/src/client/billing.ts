import type {
  Invoice,
  InvoiceStatus,
  Subscription,
  SubscriptionCancelRequest,
  SubscriptionCreateRequest,
  SubscriptionItem,
  SubscriptionStatus,
  SubscriptionUpdateRequest,
} from '@flex-checkout/protocol';
import type { FlexShaped } from './flex-shaped.js';
import { listing, relatedId, type Listing } from './lists.js';
import { objectPath, type Send, type WriteOptions } from './transport.js';
import { writtenObject } from './write-answer.js';

/** An invoice as Flex documents it (`FlexShaped`): `lines`, `billing_reason`, `subtotal`, the attempts and the rest are the sandbox's own. */
export type FlexInvoice = FlexShaped<
  Invoice,
  | 'invoice_id'
  | 'total'
  | 'amount_due'
  | 'amount_paid'
  | 'payment_intent'
  | 'charge'
  | 'customer'
  | 'period_start'
  | 'period_end'
  | 'subscription'
  | 'status'
  | 'collection_method'
  | 'test_mode'
  | 'metadata'
  | 'created_at'
>;

/** What Flex documents on a subscription's item; the sandbox's answers add what the item bills. */
type DocumentedItemField = 'subscription_item_id' | 'price' | 'quantity' | 'created_at' | 'updated_at' | 'test_mode';
/** What Flex documents on a subscription (its API reference); the rest of the sandbox's answer is its own. */
type DocumentedSubscriptionField =
  | 'subscription_id'
  | 'created_at'
  | 'latest_invoice'
  | 'customer'
  | 'cancel_at_period_end'
  | 'current_period_start'
  | 'current_period_end'
  | 'metadata'
  | 'test_mode'
  | 'trial_start'
  | 'trial_end'
  | 'cancel_at'
  | 'default_payment_method';

/**
 * One item of a subscription: `subscription_item_id`, `price`, `quantity`, `created_at`,
 * `updated_at` and `test_mode`, as Flex documents it. The sandbox's own fields (`name`,
 * `unit_amount`, `amount`, `recurring`, …) are optional: Flex's answers do not promise them, so
 * read the price (`client.prices.retrieve(item.price)`) for what an item costs.
 */
export type FlexSubscriptionItem = FlexShaped<SubscriptionItem, DocumentedItemField>;

/**
 * A subscription as Flex documents it. The sandbox's own fields (`amount`, `currency`,
 * `visit_type`, `billing_cycle_anchor`, `discount`, …) are optional: absent from Flex's answers.
 */
export type FlexSubscription = Pick<Subscription, DocumentedSubscriptionField> &
  Partial<Omit<Subscription, DocumentedSubscriptionField | 'items' | 'status' | 'proration_behavior'>> & {
    items: FlexSubscriptionItem[];
    /** One of the statuses Flex lists, or one it adds later. */
    status: SubscriptionStatus | (string & {});
    proration_behavior?: Subscription['proration_behavior'] | (string & {});
    /** Flex's: the secrets to collect a card for it (`setup_secret`, `payment_secret`); the sandbox sends none. */
    client_secret?: { setup_secret?: string | null; payment_secret?: string | null } | null;
    [field: string]: unknown;
  };

/** `PATCH /v1/subscriptions/{id}` fields: `default_payment_method`, `cancel_at_period_end`, `metadata`. */
export type SubscriptionUpdateParams = SubscriptionUpdateRequest['subscription'];
/** `POST /v1/subscriptions` fields: `customer`, `items[{price, quantity}]`, and optionally the card, a trial, a coupon. */
export type SubscriptionCreateParams = SubscriptionCreateRequest['subscription'];
/** `DELETE /v1/subscriptions/{id}` fields: `cancel_at_period_end`, `refund`, `refund_amount`. */
export type SubscriptionCancelParams = SubscriptionCancelRequest;
/** Filters of `GET /v1/subscriptions`. */
export interface SubscriptionListFilters {
  customer?: string;
  status?: SubscriptionStatus;
}
/** Filters of `GET /v1/invoices`. */
export interface InvoiceListFilters {
  /** A customer's ID. Flex's docs do not list this filter; the client also applies it to the answer. */
  customer?: string;
  /** A subscription's ID. Flex's docs do not list this filter; the client also applies it to the answer. */
  subscription?: string;
  /** Flex's docs do not list this filter; the client also applies it to the answer. */
  status?: InvoiceStatus;
}

/**
 * `/v1/subscriptions`: started by a completed `subscription` checkout session, renewed each
 * period off session (`invoice.paid` / `invoice.payment_failed` tell you how it went).
 */
export interface SubscriptionsResource extends Listing<FlexSubscription, SubscriptionListFilters> {
  /**
   * A subscription for an existing customer, with no checkout: its first invoice is charged
   * off session at once (to `default_payment_method` or the customer's default card). A failed
   * first charge leaves it `incomplete` (then `incomplete_expired` after 23 hours).
   *
   * @example `await client.subscriptions.create({ customer, items: [{ price: monthlyPriceId }] }, { idempotencyKey: `sub-${userId}` })`
   */
  create(params: SubscriptionCreateParams, options?: WriteOptions): Promise<FlexSubscription>;
  retrieve(id: string): Promise<FlexSubscription>;
  /**
   * Changes the card renewals charge (one of the customer's cards, verified for off-session
   * use) or whether it renews at all.
   *
   * @example Let it run to the end of the paid period:
   * ```ts
   * await client.subscriptions.update(subscriptionId, { cancel_at_period_end: true });
   * ```
   */
  update(id: string, params: SubscriptionUpdateParams, options?: WriteOptions): Promise<FlexSubscription>;
  /**
   * `DELETE /v1/subscriptions/{id}`: ends it now (it never bills again and its open invoices are
   * voided), or with `cancel_at_period_end: true` at the end of the period; `refund_amount`
   * refunds that much of its latest paid invoice. `ConflictError` when already canceled.
   * Resolves with the subscription as the answer gives it, or as read back after an answer
   * without it (Flex's page shows none).
   */
  cancel(id: string, params?: SubscriptionCancelParams, options?: WriteOptions): Promise<FlexSubscription>;
}

/** `/v1/invoices`: one per subscription period; `pay` collects an open one now. */
export interface InvoicesResource extends Listing<FlexInvoice, InvoiceListFilters> {
  retrieve(id: string): Promise<FlexInvoice>;
  /**
   * **Sandbox extension** (Flex documents no such call; against Flex this throws
   * `NotFoundError`). Collects an open invoice now, as support would, with the card given or else the
   * subscription's (then the customer's) default. Throws `CardDeclinedError` on a decline and
   * `LetterRequiredError` when no valid letter covers the visit type; the failed attempt is
   * kept on the invoice either way, and the retry schedule is unchanged.
   *
   * @example
   * ```ts
   * try {
   *   await client.invoices.pay(invoiceId, { paymentMethod: newCardId }, { idempotencyKey: `collect-${invoiceId}` });
   * } catch (error) {
   *   if (error instanceof LetterRequiredError) await sendConsultationLink(customerId);
   *   else throw error;
   * }
   * ```
   */
  pay(id: string, params?: { paymentMethod?: string }, options?: WriteOptions): Promise<FlexInvoice>;
}

export function subscriptionsResource(send: Send): SubscriptionsResource {
  const base = '/v1/subscriptions';
  return {
    // Flex documents `offset` and cursors on this list: `all()` pages by cursor (see `listing`).
    ...listing<FlexSubscription, SubscriptionListFilters>(send, base, 'subscriptions', (s) => s.subscription_id, { paging: 'cursor' }),
    create: async (subscription, options = {}) =>
      (await send<{ subscription: FlexSubscription }>('POST', base, { ...options, body: { subscription } })).subscription,
    retrieve: async (id) => (await send<{ subscription: FlexSubscription }>('GET', objectPath(base, id))).subscription,
    update: async (id, subscription, options = {}) =>
      (await send<{ subscription: FlexSubscription }>('PATCH', objectPath(base, id), { ...options, body: { subscription } })).subscription,
    cancel: async (id, params, options = {}) => {
      // Flex's page does not show this answer: wrapped, bare or empty, and then read back.
      const answer = await send<unknown>('DELETE', objectPath(base, id), { ...options, ...(params ? { body: params } : {}), emptyAnswerOk: true });
      return (
        writtenObject<FlexSubscription>(answer, 'subscription', 'subscription_id') ??
        (await send<{ subscription: FlexSubscription }>('GET', objectPath(base, id))).subscription
      );
    },
  };
}

export function invoicesResource(send: Send): InvoicesResource {
  const base = '/v1/invoices';
  return {
    ...listing<FlexInvoice, InvoiceListFilters>(send, base, 'invoices', (i) => i.invoice_id, {
      defaultLimit: 20,
      paging: 'cursor',
      clientFilters: {
        customer: (i, id) => relatedId(i.customer, 'customer_id') === id,
        subscription: (i, id) => relatedId(i.subscription, 'subscription_id') === id,
        status: (i, status) => i.status === status,
      },
    }),
    retrieve: async (id) => (await send<{ invoice: FlexInvoice }>('GET', objectPath(base, id))).invoice,
    pay: async (id, params = {}, options = {}) =>
      (
        await send<{ invoice: FlexInvoice }>('POST', `${objectPath(base, id)}/pay`, {
          ...options,
          body: params.paymentMethod ? { payment_method: params.paymentMethod } : {},
        })
      ).invoice,
  };
}
