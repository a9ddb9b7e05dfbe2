import type { FlexEvent, WebhookDelivery, WebhookEndpoint, WebhookEndpointCreateRequest } from '@flex-checkout/protocol';
import { listing, type Listing, type ListParams, type Page } from './lists.js';
import { objectPath, type Send, type WriteOptions } from './transport.js';

/** `POST /v1/webhook_endpoints` fields: `url`, `enabled_events` (`"*"` for every type), `description`, `metadata`. */
export type WebhookEndpointCreateParams = WebhookEndpointCreateRequest['webhook_endpoint'];
/** An endpoint as its create answers: with its `whsec_…` signing secret, shown this once. */
export type CreatedWebhookEndpoint = WebhookEndpoint & { secret: string };

/**
 * `/v1/webhook_endpoints`: **sandbox extension** (list, read, delete and delivery logs of
 * endpoints; Flex documents only `POST /v1/webhooks`, see `client.webhooks`). Against Flex
 * these throw `NotFoundError`.
 */
export interface WebhookEndpointsResource extends Listing<WebhookEndpoint, object> {
  /**
   * Registers an endpoint. Keep the `secret` from the answer (give it to the webhook
   * receiver as `secret`): no later answer shows it again.
   *
   * @example
   * ```ts
   * const { secret } = await client.webhookEndpoints.create({ url: 'https://shop.example/flex/webhooks', enabled_events: ['*'] });
   * ```
   */
  create(params: WebhookEndpointCreateParams, options?: WriteOptions): Promise<CreatedWebhookEndpoint>;
  retrieve(id: string): Promise<WebhookEndpoint>;
  /** Removes it; what was still to be sent there never will be. */
  delete(id: string): Promise<WebhookEndpoint>;
  /** Its deliveries, newest event first, each with every attempt (status code, error, duration). */
  deliveries(id: string, params?: Omit<ListParams, 'endingBefore'> & { event?: string }): Promise<Page<WebhookDelivery>>;
}

/** `/v1/events`: every event, newest first, exactly as delivered. **Sandbox extension** (Flex documents only retrying one). */
export interface EventsResource extends Listing<FlexEvent, { type?: string }> {
  retrieve(id: string): Promise<FlexEvent>;
}

export function webhookEndpointsResource(send: Send): WebhookEndpointsResource {
  const base = '/v1/webhook_endpoints';
  return {
    ...listing<WebhookEndpoint, object>(send, base, 'webhook_endpoints', (e) => e.webhook_endpoint_id),
    create: async (webhook_endpoint, options = {}) =>
      (await send<{ webhook_endpoint: CreatedWebhookEndpoint }>('POST', base, { ...options, body: { webhook_endpoint } })).webhook_endpoint,
    retrieve: async (id) => (await send<{ webhook_endpoint: WebhookEndpoint }>('GET', objectPath(base, id))).webhook_endpoint,
    delete: async (id) => (await send<{ webhook_endpoint: WebhookEndpoint }>('DELETE', objectPath(base, id))).webhook_endpoint,
    deliveries: async (id, params = {}) => {
      const answer = await send<{ deliveries: WebhookDelivery[]; has_more: boolean }>('GET', `${objectPath(base, id)}/deliveries`, {
        query: { limit: params.limit, starting_after: params.startingAfter, event: params.event },
      });
      return { data: answer.deliveries, hasMore: answer.has_more };
    },
  };
}

export function eventsResource(send: Send): EventsResource {
  const base = '/v1/events';
  return {
    ...listing<FlexEvent, { type?: string }>(send, base, 'events', (e) => e.event_id),
    retrieve: async (id) => (await send<{ event: FlexEvent }>('GET', objectPath(base, id))).event,
  };
}

/** `POST /v1/webhooks` fields, as Flex documents them. */
export interface WebhookCreateParams {
  /** Where Flex posts events: your companion server's `{prefix}/webhooks`. */
  url: string;
  /** Event types (`checkout.session.completed`, …), or `['*']` for all. */
  events: string[];
}

/** A registered webhook as its create answers: with its `fwhsec_…` signing secret, shown this once. */
export interface CreatedWebhook {
  webhook_id: string;
  url: string;
  events: string[];
  /** Give it to `createFlexCheckout({ webhookSecret })`. */
  secret: string;
  [field: string]: unknown;
}

/** `POST /v1/webhooks`: registers where Flex delivers events, as its fulfillment guide shows. */
export interface WebhooksResource {
  /**
   * @example
   * ```ts
   * const { secret } = await client.webhooks.create({ url: 'https://shop.example/flex/webhooks', events: ['checkout.session.completed'] });
   * // keep `secret` (fwhsec_…): createFlexCheckout({ webhookSecret: secret })
   * ```
   */
  create(params: WebhookCreateParams, options?: WriteOptions): Promise<CreatedWebhook>;
}

export function webhooksResource(send: Send): WebhooksResource {
  return {
    create: async (webhook, options = {}) => (await send<{ webhook: CreatedWebhook }>('POST', '/v1/webhooks', { ...options, body: { webhook } })).webhook,
  };
}
