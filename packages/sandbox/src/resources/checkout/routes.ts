import { CheckoutSessionCreateRequest, CheckoutSessionListFilters } from '@flex-checkout/protocol';
import { Hono } from 'hono';
import { conflict } from '../../http/errors.js';
import type { SandboxEnv } from '../../http/env.js';
import { parseBody, parseQuery } from '../../http/validate.js';
import { intervalFilter, listPage, mustGet } from '../lists.js';
import { chargeOffSession } from './complete.js';
import { buildSession } from './create.js';
import { documentedLineItems, present } from './present.js';
import { expireSession, sessions, settleAllExpiries, settleExpiry } from './store.js';

export const checkoutSessionRoutes = new Hono<SandboxEnv>()
  .post('/', async (c) => {
    const { checkout_session: input } = await parseBody(c, CheckoutSessionCreateRequest);
    let session = await sessions.insert(c.var.db, await buildSession(c.var.db, c.var.now, input, { publicUrl: c.var.publicUrl, profile: c.var.profile }));
    if (session.mode === 'off_session') {
      // No browser: charge the saved card now. A failure throws and rolls the session back.
      session = await chargeOffSession({ db: c.var.db, dialect: c.var.store.dialect, now: c.var.now, publicUrl: c.var.publicUrl }, session);
    }
    return c.json({ checkout_session: present(c, session) });
  })
  .get('/', async (c) => {
    const filters = parseQuery(c, CheckoutSessionListFilters.loose());
    await settleAllExpiries(c.var.db, c.var.now);
    return listPage(
      c,
      sessions,
      'checkout_sessions',
      'checkout session',
      { customer_id: filters.customer, status: filters.status },
      (session) => present(c, session),
      // Flex's `interval`: sessions made in the last so many days.
      intervalFilter(c, 'unix'),
    );
  })
  .get('/:id', async (c) => {
    const session = await mustGet(c, sessions, 'checkout session', c.req.param('id'));
    return c.json({ checkout_session: present(c, await settleExpiry(c.var.db, session, c.var.now)) });
  })
  .get('/:id/line_items', async (c) => {
    const session = await mustGet(c, sessions, 'checkout session', c.req.param('id'));
    return c.json({ line_items: await documentedLineItems(c, c.var.db, session) });
  });

/** The sandbox's extension: end an open session now (Flex documents no expire call). */
export const checkoutSessionExtensionRoutes = new Hono<SandboxEnv>().post('/:id/expire', async (c) => {
  const id = c.req.param('id');
  await mustGet(c, sessions, 'checkout session', id);
  const session = (await sessions.getForUpdate(c.var.db, c.var.store.dialect, id))!;
  if (session.status === 'complete') throw conflict(['path', 'id'], 'This checkout session is complete and can no longer expire');
  if (session.status === 'expired') return c.json({ checkout_session: present(c, session) });
  return c.json({ checkout_session: present(c, await expireSession(c.var.db, session, c.var.now)) });
});
