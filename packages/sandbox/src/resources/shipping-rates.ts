import { ShippingRateCreateRequest, ShippingRateUpdateRequest, type ShippingRate } from '@flex-checkout/protocol';
import { Hono } from 'hono';
import { toIso } from '../clock.js';
import type { SandboxEnv } from '../http/env.js';
import { parseBody } from '../http/validate.js';
import { newId } from '../ids.js';
import { shippingRates } from '../pricing/store.js';
import { listPage, mustGet } from './lists.js';

/**
 * `/v1/shipping_rates`: fixed rates a session names by `shipping_rate_id`, as Flex documents
 * (create, and `PUT` to change `active` and `metadata`; the amount never changes).
 */
export const shippingRateRoutes = new Hono<SandboxEnv>()
  .post('/', async (c) => {
    const { shipping_rate: input } = await parseBody(c, ShippingRateCreateRequest);
    const rate: ShippingRate = {
      shipping_rate_id: newId('shipping_rate', c.var.now),
      display_name: input.display_name,
      amount: input.amount,
      active: input.active,
      metadata: input.metadata ?? null,
      created_at: toIso(c.var.now),
      test_mode: true,
    };
    return c.json({ shipping_rate: await shippingRates.insert(c.var.db, rate) });
  })
  .put('/:id', async (c) => {
    const { shipping_rate: changes } = await parseBody(c, ShippingRateUpdateRequest);
    const rate = await mustGet(c, shippingRates, 'shipping rate', c.req.param('id'));
    return c.json({ shipping_rate: await shippingRates.update(c.var.db, { ...rate, ...changes }) });
  });

/** The sandbox's extension: list and read rates (Flex documents neither). */
export const shippingRateExtensionRoutes = new Hono<SandboxEnv>()
  .get('/', (c) => listPage(c, shippingRates, 'shipping_rates', 'shipping rate'))
  .get('/:id', async (c) => c.json({ shipping_rate: await mustGet(c, shippingRates, 'shipping rate', c.req.param('id')) }));
