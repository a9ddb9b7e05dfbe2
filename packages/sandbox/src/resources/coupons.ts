import { CouponCreateRequest, type Coupon } from '@flex-checkout/protocol';
import { Hono } from 'hono';
import { toIso } from '../clock.js';
import { notFound } from '../http/errors.js';
import type { SandboxEnv } from '../http/env.js';
import { parseBody } from '../http/validate.js';
import { newId } from '../ids.js';
import { coupons } from '../pricing/store.js';
import { products } from './products.js';
import { listPage, mustGet } from './lists.js';

/**
 * `/v1/coupons`: create and retrieve, as Flex documents. A coupon never changes once made
 * but for its redemption count (`times_redeemed`, `valid`), counted when a session using it
 * completes.
 */
export const couponRoutes = new Hono<SandboxEnv>()
  .post('/', async (c) => {
    const { coupon: input } = await parseBody(c, CouponCreateRequest);
    for (const [i, product] of (input.applies_to?.products ?? []).entries()) {
      if (!(await products.get(c.var.db, product))) throw notFound(['body', 'coupon', 'applies_to', 'products', i], 'product', product);
    }
    const coupon: Coupon = {
      coupon_id: newId('coupon', c.var.now),
      name: input.name ?? null,
      amount_off: input.amount_off ?? null,
      percent_off: input.percent_off ?? null,
      duration: input.duration,
      duration_in_months: input.duration_in_months ?? null,
      applies_to: input.applies_to ? { products: [...new Set(input.applies_to.products)] } : null,
      max_redemptions: input.max_redemptions ?? null,
      times_redeemed: 0,
      valid: true,
      metadata: input.metadata ?? null,
      created_at: toIso(c.var.now),
      test_mode: true,
    };
    return c.json({ coupon: await coupons.insert(c.var.db, coupon) });
  })
  .get('/:id', async (c) => c.json({ coupon: await mustGet(c, coupons, 'coupon', c.req.param('id')) }));

/** The sandbox's extension: list coupons (Flex documents no list). */
export const couponExtensionRoutes = new Hono<SandboxEnv>().get('/', (c) => listPage(c, coupons, 'coupons', 'coupon'));
