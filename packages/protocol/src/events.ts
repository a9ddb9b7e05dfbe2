import { z } from 'zod';

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

/** The webhook envelope: `{event_id, event_type, event_dt, object}`. */
export const FlexEvent = z.object({
  event_id: z.string().min(1),
  /** Known types are listed in EVENT_TYPES; unknown ones are passed on, not refused. */
  event_type: z.string().min(1),
  /** ISO 8601. */
  event_dt: z.string(),
  object: z.record(z.string(), z.unknown()),
});
export type FlexEvent = z.infer<typeof FlexEvent>;
