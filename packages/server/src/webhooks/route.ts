import { ApiError } from '@flex-checkout/protocol';
import { Hono } from 'hono';
import { handleEvent } from './handle.js';
import { resolveReceiver, type WebhookReceiverOptions } from './options.js';
import { recordEvent } from './store.js';
import { createVerifier } from './verify.js';
import { answerErrors } from '../answers.js';

/**
 * The webhook endpoint: `POST /` verifies the delivery (Standard Webhooks, with Svix's or
 * the unbranded header names), records the event, answers `200 {"received":true,
 * "duplicate":bool}`, and only then starts handling it — without waiting, so a slow
 * `onEvent` never makes Flex time out and redeliver. Anything unverified is a 400 in the
 * error shape and is neither recorded nor handed over.
 *
 * @example
 * ```ts
 * const receiver = { secret: 'whsec_…', store, logger, onEvent };
 * app.route('/flex/webhooks', webhookRoute(receiver));
 * createEventWorker(receiver).start(); // retries, and what a crash left behind
 * ```
 */
export function webhookRoute(options: WebhookReceiverOptions): Hono {
  const receiver = resolveReceiver(options);
  const verify = createVerifier(options.secret);
  const { store, logger } = receiver;
  const route = new Hono();

  route.post('/', async (c) => {
    // The raw text: the signature covers these exact bytes, not a re-serialised object.
    const raw = await c.req.text();
    // Recorded as the row's received_at too: an envelope with no time of its own gets this
    // one, here and whenever the stored text is read again.
    const receivedAt = receiver.now();
    let event;
    try {
      event = verify(raw, (name) => c.req.header(name), receivedAt);
    } catch (error) {
      if (error instanceof ApiError) {
        logger.warn('webhook delivery rejected', { status: error.status, loc: error.detail[0]?.loc, reason: error.detail[0]?.type });
      }
      throw error;
    }
    // Recorded before the 2xx: once Flex hears 200 it stops redelivering, so from then on
    // this row is the only copy.
    const fresh = await recordEvent(store, event, raw, receivedAt);
    logger.info('webhook event received', { event_id: event.event_id, event_type: event.event_type, status: 'received', duplicate: !fresh });
    // Not awaited. A duplicate is tried too: if its first handling never ran (a crash), this
    // is a free early chance; if it is handled or held, the claim simply matches nothing.
    handleEvent(receiver, event.event_id).catch((error: unknown) =>
      logger.error('webhook event handling could not start: the worker will retry', { event_id: event.event_id, error: String(error) }),
    );
    return c.json({ received: true, duplicate: !fresh }, 200);
  });

  // Mounted in the server app this duplicates its error mapping; standing alone (tests, or
  // a merchant mounting just this route) it keeps the one error shape.
  route.onError(answerErrors(logger, 'webhook route failed'));
  return route;
}
