import { EventListFilters } from '@flex-checkout/protocol';
import { Hono } from 'hono';
import { events } from '../events/outbox.js';
import type { SandboxEnv } from '../http/env.js';
import { parseQuery } from '../http/validate.js';
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
