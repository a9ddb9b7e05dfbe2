/**
 * When a delivery that did not get a 2xx is tried again: exponential backoff on the sandbox
 * clock, `baseMs × 2^(n−1)` after the n-th failed attempt, at most `maxMs` apart; a delivery
 * is given up (`failed`) once an attempt fails `giveUpAfterMs` after its event. With the
 * defaults: 5 s, 10 s, 20 s, 40 s … then hourly, for 3 days (docs/sandbox-billing.md).
 */
export interface DeliverySchedule {
  baseMs: number;
  maxMs: number;
  giveUpAfterMs: number;
}

export const DEFAULT_DELIVERY_SCHEDULE: DeliverySchedule = {
  baseMs: 5_000,
  maxMs: 60 * 60 * 1000,
  giveUpAfterMs: 3 * 24 * 60 * 60 * 1000,
};

/** The wait after the `attempt`-th failed attempt (1-based). */
export function retryDelayMs(schedule: DeliverySchedule, attempt: number): number {
  return Math.min(schedule.maxMs, schedule.baseMs * 2 ** Math.min(attempt - 1, 40));
}
