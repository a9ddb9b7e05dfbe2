import { PromotionCodeRequest, ShippingAddressInput } from '@flex-checkout/protocol';
import { Hono } from 'hono';
import type { SandboxEnv } from '../../http/env.js';
import { invalid } from '../../http/errors.js';
import { negotiateLanguage } from '../../http/language.js';
import { parseBody } from '../../http/validate.js';
import { promoCodeByText, resolveDiscount } from '../../pricing/discounts.js';
import { repriceSession } from '../../pricing/session.js';
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
    if (!session.allow_promotion_codes || session.mode === 'setup' || session.invoice) throw invalid(['body', 'code'], 'This checkout does not take promo codes');
    if (code === null) {
      const cleared = await sessions.update(c.var.db, await repriceSession(c.var.db, session, []));
      return c.json({ checkout_session: await viewOf(c, cleared) });
    }
    const promo = await promoCodeByText(c.var.db, code);
    // An unknown code and an unusable one read the same to the shopper.
    if (!promo) throw invalid(['body', 'code'], 'This promo code is not valid');
    const { coupon } = await resolveDiscount(c.var.db, { promo_code: promo.promo_code_id }, { customer: session.customer, lines: session.line_items }, ['body', 'code']);
    const updated = await sessions.update(c.var.db, await repriceSession(c.var.db, session, [{ coupon: coupon.coupon_id, promo_code: promo.promo_code_id }]));
    return c.json({ checkout_session: await viewOf(c, updated) });
  });
