import { CaptureListFilters, CaptureUpdateRequest } from '@flex-checkout/protocol';
import { Hono } from 'hono';
import { captures } from '../money/store.js';
import type { SandboxEnv } from '../http/env.js';
import { parseBody, parseQuery } from '../http/validate.js';
import { listPage, mustGet } from './lists.js';

/** `/v1/captures`: the captures of manual-capture sessions, as Flex documents them (list, read, metadata). */
export const captureRoutes = new Hono<SandboxEnv>()
  .get('/', (c) => {
    const filters = parseQuery(c, CaptureListFilters.loose());
    return listPage(c, captures, 'captures', 'capture', { checkout_session_id: filters.checkout_session });
  })
  .get('/:id', async (c) => c.json({ capture: await mustGet(c, captures, 'capture', c.req.param('id')) }))
  .patch('/:id', async (c) => {
    const { capture: changes } = await parseBody(c, CaptureUpdateRequest);
    const id = c.req.param('id');
    await mustGet(c, captures, 'capture', id);
    const capture = (await captures.getForUpdate(c.var.db, c.var.store.dialect, id))!;
    return c.json({ capture: await captures.update(c.var.db, { ...capture, metadata: changes.metadata }) });
  });
