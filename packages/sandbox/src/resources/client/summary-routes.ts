import { PromotionCodeRequest, ShippingAddressInput } from '@flex-checkout/protocol';
import { Hono } from 'hono';
import type { SandboxEnv } from '../../http/env.js';
import { invalid } from '../../http/errors.js';
import { negotiateLanguage } from '../../http/language.js';
import { parseBody } from '../../http/validate.js';
import { applyPromotionCode } from '../../pricing/promotion.js';
import { acceptShippingAddress } from '../../pricing/shipping.js';
import { sessions } from '../checkout/store.js';
import { authorizedSession, requireOpen, viewOf } from './routes.js';

/**
 * The browser API's address and promo-code steps (default profile, client secret): what the
 * hosted page's forms do, for the in-page checkout. Each answers the session's new view, with
 * the totals priced again upstream.
 */
export const clientSummaryRoutes = new Hono<SandboxEnv>()
  .use('/checkout_sessions/*', negotiateLanguage)
  .post('/checkout_sessions/:id/shipping_details', async (c) => {
    const session = await authorizedSession(c, { lock: true });
    requireOpen(session);
    const address = await parseBody(c, ShippingAddressInput);
    const updated = await sessions.update(c.var.db, acceptShippingAddress(c.var.now, session, address, ['body']));
    return c.json({ checkout_session: await viewOf(c, updated) });
  })
  .post('/checkout_sessions/:id/promotion_code', async (c) => {
    const session = await authorizedSession(c, { lock: true });
    requireOpen(session);
    const { code } = await parseBody(c, PromotionCodeRequest);
    const refused = await applyPromotionCode(c.var.db, session, code);
    if (refused) throw invalid(['body', 'code'], refused);
    return c.json({ checkout_session: await viewOf(c, (await sessions.get(c.var.db, session.checkout_session_id))!) });
  });
