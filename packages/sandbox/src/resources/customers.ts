import { CustomerCreateRequest, CustomerUpdateRequest, type Customer } from '@flex-checkout/protocol';
import { Hono } from 'hono';
import { toIso } from '../clock.js';
import { Collection } from '../db/collection.js';
import type { SandboxEnv } from '../http/env.js';
import { parseBody } from '../http/validate.js';
import { newId } from '../ids.js';
import { listPage, mustGet } from './lists.js';

export const customers = new Collection<Customer>(
  'customers',
  (c) => c.customer_id,
  (c) => ({ email: c.email, client_reference_id: c.client_reference_id }),
);

/** A new customer object with every field present. */
export function newCustomer(now: number, fields: Partial<Customer>): Customer {
  return {
    customer_id: newId('customer', now),
    email: fields.email ?? null,
    first_name: fields.first_name ?? null,
    last_name: fields.last_name ?? null,
    phone: fields.phone ?? null,
    shipping: fields.shipping ?? null,
    client_reference_id: fields.client_reference_id ?? null,
    metadata: fields.metadata ?? null,
    created_at: toIso(now),
    test_mode: true,
  };
}

export const customerRoutes = new Hono<SandboxEnv>()
  .post('/', async (c) => {
    const { customer: input } = await parseBody(c, CustomerCreateRequest);
    const customer = await customers.insert(c.var.db, newCustomer(c.var.now, input as Partial<Customer>));
    return c.json({ customer });
  })
  .get('/', (c) =>
    listPage(c, customers, 'customers', 'customer', {
      email: c.req.query('email'),
      client_reference_id: c.req.query('client_reference_id'),
    }),
  )
  .get('/:id', async (c) => c.json({ customer: await mustGet(c, customers, 'customer', c.req.param('id')) }))
  .post('/:id', async (c) => {
    const { customer: changes } = await parseBody(c, CustomerUpdateRequest);
    const customer = { ...(await mustGet(c, customers, 'customer', c.req.param('id'))), ...changes } as Customer;
    await customers.update(c.var.db, customer);
    return c.json({ customer });
  });
