import { z } from 'zod';
import { HsaFsaEligibility, Recurring } from './catalog.js';
import { CheckoutLineItem } from './checkout.js';
import { Amount, Currency, IsoTimestamp, Metadata, UnixSeconds, VisitType, idOf } from './common.js';
import { EVENT_TYPES } from './events.js';
import { PaymentError } from './payments.js';
import { DiscountInput, SubscriptionDiscount } from './promotions.js';

/**
 * Billing: subscriptions, the invoices each period opens, and the webhook endpoints events
 * are delivered to (the customer's default payment method is on the customer). Every time on a
 * subscription or an invoice is ISO 8601 text, as Flex's subscription pages show
 * `current_period_*` and `trial_*` (a checkout session's `created_at`/`expires_at` stay Unix
 * seconds, as Flex shows those).
 */

// ---------------------------------------------------------------------------------------
// Subscriptions

/**
 * - `incomplete`: made by `POST /v1/subscriptions` whose first charge failed; it becomes
 *   `active` when that invoice is paid, else `incomplete_expired` 23 hours later (Stripe's rule).
 * - `incomplete_expired`: its first invoice was never paid; it never bills.
 * - `unpaid`, `paused`: Flex lists them; the sandbox never moves a subscription there (a last
 *   failed retry cancels it, as docs/sandbox-billing.md says).
 * - `trialing`: in its trial; the first charge is at `trial_end`.
 * - `active`: the latest invoice is paid.
 * - `past_due`: an invoice's payment failed and is being retried.
 * - `canceled`: ended (asked for, or the last retry failed); it never bills again.
 */
export const SubscriptionStatus = z.enum(['incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused']);
export type SubscriptionStatus = z.infer<typeof SubscriptionStatus>;

/**
 * One recurring price of a subscription, priced as its checkout priced it. Flex documents an
 * item as `{subscription_item_id, price, quantity, created_at, updated_at, test_mode}`; the
 * rest is the sandbox's own (what the item bills, for its renewals).
 */
export const SubscriptionItem = z.object({
  subscription_item_id: idOf('subscription_item'),
  price: idOf('price'),
  product: idOf('product'),
  name: z.string(),
  description: z.string().nullable(),
  quantity: z.int().min(1),
  unit_amount: Amount,
  /** `unit_amount × quantity`, billed every period. */
  amount: Amount,
  currency: Currency,
  recurring: Recurring,
  visit_type: VisitType.nullable(),
  hsa_fsa_eligibility: HsaFsaEligibility,
  /** When the item was added; an item whose price stays through an update keeps its ID and this. */
  created_at: IsoTimestamp,
  updated_at: IsoTimestamp,
  test_mode: z.boolean(),
});
export type SubscriptionItem = z.infer<typeof SubscriptionItem>;

export const Subscription = z.object({
  subscription_id: idOf('subscription'),
  customer: idOf('customer'),
  status: SubscriptionStatus,
  items: z.array(SubscriptionItem),
  currency: Currency,
  /** What each period costs: the sum of the items' amounts. */
  amount: Amount,
  /** The visit type whose letter every renewal needs, when an item needs one. */
  visit_type: VisitType.nullable(),
  letter_of_medical_necessity_required: z.boolean(),
  /** The moment periods are counted from (the start, or the end of the trial). */
  billing_cycle_anchor: IsoTimestamp,
  current_period_start: IsoTimestamp,
  current_period_end: IsoTimestamp,
  trial_start: IsoTimestamp.nullable(),
  trial_end: IsoTimestamp.nullable(),
  /** The card renewals charge; when null, the customer's default payment method. */
  default_payment_method: idOf('payment_method').nullable(),
  /** When true the subscription ends at `current_period_end` instead of renewing. */
  cancel_at_period_end: z.boolean(),
  /** When it will end (set with an update); null: not scheduled. */
  cancel_at: IsoTimestamp.nullable(),
  /** How item changes are billed; the sandbox never prorates: a changed price bills from the next period (`none`). */
  proration_behavior: z.enum(['always_invoice', 'create_prorations', 'none']),
  canceled_at: IsoTimestamp.nullable(),
  ended_at: IsoTimestamp.nullable(),
  /** Why it ended: asked for (`requested`) or every retry of an invoice failed (`payment_failed`). */
  cancellation_reason: z.enum(['requested', 'payment_failed']).nullable(),
  latest_invoice: idOf('invoice').nullable(),
  /** The checkout session that started it (null when `POST /v1/subscriptions` did). */
  checkout_session: idOf('checkout_session').nullable(),
  /** A coupon taken off its invoices while it lasts (`once`: the first; `repeating`: some months; `forever`). */
  discount: SubscriptionDiscount.nullable(),
  metadata: Metadata,
  created_at: IsoTimestamp,
  test_mode: z.boolean(),
});
export type Subscription = z.infer<typeof Subscription>;

/**
 * `POST /v1/subscriptions` body (Flex's older page: a subscription for an existing customer).
 * The first invoice is charged at once, off session, to `default_payment_method` or the
 * customer's default card (Stripe's `allow_incomplete`: a failure leaves it `incomplete`).
 */
export const SubscriptionCreateRequest = z.strictObject({
  subscription: z.strictObject({
    customer: idOf('customer'),
    items: z
      .array(z.strictObject({ price: idOf('price'), quantity: z.int().min(1).max(999).default(1) }))
      .min(1)
      .max(20),
    default_payment_method: idOf('payment_method').nullable().optional(),
    /** Days before the first charge; by default the prices' own `trial_period_days`. */
    trial_period_days: z.int().min(0).max(730).optional(),
    cancel_at_period_end: z.boolean().default(false),
    coupon: idOf('coupon').optional(),
    discounts: z.array(DiscountInput).max(1).optional(),
    metadata: Metadata.optional(),
  }),
});
export type SubscriptionCreateRequest = z.input<typeof SubscriptionCreateRequest>;

/**
 * `DELETE /v1/subscriptions/{id}` body (optional): `cancel_at_period_end: true` lets it run
 * to the end of the period instead of ending now; `refund_amount` refunds that much of the
 * latest paid invoice (`refund: "none"`, the default, refunds nothing).
 */
export const SubscriptionCancelRequest = z.strictObject({
  cancel_at_period_end: z.boolean().optional(),
  refund: z.enum(['none']).optional(),
  refund_amount: z.int().min(1).max(99_999_999).optional(),
});
export type SubscriptionCancelRequest = z.input<typeof SubscriptionCancelRequest>;

/** `POST /v1/subscriptions/{id}` body. */
/** A moment in an update: Unix seconds or ISO 8601 text. */
const Moment = z.union([z.int().min(0), z.iso.datetime({ offset: true })]);

/**
 * `PATCH /v1/subscriptions/{id}` body, the fields Flex documents: the card, whether and when it
 * ends (`cancel_at_period_end`, `cancel_at`), the trial's end (`"now"` ends it), new `items`
 * (billed from the next period; the sandbox never prorates, whatever `proration_behavior`
 * says), a `coupon` (null removes the discount) and `metadata`.
 */
export const SubscriptionUpdateRequest = z.strictObject({
  subscription: z
    .strictObject({
      /** A card of the subscription's customer, verified for off-session use; null: the customer's default. */
      default_payment_method: idOf('payment_method').nullable(),
      cancel_at_period_end: z.boolean(),
      cancel_at: Moment.nullable(),
      trial_end: z.union([z.literal('now'), Moment]),
      items: z
        .array(z.strictObject({ price: idOf('price'), quantity: z.int().min(1).max(999).default(1) }))
        .min(1)
        .max(20),
      proration_behavior: z.enum(['always_invoice', 'create_prorations', 'none']),
      coupon: idOf('coupon').nullable(),
      metadata: Metadata,
    })
    .partial(),
});
export type SubscriptionUpdateRequest = z.input<typeof SubscriptionUpdateRequest>;

/** `GET /v1/subscriptions` filters besides pagination. */
export const SubscriptionListFilters = z.object({
  customer: z.string().optional(),
  status: SubscriptionStatus.optional(),
});

// ---------------------------------------------------------------------------------------
// Invoices

/**
 * `draft` (being built; only `invoice.created` shows it), `open` (due: being charged and
 * retried), `paid`, `uncollectible` (every retry failed), `void` (its subscription was
 * canceled while it was open).
 */
export const InvoiceStatus = z.enum(['draft', 'open', 'paid', 'uncollectible', 'void']);
export type InvoiceStatus = z.infer<typeof InvoiceStatus>;

/** A line of an invoice: a checkout line, and the period it pays for (null for a one-time price). */
export const InvoiceLine = CheckoutLineItem.extend({
  period: z.object({ start: IsoTimestamp, end: IsoTimestamp }).nullable(),
});
export type InvoiceLine = z.infer<typeof InvoiceLine>;

export const Invoice = z.object({
  invoice_id: idOf('invoice'),
  customer: idOf('customer'),
  subscription: idOf('subscription').nullable(),
  status: InvoiceStatus,
  /** The first period's invoice (`subscription_create`) or a renewal's (`subscription_cycle`). */
  billing_reason: z.enum(['subscription_create', 'subscription_cycle']),
  currency: Currency,
  /** The lines' amounts before discounts. */
  subtotal: Amount,
  /** What the coupon took off. */
  amount_discount: Amount,
  /** Shipping and tax of the checkout that made it (renewals carry none). */
  amount_shipping: Amount,
  amount_tax: Amount,
  /** `subtotal − amount_discount + amount_shipping + amount_tax`: what it costs. */
  total: Amount,
  amount_due: Amount,
  amount_paid: Amount,
  amount_remaining: Amount,
  lines: z.array(InvoiceLine),
  visit_type: VisitType.nullable(),
  letter_of_medical_necessity_required: z.boolean(),
  period_start: IsoTimestamp,
  period_end: IsoTimestamp,
  /** Payment attempts so far (scheduled, `POST /pay`, and paying checkout sessions). */
  attempt_count: z.int().min(0),
  attempted: z.boolean(),
  /** When the next scheduled retry happens; null when none will. */
  next_payment_attempt: IsoTimestamp.nullable(),
  /** Why the last attempt failed: a card decline, or the LoMN reason when no valid letter covered it. */
  last_payment_error: PaymentError.nullable(),
  payment_intent: idOf('payment_intent').nullable(),
  /** The charge that paid it. */
  charge: z.string().nullable(),
  collection_method: z.literal('charge_automatically'),
  metadata: Metadata,
  /** The card of the last attempt. */
  payment_method: z.string().nullable(),
  /** The checkout session that created it (first period) or paid it (an invoice session). */
  checkout_session: idOf('checkout_session').nullable(),
  paid_at: IsoTimestamp.nullable(),
  created_at: IsoTimestamp,
  test_mode: z.boolean(),
});
export type Invoice = z.infer<typeof Invoice>;

/** `POST /v1/invoices/{id}/pay` body (may be empty): which card; by default the subscription's, then the customer's. */
export const InvoicePayRequest = z.strictObject({
  payment_method: idOf('payment_method').optional(),
});
export type InvoicePayRequest = z.input<typeof InvoicePayRequest>;

/** `GET /v1/invoices` filters besides pagination. */
export const InvoiceListFilters = z.object({
  customer: z.string().optional(),
  subscription: z.string().optional(),
  status: InvoiceStatus.optional(),
});

// ---------------------------------------------------------------------------------------
// Events and webhook endpoints

/** `GET /v1/events` filters besides pagination. */
export const EventListFilters = z.object({ type: z.string().optional() });

/** An event type an endpoint subscribes to, or `*` for every type. */
export const EnabledEvent = z.enum(['*', ...EVENT_TYPES]);

export const WebhookEndpoint = z.object({
  webhook_endpoint_id: idOf('webhook_endpoint'),
  url: z.string(),
  enabled_events: z.array(EnabledEvent),
  description: z.string().nullable(),
  metadata: Metadata,
  created_at: IsoTimestamp,
  test_mode: z.boolean(),
  /** The `whsec_…` signing secret: in the answer to the create only, never again. */
  secret: z.string().optional(),
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

const webhookUrl = z.url({ protocol: /^https?$/, message: 'Expected an http:// or https:// URL' }).max(2048);

/** `POST /v1/webhook_endpoints` body. */
export const WebhookEndpointCreateRequest = z.strictObject({
  webhook_endpoint: z.strictObject({
    url: webhookUrl,
    enabled_events: z
      .array(EnabledEvent)
      .min(1)
      .max(EVENT_TYPES.length + 1),
    description: z.string().max(5000).nullable().optional(),
    metadata: Metadata.optional(),
  }),
});
export type WebhookEndpointCreateRequest = z.input<typeof WebhookEndpointCreateRequest>;

/** One try at delivering an event to an endpoint. */
export const WebhookAttempt = z.object({
  attempt: z.int().min(1),
  /** When it was sent (the signature's time: real time, which receivers check). */
  sent_at: IsoTimestamp,
  /** The endpoint's HTTP status, or null when none came (connection refused, timeout). */
  status_code: z.int().nullable(),
  error: z.string().nullable(),
  duration_ms: z.int().min(0),
});
export type WebhookAttempt = z.infer<typeof WebhookAttempt>;

/** One event's delivery to one endpoint, and every attempt at it. */
export const WebhookDelivery = z.object({
  event_id: idOf('event'),
  event_type: z.string(),
  webhook_endpoint: idOf('webhook_endpoint'),
  /**
   * `pending` until an attempt answers 2xx (`delivered`); `failed` when the retries ran out;
   * `canceled` when its endpoint was deleted first.
   */
  status: z.enum(['pending', 'delivered', 'failed', 'canceled']),
  attempt_count: z.int().min(0),
  /** Sandbox time of the next try while pending. */
  next_attempt_at: UnixSeconds.nullable(),
  delivered_at: IsoTimestamp.nullable(),
  attempts: z.array(WebhookAttempt),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;
