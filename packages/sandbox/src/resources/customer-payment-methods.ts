import { Hono } from 'hono';
import { notFound } from '../http/errors.js';
import type { SandboxEnv } from '../http/env.js';
import { paymentMethods } from '../payments/store.js';
import { presentPaymentMethod } from '../payments/present.js';
import { customers } from './customers.js';
import { listPage, mustGet } from './lists.js';

/**
 * `GET /v1/customers/{id}/payment_methods[/{payment_method_id}]`: a customer's saved cards,
 * where Flex documents them. Another customer's card is "no such payment method", never
 * revealed.
 */
export const customerPaymentMethodRoutes = new Hono<SandboxEnv>()
  .get('/:id/payment_methods', async (c) => {
    const customer = await mustGet(c, customers, 'customer', c.req.param('id'));
    return listPage(c, paymentMethods, 'payment_methods', 'payment method', { customer_id: customer.customer_id }, presentPaymentMethod);
  })
  .get('/:id/payment_methods/:pm', async (c) => {
    const customer = await mustGet(c, customers, 'customer', c.req.param('id'));
    const id = c.req.param('pm');
    const found = await paymentMethods.get(c.var.db, id);
    if (!found || found.customer !== customer.customer_id) throw notFound(['path', 'payment_method_id'], 'payment method', id);
    return c.json({ payment_method: presentPaymentMethod(found) });
  });
