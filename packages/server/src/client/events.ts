import { EventTime, type FlexEvent, type WebhookDelivery, type WebhookEndpoint, type WebhookEndpointCreateRequest } from '@flex-checkout/protocol';
import { listing, type Listing, type ListParams, type Page } from './lists.js';
import { objectPath, type Send, type WriteOptions } from './transport.js';
import { isRecord, writtenObject } from './write-answer.js';

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

/**
 * An event as `POST /v1/events/{id}/retry` answers it. Flex's retry page shows
 * `{event_id, event_type, object, test_mode, created_at}` (no `event_dt`; `created_at` ISO
 * text); the sandbox adds `event_dt`. `event_dt` is filled in from `created_at` when the
 * answer has none, so it is absent only when neither time could be read. Other fields are
 * kept as they came.
 */
export type RetriedEvent = Omit<FlexEvent, 'event_dt'> & {
  /** When the event happened, in Unix seconds: as answered, else read from `created_at`. */
  event_dt?: number;
  test_mode?: boolean;
  created_at?: string | number;
  [field: string]: unknown;
};

/**
 * `/v1/events`: `retry` as Flex documents it; listing and reading every event is the
 * **sandbox extension** (against Flex those throw `NotFoundError`).
 */
export interface EventsResource extends Listing<FlexEvent, { type?: string }> {
  retrieve(id: string): Promise<FlexEvent>;
  /**
   * Sends an event again (same envelope, same `svix-id`), to one webhook or, without
   * `webhookId`, to every webhook subscribed to its type.
   *
   * @example `await client.events.retry(eventId, { webhookId })`
   */
  retry(id: string, params?: { webhookId?: string }, options?: WriteOptions): Promise<RetriedEvent>;
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
    retry: async (id, params = {}, options = {}) => {
      const answer = await send<{ event?: RetriedEvent } & Partial<RetriedEvent>>('POST', `${objectPath(base, id)}/retry`, {
        ...options,
        body: { event: params.webhookId ? { webhook_id: params.webhookId } : {} },
      });
      // Answers are wrapped (`{"event": …}`) by Flex's convention, but the retry page shows the
      // event's fields bare: either is read. The event was sent again by now: nothing here throws.
      if (!isRecord(answer)) return answer;
      return withEventTime(isRecord(answer.event) ? answer.event : (answer as RetriedEvent));
    },
  };
}

/** `event_dt` as answered, else `created_at` read as Unix seconds (when it reads as a time). */
function withEventTime(event: RetriedEvent): RetriedEvent {
  if (typeof event.event_dt === 'number' || event.created_at === undefined) return event;
  const read = EventTime.safeParse(event.created_at);
  return read.success ? { ...event, event_dt: read.data } : event;
}

/** `POST /v1/webhooks` fields, as Flex documents them. */
export interface WebhookCreateParams {
  /** Where Flex posts events: your companion server's `{prefix}/webhooks`. */
  url: string;
  /**
   * Event types, as Flex's guide lists them (`['checkout.session.completed']`). The sandbox
   * also takes `['*']` for every type; Flex documents no wildcard.
   */
  events: string[];
}

/**
 * A registered webhook as its create answers. Flex's docs show the request (a guide's curl)
 * but not the answer: its fields are kept as they came, and `secret` is null when the answer
 * holds none.
 */
export interface CreatedWebhook {
  webhook_id?: string;
  url?: string;
  events?: string[];
  /**
   * The `fwhsec_…` (or `whsec_…`) signing secret, shown this once: give it to
   * `createFlexCheckout({ webhookSecret })`. The sandbox always answers it. Null when the
   * answer holds none: then take the endpoint's signing secret from where Flex shows it (your
   * Flex dashboard), never a placeholder, or every delivery is refused.
   */
  secret: string | null;
  [field: string]: unknown;
}

/** `POST /v1/webhooks`: registers where Flex delivers events, as its fulfillment guide shows. */
export interface WebhooksResource {
  /**
   * @example
   * ```ts
   * const { secret } = await client.webhooks.create({ url: 'https://shop.example/flex/webhooks', events: ['checkout.session.completed'] });
   * if (!secret) throw new Error('No signing secret in the answer: copy it from your Flex dashboard');
   * // keep `secret` (fwhsec_…): createFlexCheckout({ webhookSecret: secret })
   * ```
   */
  create(params: WebhookCreateParams, options?: WriteOptions): Promise<CreatedWebhook>;
}

export function webhooksResource(send: Send): WebhooksResource {
  return {
    create: async (webhook, options = {}) => {
      // The answer is not documented: wrapped as Flex's other answers are, or bare.
      // An empty answer (a 204) is a registration that took: its secret is then on Flex's dashboard.
      const answer = await send<unknown>('POST', '/v1/webhooks', { ...options, body: { webhook }, emptyAnswerOk: true });
      const created = writtenObject<Record<string, unknown>>(answer, 'webhook', 'webhook_id') ?? (isRecord(answer) ? answer : {});
      const secret = typeof created.secret === 'string' && created.secret !== '' ? created.secret : null;
      return { ...created, secret };
    },
  };
}
