import { z } from 'zod';
import { UnixSeconds } from './common.js';

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
 * The webhook envelope as Flex documents it: `{event_id, event_type, event_dt, object}`, with
 * `event_dt` an integer (Unix seconds, as Flex's other integer times are).
 */
export const FlexEvent = z.object({
  event_id: z.string().min(1),
  /** Known types are listed in EVENT_TYPES; unknown ones are passed on, not refused. */
  event_type: z.string().min(1),
  /** When the event happened, in Unix seconds. */
  event_dt: UnixSeconds,
  object: z.record(z.string(), z.unknown()),
});
export type FlexEvent = z.infer<typeof FlexEvent>;

/** Milliseconds since 1970 are at least this (a time in seconds stays below it until the year 5138). */
const MILLISECONDS_FROM = 1e11;

/**
 * A delivered envelope as a receiver reads it: `event_dt` as Flex documents it (integer
 * seconds), or in milliseconds, or as ISO 8601 text (what this project's sandbox sent before
 * 0.2), each read as the same instant in Unix seconds. What is only a matter of how a time is
 * written never costs an event: a receiver that refused it would lose the event for good once
 * Flex stops retrying.
 */
export const ReceivedFlexEvent = FlexEvent.extend({
  event_dt: z.union([
    z
      .number()
      .nonnegative()
      .transform((n) => Math.floor(n >= MILLISECONDS_FROM ? n / 1000 : n)),
    z.iso.datetime({ offset: true }).transform((text) => Math.floor(Date.parse(text) / 1000)),
  ]),
});
