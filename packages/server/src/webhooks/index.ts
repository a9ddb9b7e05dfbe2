/**
 * The webhook receiver: verify (Standard Webhooks / Svix), record, then hand each event to
 * the merchant's `onEvent` at least once and complete it exactly once, across crashes and
 * across processes sharing one database. See docs/webhooks.md.
 *
 * @example
 * ```ts
 * import { createEventWorker, webhookRoute } from './webhooks/index.js';
 * const receiver = { secret: process.env.FLEX_WEBHOOK_SECRET!, store, logger, onEvent };
 * app.route('/flex/webhooks', webhookRoute(receiver));
 * const worker = createEventWorker(receiver);
 * worker.start();
 * // shutdown: await worker.stop(); await store.close();
 * ```
 */
export type { WebhookReceiverOptions } from './options.js';
export { DEFAULT_LEASE_MS, DEFAULT_RETRY_DELAYS_MS } from './options.js';
export { webhookRoute } from './route.js';
export { createEventWorker, type EventWorker } from './worker.js';
