import { z } from 'zod';
import { isoSeconds, MILLISECONDS_FROM, UnixSeconds } from './common.js';

/** The event types Flex sends (and the sandbox delivers). */
export const EVENT_TYPES = [
  'checkout.session.completed',
  'checkout.session.expired',
  'customer.created',
  'customer.updated',
  'payment_method.attached',
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'consultation.approved',
  'consultation.denied',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.created',
  'invoice.paid',
  // Beside invoice.paid for a paid invoice: Flex's subscription guide says to extend a subscription on it.
  'invoice.payment_succeeded',
  'invoice.payment_failed',
  // An invoice's other turns, as Stripe names them.
  'invoice.finalized',
  'invoice.voided',
  'invoice.marked_uncollectible',
  // Money after the charge, as Flex's event list names it (refund.* as Stripe names them).
  'charge.refunded',
  'charge.refund.updated',
  'refund.created',
  'refund.updated',
  'charge.captured',
  'charge.expired',
  'payment_intent.amount_capturable_updated',
  'payment_intent.canceled',
  'charge.dispute.created',
  'charge.dispute.updated',
  'charge.dispute.closed',
  'charge.dispute.funds_withdrawn',
  'charge.dispute.funds_reinstated',
  'payout.created',
  'payout.paid',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * The webhook envelope as a receiver hands it on: `{event_id, event_type, event_dt, object}`,
 * with `event_dt` in Unix seconds. Flex documents the envelope in two shapes: its events
 * guide shows `event_dt` (an integer, Unix seconds as Flex's other integer times are); its
 * event API shows `{event_id, event_type, object, test_mode, created_at}` with no `event_dt`.
 * A received event always has `event_dt`: the delivered `event_dt` when there is one, else its
 * `created_at`, else (neither was sent) the time the receiver got it. Its `object` is the
 * object itself, also when the delivery keyed it by its type (the event API's shape).
 */
export const FlexEvent = z.object({
  event_id: z.string().min(1),
  /** Known types are listed in EVENT_TYPES; unknown ones are passed on, not refused. */
  event_type: z.string().min(1),
  /**
   * When the event happened, in Unix seconds: the delivered `event_dt`, else its `created_at`,
   * else (a delivery with neither) when the receiver got it.
   */
  event_dt: UnixSeconds,
  object: z.record(z.string(), z.unknown()),
});
export type FlexEvent = z.infer<typeof FlexEvent>;

/**
 * A time as an event may write it: integer Unix seconds (as Flex documents `event_dt`),
 * milliseconds, or ISO 8601 text (as Flex writes `created_at`; without an offset, UTC), each read
 * as the same instant in Unix seconds.
 */
export const EventTime = z.union([
  z
    .number()
    .nonnegative()
    .transform((n) => Math.floor(n >= MILLISECONDS_FROM ? n / 1000 : n)),
  z.iso.datetime({ offset: true, local: true }).transform(isoSeconds),
]);

/** A delivered envelope before its time is settled: either time may be missing (or null). */
const DeliveredEnvelope = FlexEvent.extend({
  event_dt: EventTime.nullish(),
  created_at: z.unknown().optional(),
});

/**
 * The event's object itself. Flex's events guide shows `object` as the object; its event API
 * shows it keyed by its type (`{"customer": {…}}`). Keyed, it is one key whose value holds
 * that key's ID (`checkout_session` → `checkout_session_id`), which no object itself looks
 * like: then the value is the object, so `event.object.checkout_session_id` reads either shape.
 */
function unwrappedObject(object: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(object);
  if (keys.length !== 1) return object;
  const inner = object[keys[0]!];
  const keyed = typeof inner === 'object' && inner !== null && !Array.isArray(inner) && `${keys[0]}_id` in inner;
  return keyed ? (inner as Record<string, unknown>) : object;
}

/**
 * Reads a delivered envelope in either shape Flex documents (see `FlexEvent`) into a
 * `FlexEvent`: `event_dt` as delivered, else `created_at`, else `receivedAt()` (Unix ms, when
 * the delivery arrived). Each time is read by `EventTime`. What is only a matter of how, or
 * whether, a time is written never costs an event: a receiver that refused it would lose the
 * event for good once Flex stops retrying. A time that is there but is no time at all (`true`,
 * `-5`, `"yesterday"`) is refused; `created_at` only when it is the time used.
 *
 * @example
 * ```ts
 * const receivedAt = Date.now();
 * const event = receivedFlexEvent(() => receivedAt).parse(JSON.parse(raw));
 * ```
 */
export function receivedFlexEvent(receivedAt: () => number) {
  return DeliveredEnvelope.transform((delivered, ctx): FlexEvent => {
    const { created_at, event_dt, ...envelope } = delivered;
    const event = { ...envelope, object: unwrappedObject(envelope.object) };
    if (event_dt !== undefined && event_dt !== null) return { ...event, event_dt };
    if (created_at !== undefined && created_at !== null) {
      const read = EventTime.safeParse(created_at);
      if (read.success) return { ...event, event_dt: read.data };
      ctx.addIssue({ code: 'custom', path: ['created_at'], input: created_at, message: 'Not a time' });
      return z.NEVER;
    }
    return { ...event, event_dt: Math.floor(receivedAt() / 1000) };
  });
}

/**
 * `receivedFlexEvent` with the time of parsing as the time of receipt: a delivered envelope
 * with `event_dt` (seconds, milliseconds or ISO 8601 text) or `created_at`, or neither.
 */
export const ReceivedFlexEvent = receivedFlexEvent(() => Date.now());
