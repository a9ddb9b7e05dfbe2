import type { FlexEvent, WebhookDelivery, WebhookEndpoint, WebhookEndpointCreateRequest } from '@flex-checkout/protocol';
import { listing, type Listing, type ListParams, type Page } from './lists.js';
import { objectPath, type RequestOptions, type Send, type WriteOptions } from './transport.js';

/** `POST /v1/webhook_endpoints` fields: `url`, `enabled_events` (`"*"` for every type), `description`, `metadata`. */
export type WebhookEndpointCreateParams = WebhookEndpointCreateRequest['webhook_endpoint'];
/** An endpoint as its create answers: with its `whsec_…` signing secret, shown this once. */
export type CreatedWebhookEndpoint = WebhookEndpoint & { secret: string };

/** `/v1/webhook_endpoints`: where events are delivered, signed the Standard Webhooks way. */
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

/** `/v1/events`: every event, newest first, exactly as delivered. */
export interface EventsResource extends Listing<FlexEvent, { type?: string }> {
  retrieve(id: string): Promise<FlexEvent>;
}

/**
 * The transport's type names the methods the rest of the API uses (GET, POST); it sends any
 * method as given, and deleting an endpoint is the one DELETE.
 */
const sendDelete = (send: Send) => send as unknown as <T>(method: 'DELETE', path: string, options?: RequestOptions) => Promise<T>;

export function webhookEndpointsResource(send: Send): WebhookEndpointsResource {
  const base = '/v1/webhook_endpoints';
  return {
    ...listing<WebhookEndpoint, object>(send, base, 'webhook_endpoints', (e) => e.webhook_endpoint_id),
    create: async (webhook_endpoint, options = {}) =>
      (await send<{ webhook_endpoint: CreatedWebhookEndpoint }>('POST', base, { ...options, body: { webhook_endpoint } })).webhook_endpoint,
    retrieve: async (id) => (await send<{ webhook_endpoint: WebhookEndpoint }>('GET', objectPath(base, id))).webhook_endpoint,
    delete: async (id) => (await sendDelete(send)<{ webhook_endpoint: WebhookEndpoint }>('DELETE', objectPath(base, id))).webhook_endpoint,
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
