import type { FlexEvent } from '@flex-checkout/protocol';
import type { Logger } from '../log.js';
import type { ServerStore } from '../storage/open.js';

/**
 * What the webhook receiver needs. The route and the worker take the same object, so build
 * it once and pass it to both.
 *
 * @example
 * ```ts
 * const receiver: WebhookReceiverOptions = { secret: process.env.FLEX_WEBHOOK_SECRET!, store, logger, onEvent };
 * app.route('/flex/webhooks', webhookRoute(receiver));
 * createEventWorker(receiver).start();
 * ```
 */
export interface WebhookReceiverOptions {
  /** The endpoint's `whsec_…` secret (base64 after the prefix, as Standard Webhooks). */
  secret: string;
  store: ServerStore;
  /**
   * The merchant's handler. Called at least once per event; an event is completed (marked
   * `handled`) exactly once. It must be idempotent in its effects: after a crash mid-call it
   * is called again. Throwing means "try again later" (see `retryDelaysMs`).
   */
  onEvent?: (event: FlexEvent) => void | Promise<void>;
  logger: Logger;
  /**
   * The clock for leases and retries, in ms (tests move it by hand). The signature's
   * 5-minute timestamp window is checked by `standardwebhooks` against the system clock.
   */
  now?: () => number;
  /**
   * How long to wait after the n-th failed attempt before the next one. After the last
   * delay one more attempt is made; if it fails too the event is `failed`.
   */
  retryDelaysMs?: number[];
  /**
   * How long a worker holds an event it is handling. The lease is renewed while `onEvent`
   * runs, so this only bounds how soon another process takes over after this one dies.
   */
  leaseMs?: number;
}

export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1_000, 5_000, 30_000, 120_000, 600_000];
export const DEFAULT_LEASE_MS = 60_000;

/** The options with every default filled in. */
export interface ResolvedReceiver {
  store: ServerStore;
  onEvent: ((event: FlexEvent) => void | Promise<void>) | undefined;
  logger: Logger;
  now: () => number;
  retryDelaysMs: readonly number[];
  leaseMs: number;
}

export function resolveReceiver(options: WebhookReceiverOptions): ResolvedReceiver {
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  if (!(leaseMs > 0)) throw new Error('leaseMs must be a positive number of milliseconds');
  const retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  if (retryDelaysMs.some((d) => !(d >= 0))) throw new Error('retryDelaysMs must hold non-negative numbers of milliseconds');
  return {
    store: options.store,
    onEvent: options.onEvent,
    logger: options.logger,
    now: options.now ?? Date.now,
    retryDelaysMs,
    leaseMs,
  };
}
