import type { WebhookEndpoint } from '@flex-checkout/protocol';
import { Hono } from 'hono';
import { z } from 'zod';
import { toIso } from '../clock.js';
import type { SandboxEnv } from '../http/env.js';
import { parseBody } from '../http/validate.js';
import { newId } from '../ids.js';
import { newWebhookSecret } from '../webhooks/sign.js';

/**
 * `POST /v1/webhooks`, as Flex's fulfillment guide shows it:
 * `{"webhook":{"url":"https://…","events":["checkout.session.completed"]}}`.
 * Flex's docs show neither the answer nor the other webhook calls; the sandbox answers
 * `{"webhook":{webhook_id, url, events, secret, created_at, test_mode}}`, with the signing
 * secret in Flex's `fwhsec_` form, shown this once. Deliveries are signed the Standard
 * Webhooks way with the base64 key after `fwhsec_` (docs/webhooks.md).
 */
export const WebhookCreateRequest = z.strictObject({
  webhook: z.strictObject({
    url: z.url({ protocol: /^https?$/, message: 'Expected an http:// or https:// URL' }).max(2048),
    /** Event types (Flex's list is open-ended, so any well-formed name), or `*` for all. */
    events: z
      .array(z.string().regex(/^(\*|[a-z][a-z_]*(\.[a-z_]+)+)$/, { message: 'Expected an event type such as checkout.session.completed, or *' }))
      .min(1)
      .max(100),
  }),
});

export const documentedWebhookRoutes = new Hono<SandboxEnv>().post('/', async (c) => {
  const { webhook: input } = await parseBody(c, WebhookCreateRequest);
  const events = [...new Set(input.events)];
  // Kept as an endpoint like any other: the one delivery worker serves both kinds.
  const endpoint: WebhookEndpoint = {
    webhook_endpoint_id: newId('webhook_endpoint', c.var.now),
    url: input.url,
    enabled_events: events as WebhookEndpoint['enabled_events'],
    description: null,
    metadata: null,
    created_at: toIso(c.var.now),
    test_mode: true,
  };
  const secret = newWebhookSecret('fwhsec_');
  await c.var.db
    .insertInto('webhook_endpoints')
    .values({ id: endpoint.webhook_endpoint_id, secret, data: JSON.stringify(endpoint) })
    .execute();
  return c.json({
    webhook: { webhook_id: endpoint.webhook_endpoint_id, url: endpoint.url, events, secret, created_at: endpoint.created_at, test_mode: true },
  });
});
