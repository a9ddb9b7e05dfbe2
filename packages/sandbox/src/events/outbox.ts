import { EVENT_TYPES, type EventType, type FlexEvent, type PaymentMethod, type WebhookEndpoint } from '@flex-checkout/protocol';
import { toUnixSeconds } from '../clock.js';
import { Collection, type Db } from '../db/collection.js';
import { newId } from '../ids.js';
import { presentInvoice, presentSubscription, type StoredInvoice, type StoredSubscription } from '../billing/shapes.js';
import { presentPaymentMethod } from '../payments/present.js';

/** The outbox, read by `GET /v1/events`: each row is an envelope exactly as it is delivered. */
export const events = new Collection<FlexEvent>(
  'events',
  (e) => e.event_id,
  (e) => ({
    type: e.event_type,
    created_at: e.event_dt * 1000,
  }),
);

const KNOWN = new Set<string>(EVENT_TYPES);

/**
 * An event carries its object as the API answers it: subscriptions and invoices are kept with
 * Unix-second times and answered with ISO ones (billing/shapes.ts), saved cards in Flex's
 * words (payments/present.ts), here as everywhere.
 */
function asAnswered(type: EventType, object: object): object {
  if (type.startsWith('customer.subscription.')) return presentSubscription(object as StoredSubscription);
  if (type.startsWith('invoice.')) return presentInvoice(object as StoredInvoice);
  if (type.startsWith('payment_method.')) return presentPaymentMethod(object as PaymentMethod);
  return object;
}

/** The delivery row's ID: one per (event, endpoint). */
export const deliveryId = (eventId: string, endpointId: string) => `${eventId}:${endpointId}`;

/**
 * Records an event, and one pending delivery for every endpoint that subscribes to its type.
 * Call it with the transaction that makes the change the event describes: the event exists
 * exactly when the change does, and a worker delivers it after the commit (the outbox).
 */
export async function emitEvent(db: Db, now: number, type: EventType, object: object): Promise<FlexEvent> {
  if (!KNOWN.has(type)) throw new Error(`Unknown event type ${type}`);
  // Outside a transaction the event could outlive (or miss) the change it describes.
  if (!db.isTransaction) throw new Error(`${type}: events are written in the transaction of their change`);
  const event: FlexEvent = {
    event_id: newId('event', now),
    event_type: type,
    // Flex documents it as an integer: Unix seconds, as its other integer times.
    event_dt: toUnixSeconds(now),
    object: asAnswered(type, object) as Record<string, unknown>,
  };
  await events.insert(db, event);
  // With no endpoint configured an event is only recorded (and listed by GET /v1/events).
  const endpoints = await db.selectFrom('webhook_endpoints').select(['id', 'data']).execute();
  for (const row of endpoints) {
    const endpoint = JSON.parse(row.data) as WebhookEndpoint;
    if (!endpoint.enabled_events.includes('*') && !endpoint.enabled_events.includes(type)) continue;
    await db
      .insertInto('webhook_deliveries')
      .values({
        id: deliveryId(event.event_id, row.id),
        endpoint_id: row.id,
        event_id: event.event_id,
        status: 'pending',
        attempt_count: 0,
        created_at: now,
        next_attempt_at: now,
        claimed_by: null,
        locked_until: null,
        delivered_at: null,
      })
      .execute();
  }
  return event;
}
