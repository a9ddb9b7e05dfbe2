/**
 * When a delivery that did not get a 2xx is tried again: exponential backoff on the sandbox
 * clock, `baseMs × 2^(n−1)` after the n-th failed attempt, at most `maxMs` apart, for at
 * most `maxAttempts` attempts; then the delivery is `failed`. With the defaults: 5 s, 10 s,
 * 20 s … doubling to 12 hours apart, 16 attempts over about a day and a half
 * (docs/sandbox-billing.md). Counted in attempts, not elapsed time, so moving the clock a
 * month ahead costs a pending delivery one attempt, not all of them.
 */
export interface DeliverySchedule {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
}

export const DEFAULT_DELIVERY_SCHEDULE: DeliverySchedule = {
  baseMs: 5_000,
  maxMs: 12 * 60 * 60 * 1000,
  maxAttempts: 16,
};

/** The wait after the `attempt`-th failed attempt (1-based). */
export function retryDelayMs(schedule: DeliverySchedule, attempt: number): number {
  return Math.min(schedule.maxMs, schedule.baseMs * 2 ** Math.min(attempt - 1, 40));
}
