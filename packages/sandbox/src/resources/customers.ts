import { CustomerCreateRequest, CustomerUpdateRequest, type Customer, type Shipping } from '@flex-checkout/protocol';
import type { z } from 'zod';
import { Hono, type Context } from 'hono';
import { toIso } from '../clock.js';
import { Collection, type Db } from '../db/collection.js';
import { emitEvent } from '../events/outbox.js';
import { ApiError, invalid, notFound } from '../http/errors.js';
import { sessions } from './checkout/store.js';
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
    employer: fields.employer ?? null,
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

/** A flat address as given (Flex's `shipping{line1…}`) as the customer keeps it, with its `fsh_` ID. */
function shippingOf(now: number, given: z.output<typeof Shipping> | null | undefined, current: Customer['shipping'] = null): Customer['shipping'] | undefined {
  if (given === undefined) return undefined;
  if (given === null) return null;
  return {
    shipping_address_id: current?.shipping_address_id ?? newId('shipping_address', now),
    line1: given.line1 ?? null,
    line2: given.line2 ?? null,
    city: given.city ?? null,
    state: given.state ?? null,
    postal_code: given.postal_code ?? null,
    country: given.country ?? null,
  };
}

/** Changes a customer (`PATCH /v1/customers/{id}`, as Flex documents; POST in the default profile too). */
async function update(c: Context<SandboxEnv>): Promise<Response> {
  const { customer: changes } = await parseBody(c, CustomerUpdateRequest);
  const current = await mustGet(c, customers, 'customer', c.req.param('id')!);
  if (changes.default_payment_method) {
    await usableDefault(c.var.db, current.customer_id, changes.default_payment_method, ['body', 'customer', 'default_payment_method']);
  }
  const { shipping, ...rest } = changes;
  const next: Customer = { ...current, ...rest };
  const address = shippingOf(c.var.now, shipping, current.shipping);
  if (address !== undefined) next.shipping = address;
  const customer = await updateCustomer(c.var.db, c.var.now, next);
  return c.json({ customer });
}

/**
 * `POST /v1/customers` with `checkout_session_id`: the session's shopper as a customer. What
 * the body leaves out comes from the details and the address given in that session.
 */
async function fromSession(c: Context<SandboxEnv>, id: string): Promise<Partial<Customer>> {
  const session = await sessions.get(c.var.db, id);
  if (!session) throw notFound(['body', 'customer', 'checkout_session_id'], 'checkout session', id);
  const details = session.customer_details ?? session.defaults;
  return {
    email: details.email ?? session.customer_email,
    first_name: details.first_name,
    last_name: details.last_name,
    phone: details.phone,
    ...(session.shipping_details ? { shipping: { ...session.shipping_details, shipping_address_id: newId('shipping_address', c.var.now) } } : {}),
  };
}

export const customerRoutes = new Hono<SandboxEnv>()
  .post('/', async (c) => {
    const { customer: input } = await parseBody(c, CustomerCreateRequest);
    const { checkout_session_id, shipping, ...given } = input;
    const base = checkout_session_id ? await fromSession(c, checkout_session_id) : {};
    const fields = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Partial<Customer>;
    const address = shippingOf(c.var.now, shipping);
    const merged: Partial<Customer> = { ...base, ...fields, ...(address !== undefined ? { shipping: address } : {}) };
    if (!merged.email) throw ApiError.one(422, ['body', 'customer', 'email'], 'Field required', 'missing');
    const customer = await createCustomer(c.var.db, c.var.now, merged);
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
