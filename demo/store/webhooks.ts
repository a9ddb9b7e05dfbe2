import type { FlexClient } from '@flex-checkout/server';
import type { MiddlewareHandler } from 'hono';
import { getSetting, newId, putSetting, type StoreDb } from './db.js';

/** A call to Flex's API with the secret key, for endpoints the typed client does not cover. */
export type ApiCall = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>;

/** An error answer's words, as Flex gives them. */
export interface ErrorAnswer {
  detail?: { msg?: string }[];
}

/** `POST /v1/webhook_endpoints`: the endpoint (its ID under either name) and its secret, shown once. */
interface EndpointAnswer extends ErrorAnswer {
  webhook_endpoint?: { webhook_endpoint_id?: unknown; id?: unknown; secret?: unknown };
}

/**
 * How the store gets its events: an endpoint it registered (now, or kept from an earlier
 * start), a secret from the environment (`configured`: registered elsewhere, such as Flex's
 * dashboard), or none. `endpointId` is null when the answer named none.
 */
export type WebhookRegistration =
  | { status: 'registered' | 'reused' | 'configured'; endpointId: string | null; url: string; secret: string }
  | { status: 'unavailable'; url: string; reason: string };

/**
 * The events the store asks for when it registers through Flex's documented `POST /v1/webhooks`:
 * those its handler acts on or notes, by the names Flex's guides give them (an unknown name
 * could make Flex refuse the registration).
 */
export const STORE_EVENTS = ['checkout.session.completed', 'invoice.payment_succeeded', 'invoice.payment_failed', 'invoice.paid'] as const;

/** A registration kept in the store's settings; `documented`: made through `POST /v1/webhooks`, which Flex offers no way to read back. */
interface SavedRegistration {
  endpointId: string | null;
  url: string;
  secret: string;
  documented?: boolean;
}

const SETTING = 'webhook_endpoint';

/**
 * Makes sure Flex sends this store's events to `url`: registers the endpoint once and keeps
 * its signing secret (Flex shows it only when the endpoint is created), so a restart reuses
 * it. On the sandbox in this process (`sandbox`: its API with the secret key), its own
 * `/v1/webhook_endpoints` (every event; a store on another port gets a new endpoint and the
 * old one is removed); on Flex (`flex`: the typed client), the documented `POST /v1/webhooks`
 * (STORE_EVENTS), whose endpoint is kept for the same URL since Flex documents no way to read
 * one back.
 * In production the secret lives in the environment (FLEX_WEBHOOK_SECRET), not a table.
 */
export async function registerWebhookEndpoint(
  db: StoreDb,
  url: string,
  via: { sandbox: ApiCall } | { flex: Pick<FlexClient, 'webhooks'> },
): Promise<WebhookRegistration> {
  try {
    return await register(db, url, via);
  } catch (error) {
    return { status: 'unavailable', url, reason: `registering the endpoint failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

async function register(db: StoreDb, url: string, via: { sandbox: ApiCall } | { flex: Pick<FlexClient, 'webhooks'> }): Promise<WebhookRegistration> {
  const saved = JSON.parse((await getSetting(db, SETTING)) ?? 'null') as SavedRegistration | null;
  if (saved?.documented && saved.url === url) return { status: 'reused', endpointId: saved.endpointId, url, secret: saved.secret };
  if ('flex' in via) return registerDocumented(via.flex, db, url);
  const api = via.sandbox;
  if (saved && !saved.documented && saved.endpointId) {
    const found = await api('GET', `/v1/webhook_endpoints/${encodeURIComponent(saved.endpointId)}`);
    if (found.status === 200 && saved.url === url) return { status: 'reused', endpointId: saved.endpointId, url, secret: saved.secret };
    if (found.status === 200) await api('DELETE', `/v1/webhook_endpoints/${encodeURIComponent(saved.endpointId)}`);
  }
  const created = await api('POST', '/v1/webhook_endpoints', { webhook_endpoint: { url, enabled_events: ['*'], description: 'Juniper Wellness demo store' } });
  if (created.status === 404 || created.status === 405) return { status: 'unavailable', url, reason: 'this sandbox has no /v1/webhook_endpoints' };
  const answer = created.body as EndpointAnswer | null;
  const endpoint = answer?.webhook_endpoint;
  const endpointId = endpoint?.webhook_endpoint_id ?? endpoint?.id;
  if (created.status !== 200 || typeof endpoint?.secret !== 'string' || typeof endpointId !== 'string') {
    return { status: 'unavailable', url, reason: `registering the endpoint answered ${created.status}: ${JSON.stringify(answer?.detail ?? answer)}` };
  }
  const registration: SavedRegistration = { endpointId, url, secret: endpoint.secret };
  await putSetting(db, SETTING, JSON.stringify(registration));
  return { status: 'registered', endpointId, url, secret: endpoint.secret };
}

/** Flex's documented registration (`POST /v1/webhooks`), through the typed client, which reads its answer wrapped, bare or empty. */
async function registerDocumented(flex: Pick<FlexClient, 'webhooks'>, db: StoreDb, url: string): Promise<WebhookRegistration> {
  const { webhook_id, secret } = await flex.webhooks.create({ url, events: [...STORE_EVENTS] });
  if (!secret) {
    return {
      status: 'unavailable',
      url,
      reason: 'the webhook was registered, but its answer held no signing secret: set FLEX_WEBHOOK_SECRET from your Flex dashboard',
    };
  }
  const registration: SavedRegistration = { endpointId: typeof webhook_id === 'string' ? webhook_id : null, url, secret, documented: true };
  await putSetting(db, SETTING, JSON.stringify(registration));
  return { status: 'registered', endpointId: registration.endpointId, url, secret: registration.secret };
}

/** The longest claimed ID kept for a refused delivery (Flex's IDs are about 31 characters). */
export const CLAIMED_ID_MAX = 64;

/**
 * A refused delivery's `svix-id`, as far as it can be shown: characters outside letters,
 * digits, `_`, `-`, `.` and `:` become `?`, and it is cut at CLAIMED_ID_MAX characters
 * (marked with `…`). Nothing at all is null.
 */
export function claimedId(raw: string | undefined): string | null {
  if (!raw) return null;
  const plain = [...raw.slice(0, CLAIMED_ID_MAX + 1)].map((ch) => (/^[A-Za-z0-9_.:-]$/.test(ch) ? ch : '?')).join('');
  return plain.length > CLAIMED_ID_MAX ? `${plain.slice(0, CLAIMED_ID_MAX - 1)}…` : plain;
}

/**
 * Logs every delivery to the webhook route for the store's webhook page: when it came, and
 * whether the companion server verified it (2xx) or refused it (400, with its reason).
 * Only the event's ID and type are read, and only from a delivery that verified.
 */
export function deliveryLog(db: StoreDb): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const copy = c.req.raw.clone();
    await next();
    const status = c.res.status;
    let eventId: string | null;
    let eventType: string | null = null;
    let rejection: string | null = null;
    if (status >= 200 && status < 300) {
      const event = JSON.parse(await copy.text()) as { event_id?: unknown; event_type?: unknown };
      eventId = typeof event.event_id === 'string' ? event.event_id : null;
      eventType = typeof event.event_type === 'string' ? event.event_type : null;
    } else {
      const answer = (await c.res
        .clone()
        .json()
        .catch(() => null)) as { detail?: { msg?: string }[] } | null;
      rejection = answer?.detail?.[0]?.msg ?? `HTTP ${status}`;
      // Anyone can POST here: what a refused sender claims as its ID is kept only as a short,
      // plain label, never as it came.
      eventId = claimedId(c.req.header('svix-id') ?? c.req.header('webhook-id'));
    }
    await db
      .insertInto('store_webhook_deliveries')
      .values({
        delivery_id: newId('dlv'),
        received_at: Date.now(),
        event_id: eventId,
        event_type: eventType,
        http_status: status,
        verified: status < 300 ? 1 : 0,
        rejection,
      })
      .execute();
  };
}
