import { PromoCodeCreateRequest, PromoCodeListFilters, PromoCodeUpdateRequest, type PromoCode } from '@flex-checkout/protocol';
import { Hono } from 'hono';
import { toIso } from '../clock.js';
import type { Db } from '../db/collection.js';
import { isUniqueViolation } from '../db/open.js';
import { conflict, invalid, notFound } from '../http/errors.js';
import type { SandboxEnv } from '../http/env.js';
import { parseBody, parseQuery } from '../http/validate.js';
import { newId, secretToken } from '../ids.js';
import { coupons, promoCodes } from '../pricing/store.js';
import { customers } from './customers.js';
import { listPage, mustGet } from './lists.js';

/** A promo code as answered: with its coupon as it is now (its redemptions counted). */
async function present(db: Db, promo: PromoCode): Promise<PromoCode> {
  const coupon = await coupons.get(db, promo.coupon.coupon_id);
  return coupon ? { ...promo, coupon } : promo;
}

/**
 * `/v1/promo_codes`: codes a shopper types for a coupon, as Flex documents them (create,
 * list by `active`, update `active` and `metadata`). Codes are unique without regard to case.
 */
export const promoCodeRoutes = new Hono<SandboxEnv>()
  .post('/', async (c) => {
    const { promo_code: input } = await parseBody(c, PromoCodeCreateRequest);
    const loc = ['body', 'promo_code'];
    const coupon = await coupons.get(c.var.db, input.coupon_id);
    if (!coupon) throw notFound([...loc, 'coupon_id'], 'coupon', input.coupon_id);
    if (!coupon.valid) throw invalid([...loc, 'coupon_id'], 'This coupon can no longer be redeemed');
    if (input.customer && !(await customers.get(c.var.db, input.customer))) throw notFound([...loc, 'customer'], 'customer', input.customer);
    const code =
      input.code ??
      secretToken(6)
        .replace(/[^A-Za-z0-9]/g, '')
        .toUpperCase()
        .slice(0, 8)
        .padEnd(8, 'X');
    if (await promoCodes.findBy(c.var.db, 'code_key', code.toUpperCase())) throw conflict([...loc, 'code'], `A promo code "${code}" already exists`);
    const promo: PromoCode = {
      promo_code_id: newId('promo_code', c.var.now),
      code,
      coupon,
      max_redemptions: input.max_redemptions ?? null,
      times_redeemed: 0,
      customer: input.customer ?? null,
      active: input.active,
      metadata: input.metadata ?? null,
      created_at: toIso(c.var.now),
      test_mode: true,
    };
    try {
      await promoCodes.insert(c.var.db, promo);
    } catch (error) {
      // Two requests racing for one code: the second is told, not failed.
      if (isUniqueViolation(error)) throw conflict([...loc, 'code'], `A promo code "${code}" already exists`);
      throw error;
    }
    return c.json({ promo_code: promo });
  })
  .get('/', async (c) => {
    const filters = parseQuery(c, PromoCodeListFilters.loose());
    const active = filters.active === undefined ? undefined : filters.active === 'true' ? 1 : 0;
    const where = { active, code_key: filters.code?.toUpperCase(), coupon_id: filters.coupon };
    return listPage(c, promoCodes, 'promo_codes', 'promo code', where, (p) => present(c.var.db, p));
  })
  .post('/:id', async (c) => {
    const { promo_code: changes } = await parseBody(c, PromoCodeUpdateRequest);
    const id = c.req.param('id');
    await mustGet(c, promoCodes, 'promo code', id);
    const promo = (await promoCodes.getForUpdate(c.var.db, c.var.store.dialect, id))!;
    const updated = await promoCodes.update(c.var.db, { ...promo, ...changes });
    return c.json({ promo_code: await present(c.var.db, updated) });
  });

/** The sandbox's extension: read one promo code (Flex documents no retrieve). */
export const promoCodeExtensionRoutes = new Hono<SandboxEnv>().get('/:id', async (c) =>
  c.json({ promo_code: await present(c.var.db, await mustGet(c, promoCodes, 'promo code', c.req.param('id'))) }),
);
