import { ID_PREFIXES, type Invoice, type InvoiceLine, type Subscription, type SubscriptionItem } from '@flex-checkout/protocol';
import { toIso } from '../clock.js';

/**
 * Subscriptions and invoices as the sandbox keeps them: every time in Unix seconds, so the
 * billing code counts periods and retries in numbers. The API answers (and events carry)
 * them as Flex shows them, with ISO 8601 times (`presentSubscription`, `presentInvoice`).
 */
type Seconds<T, K extends keyof T> = Omit<T, K> & { [P in K]: null extends T[P] ? number | null : number };

const SUBSCRIPTION_TIMES = [
  'billing_cycle_anchor',
  'current_period_start',
  'current_period_end',
  'trial_start',
  'trial_end',
  'canceled_at',
  'ended_at',
  'cancel_at',
] as const;
export type StoredSubscription = Seconds<Subscription, (typeof SUBSCRIPTION_TIMES)[number]>;

export type StoredInvoiceLine = Omit<InvoiceLine, 'period'> & { period: { start: number; end: number } | null };
const INVOICE_TIMES = ['period_start', 'period_end', 'next_payment_attempt', 'paid_at'] as const;
export type StoredInvoice = Omit<Seconds<Invoice, (typeof INVOICE_TIMES)[number]>, 'lines'> & { lines: StoredInvoiceLine[] };

const iso = (seconds: number | null) => (seconds === null ? null : toIso(seconds * 1000));

/** Crockford's base32, the alphabet of an ID's ULID. */
const ULID_DIGITS = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A subscription's items, each with the `subscription_item_id`, `created_at`, `updated_at`
 * and `test_mode` Flex documents. Items stored before the sandbox gave them these get them
 * here: an ID made from the subscription's own (its ULID's last two digits replaced by the
 * item's place), so it is the same on every read and through an update, and the
 * subscription's time and mode.
 */
export function itemsStoredWith(s: StoredSubscription): SubscriptionItem[] {
  return s.items.map((item, i) => {
    if (item.subscription_item_id) return item;
    const ulid = s.subscription_id.slice(ID_PREFIXES.subscription.length, -2);
    return {
      ...item,
      subscription_item_id: `${ID_PREFIXES.subscription_item}${ulid}${ULID_DIGITS[Math.floor(i / 32) % 32]}${ULID_DIGITS[i % 32]}`,
      created_at: s.created_at,
      updated_at: s.created_at,
      test_mode: s.test_mode,
    };
  });
}

export function presentSubscription(s: StoredSubscription): Subscription {
  // Subscriptions stored before `cancel_at` and `proration_behavior` existed answer them as unset.
  const out: Record<string, unknown> = { ...s, items: itemsStoredWith(s), proration_behavior: s.proration_behavior ?? 'none' };
  for (const key of SUBSCRIPTION_TIMES) out[key] = iso(s[key] ?? null);
  return out as Subscription;
}

export function presentInvoice(i: StoredInvoice): Invoice {
  const out: Record<string, unknown> = {
    ...i,
    lines: i.lines.map((l) => ({ ...l, period: l.period && { start: iso(l.period.start), end: iso(l.period.end) } })),
  };
  for (const key of INVOICE_TIMES) out[key] = iso(i[key]);
  return out as Invoice;
}
