import type { Recurring } from '@flex-checkout/protocol';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** How long a subscription whose first payment failed stays `incomplete` before it expires (Stripe: 23 hours). */
export const INCOMPLETE_MS = 23 * 60 * 60 * 1000;

/**
 * When a failed invoice is tried again: this many days after its first attempt (the moment
 * it was finalized). After the last retry fails the invoice is `uncollectible` and its
 * subscription `canceled` (docs/sandbox-billing.md).
 */
export const INVOICE_RETRY_DAYS = [1, 3, 5] as const;

/**
 * The first scheduled retry after `afterMs`, or null when the schedule is used up. Whole
 * seconds, as `next_payment_attempt` is shown: a retry run at its (truncated) time finds the
 * next one, never itself again.
 */
export function nextRetryAt(firstAttemptMs: number, afterMs: number): number | null {
  const first = Math.floor(firstAttemptMs / 1000) * 1000;
  for (const days of INVOICE_RETRY_DAYS) {
    const at = first + days * DAY_MS;
    if (at > afterMs) return at;
  }
  return null;
}

/** `ms` plus whole calendar months, in UTC; a day past the target month's end becomes its last day. */
function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(d.getUTCDate(), lastDay), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

/**
 * The end of the `n`-th period counted from the anchor. Always from the anchor, never from
 * the previous end, so a subscription begun on the 31st bills on the 30th in April and on
 * the 31st again in May.
 */
export function periodBoundary(anchorMs: number, n: number, recurring: Pick<Recurring, 'interval' | 'interval_count'>): number {
  const k = n * recurring.interval_count;
  switch (recurring.interval) {
    case 'daily':
      return anchorMs + k * DAY_MS;
    case 'weekly':
      return anchorMs + k * 7 * DAY_MS;
    case 'monthly':
      return addMonths(anchorMs, k);
    case 'yearly':
      return addMonths(anchorMs, 12 * k);
  }
}

const APPROX_MS = { daily: DAY_MS, weekly: 7 * DAY_MS, monthly: 30.44 * DAY_MS, yearly: 365.25 * DAY_MS } as const;

/** The boundary after `currentEndMs`: the end of the period that starts when the current one ends. */
export function nextPeriodEnd(anchorMs: number, currentEndMs: number, recurring: Pick<Recurring, 'interval' | 'interval_count'>): number {
  let n = Math.max(0, Math.floor((currentEndMs - anchorMs) / (APPROX_MS[recurring.interval] * recurring.interval_count)));
  while (n > 0 && periodBoundary(anchorMs, n, recurring) > currentEndMs) n--;
  while (periodBoundary(anchorMs, n + 1, recurring) <= currentEndMs) n++;
  return periodBoundary(anchorMs, n + 1, recurring);
}
