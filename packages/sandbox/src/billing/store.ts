import type { Invoice, Subscription } from '@flex-checkout/protocol';
import { Collection } from '../db/collection.js';

/** A subscription renews (or ends) at its period's end unless it is over. */
const renewsAt = (s: Subscription) => (s.status === 'canceled' || s.status === 'incomplete' ? null : s.current_period_end * 1000);

export const subscriptions = new Collection<Subscription>('subscriptions', (s) => s.subscription_id, (s) => ({
  customer_id: s.customer,
  status: s.status,
  renews_at: renewsAt(s),
}));

export const invoices = new Collection<Invoice>('invoices', (i) => i.invoice_id, (i) => ({
  customer_id: i.customer,
  subscription_id: i.subscription,
  status: i.status,
  next_attempt_at: i.status === 'open' && i.next_payment_attempt !== null ? i.next_payment_attempt * 1000 : null,
}));
