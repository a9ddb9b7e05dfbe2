import type { StoredInvoice, StoredSubscription } from './shapes.js';
import { Collection } from '../db/collection.js';
import { INCOMPLETE_MS } from './schedule.js';

/**
 * A subscription renews (or ends) at its period's end unless it is over; an `incomplete` one
 * is looked at again when it would expire, 23 hours after it was made (Stripe's rule).
 */
const ENDED = new Set<StoredSubscription['status']>(['canceled', 'incomplete_expired', 'unpaid', 'paused']);
const renewsAt = (s: StoredSubscription) =>
  ENDED.has(s.status)
    ? null
    : s.status === 'incomplete'
      ? Date.parse(s.created_at) + INCOMPLETE_MS
      : Math.min(s.current_period_end, s.cancel_at ?? Infinity) * 1000;

export const subscriptions = new Collection<StoredSubscription>(
  'subscriptions',
  (s) => s.subscription_id,
  (s) => ({
    customer_id: s.customer,
    status: s.status,
    renews_at: renewsAt(s),
  }),
);

export const invoices = new Collection<StoredInvoice>(
  'invoices',
  (i) => i.invoice_id,
  (i) => ({
    customer_id: i.customer,
    subscription_id: i.subscription,
    status: i.status,
    next_attempt_at: i.status === 'open' && i.next_payment_attempt !== null ? i.next_payment_attempt * 1000 : null,
  }),
);
