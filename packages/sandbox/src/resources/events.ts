import { EventListFilters, idOf, type WebhookEndpoint } from '@flex-checkout/protocol';
import { Hono } from 'hono';
import { z } from 'zod';
import { toIso } from '../clock.js';
import { deliveryId, events } from '../events/outbox.js';
import { notFound } from '../http/errors.js';
import type { SandboxEnv } from '../http/env.js';
import { parseBody, parseQuery } from '../http/validate.js';
import { listPage, mustGet } from './lists.js';

/**
 * `/v1/events`: every event the sandbox wrote, newest first, each exactly the envelope a
 * webhook endpoint receives (`{event_id, event_type, event_dt, object}`). Kept whether or
 * not any endpoint is configured; `type` filters by event type.
 */
export const eventRoutes = new Hono<SandboxEnv>()
  .get('/', (c) => {
    const { type } = parseQuery(c, EventListFilters.loose());
    return listPage(c, events, 'events', 'event', { type });
  })
  .get('/:id', async (c) => c.json({ event: await mustGet(c, events, 'event', c.req.param('id')) }));

export const EventRetryRequest = z.strictObject({
  event: z.strictObject({ webhook_id: idOf('webhook_endpoint').optional() }).optional(),
});

/**
 * `POST /v1/events/{id}/retry`, as Flex documents it (`{"event":{"webhook_id"}}`): sends the
 * event again, to that webhook, or without one to every webhook subscribed to its type. The
 * same envelope and the same `svix-id` (the event's ID), so a receiver that already has it
 * knows it; the attempt is logged after the earlier ones. Answers the event, as Flex's retry
 * page shows it (`event_id`, `event_type`, `object`, `test_mode`, `created_at`).
 */
export const eventRetryRoutes = new Hono<SandboxEnv>().post('/:id/retry', async (c) => {
  const body = await parseBody(c, EventRetryRequest);
  const event = await mustGet(c, events, 'event', c.req.param('id'));
  const webhookId = body.event?.webhook_id;
  let targets: { id: string; data: string }[] = await c.var.db.selectFrom('webhook_endpoints').select(['id', 'data']).execute();
  if (webhookId) {
    targets = targets.filter((t) => t.id === webhookId);
    if (targets.length === 0) throw notFound(['body', 'event', 'webhook_id'], 'webhook', webhookId);
  } else {
    targets = targets.filter((t) => {
      const enabled = (JSON.parse(t.data) as WebhookEndpoint).enabled_events;
      return enabled.includes('*') || enabled.includes(event.event_type as (typeof enabled)[number]);
    });
  }
  for (const target of targets) {
    const id = deliveryId(event.event_id, target.id);
    // Due now and held by nobody: the worker sends it next, under its own claim.
    const resent = await c.var.db
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', created_at: c.var.now, next_attempt_at: c.var.now, claimed_by: null, locked_until: null, delivered_at: null })
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(resent.numUpdatedRows) === 0) {
      await c.var.db
        .insertInto('webhook_deliveries')
        .values({
          id,
          endpoint_id: target.id,
          event_id: event.event_id,
          status: 'pending',
          attempt_count: 0,
          created_at: c.var.now,
          next_attempt_at: c.var.now,
          claimed_by: null,
          locked_until: null,
          delivered_at: null,
        })
        .execute();
    }
  }
  return c.json({ event: { ...event, test_mode: true, created_at: toIso(event.event_dt * 1000) } });
});
