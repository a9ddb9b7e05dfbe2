import { ListParams, WebhookEndpointCreateRequest, type WebhookEndpoint } from '@flex-checkout/protocol';
import { Hono } from 'hono';
import { z } from 'zod';
import { toIso } from '../clock.js';
import { Collection } from '../db/collection.js';
import type { SandboxEnv } from '../http/env.js';
import { parseBody, parseQuery } from '../http/validate.js';
import { newId } from '../ids.js';
import { listDeliveries } from '../webhooks/deliveries.js';
import { newWebhookSecret } from '../webhooks/sign.js';
import { listPage, mustGet } from './lists.js';

/** Endpoints as the API shows them; the secret lives in its own column, outside `data`. */
export const webhookEndpoints = new Collection<WebhookEndpoint>('webhook_endpoints', (e) => e.webhook_endpoint_id);

export const DeliveryListParams = ListParams.omit({ ending_before: true }).extend({ event: z.string().optional() });

/**
 * `/v1/webhook_endpoints`: where events are delivered. The `whsec_…` signing secret is in
 * the answer to the create and never again. An endpoint receives the events created after
 * it, of the types in `enabled_events` (`*` for all).
 */
export const webhookEndpointRoutes = new Hono<SandboxEnv>()
  .post('/', async (c) => {
    const { webhook_endpoint: input } = await parseBody(c, WebhookEndpointCreateRequest);
    const endpoint: WebhookEndpoint = {
      webhook_endpoint_id: newId('webhook_endpoint', c.var.now),
      url: input.url,
      enabled_events: [...new Set(input.enabled_events)],
      description: input.description ?? null,
      metadata: input.metadata ?? null,
      created_at: toIso(c.var.now),
      test_mode: true,
    };
    const secret = newWebhookSecret();
    await c.var.db
      .insertInto('webhook_endpoints')
      .values({ id: endpoint.webhook_endpoint_id, secret, data: JSON.stringify(endpoint) })
      .execute();
    return c.json({ webhook_endpoint: { ...endpoint, secret } });
  })
  .get('/', (c) => listPage(c, webhookEndpoints, 'webhook_endpoints', 'webhook endpoint'))
  .get('/:id', async (c) => c.json({ webhook_endpoint: await mustGet(c, webhookEndpoints, 'webhook endpoint', c.req.param('id')) }))
  .get('/:id/deliveries', async (c) => {
    const endpoint = await mustGet(c, webhookEndpoints, 'webhook endpoint', c.req.param('id'));
    const { limit, starting_after, event } = parseQuery(c, DeliveryListParams);
    return c.json(await listDeliveries(c.var.db, endpoint.webhook_endpoint_id, { limit, starting_after, event }));
  })
  .delete('/:id', async (c) => {
    const endpoint = await mustGet(c, webhookEndpoints, 'webhook endpoint', c.req.param('id'));
    // What was still to be sent there never will be; what was sent stays in the log.
    await c.var.db
      .updateTable('webhook_deliveries')
      // Clearing the claim fences out a worker sending one right now: its result lands nowhere.
      .set({ status: 'canceled', next_attempt_at: null, claimed_by: null, locked_until: null })
      .where('endpoint_id', '=', endpoint.webhook_endpoint_id)
      .where('status', '=', 'pending')
      .execute();
    await c.var.db.deleteFrom('webhook_endpoints').where('id', '=', endpoint.webhook_endpoint_id).execute();
    return c.json({ webhook_endpoint: endpoint, deleted: true });
  });
