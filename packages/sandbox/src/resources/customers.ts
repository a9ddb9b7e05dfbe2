import { CustomerCreateRequest, CustomerUpdateRequest, type Customer } from '@flex-checkout/protocol';
import { Hono, type Context } from 'hono';
import { toIso } from '../clock.js';
import { Collection, type Db } from '../db/collection.js';
import { emitEvent } from '../events/outbox.js';
import { invalid, notFound } from '../http/errors.js';
import type { SandboxEnv } from '../http/env.js';
import { parseBody } from '../http/validate.js';
import { newId } from '../ids.js';
import { paymentMethods } from '../payments/store.js';
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
    default_payment_method: null,
    created_at: toIso(now),
    test_mode: true,
  };
}

/** Creates a customer and its `customer.created` event, in the caller's transaction. */
export async function createCustomer(db: Db, now: number, fields: Partial<Customer>): Promise<Customer> {
  const customer = await customers.insert(db, newCustomer(now, fields));
  await emitEvent(db, now, 'customer.created', customer);
  return customer;
}

/** Saves a changed customer and its `customer.updated` event. */
export async function updateCustomer(db: Db, now: number, customer: Customer): Promise<Customer> {
  await customers.update(db, customer);
  await emitEvent(db, now, 'customer.updated', customer);
  return customer;
}

/**
 * A card that can be this customer's (or a subscription's) default: the customer's own
 * (another customer's card is "no such card", never revealed) and verified for off-session use.
 */
export async function usableDefault(db: Db, customer: string, paymentMethod: string, loc: (string | number)[]): Promise<string> {
  const found = await paymentMethods.get(db, paymentMethod);
  if (!found || found.customer !== customer) throw notFound(loc, 'payment method for this customer', paymentMethod);
  if (!found.off_session) {
    throw invalid(
      loc,
      'This payment method is not verified for off-session payments; save it with a setup session (or an on-session checkout with setup_future_use: "off_session") first',
    );
  }
  return found.payment_method_id;
}

/** Changes a customer (`PATCH /v1/customers/{id}`, as Flex documents; POST in the default profile too). */
async function update(c: Context<SandboxEnv>): Promise<Response> {
  const { customer: changes } = await parseBody(c, CustomerUpdateRequest);
  const current = await mustGet(c, customers, 'customer', c.req.param('id')!);
  if (changes.default_payment_method) {
    await usableDefault(c.var.db, current.customer_id, changes.default_payment_method, ['body', 'customer', 'default_payment_method']);
  }
  const customer = await updateCustomer(c.var.db, c.var.now, { ...current, ...changes } as Customer);
  return c.json({ customer });
}

export const customerRoutes = new Hono<SandboxEnv>()
  .post('/', async (c) => {
    const { customer: input } = await parseBody(c, CustomerCreateRequest);
    const customer = await createCustomer(c.var.db, c.var.now, input as Partial<Customer>);
    return c.json({ customer });
  })
  .get('/', (c) =>
    listPage(c, customers, 'customers', 'customer', {
      email: c.req.query('email'),
      client_reference_id: c.req.query('client_reference_id'),
    }),
  )
  .get('/:id', async (c) => c.json({ customer: await mustGet(c, customers, 'customer', c.req.param('id')) }))
  .patch('/:id', update);

/** The sandbox's extension: `POST /v1/customers/{id}` updates too (Flex documents PATCH). */
export const customerExtensionRoutes = new Hono<SandboxEnv>().post('/:id', update);
