import type { Customer, CustomerCreateRequest, CustomerUpdateRequest, Letter } from '@flex-checkout/protocol';
import type { FlexShaped } from './flex-shaped.js';
import { listing, type Listing, type Page } from './lists.js';
import { objectPath, type Send, type WriteOptions } from './transport.js';

/** A customer as Flex documents it (`FlexShaped`): `client_reference_id` and `default_payment_method` are the sandbox's own. */
export type FlexCustomer = FlexShaped<
  Customer,
  'customer_id' | 'first_name' | 'last_name' | 'email' | 'phone' | 'employer' | 'shipping' | 'metadata' | 'created_at' | 'test_mode'
>;

/** `POST /v1/customers` fields: `email` is required. */
export type CustomerCreateParams = CustomerCreateRequest['customer'];
export type CustomerUpdateParams = CustomerUpdateRequest['customer'];
/** Filters of `GET /v1/customers`, as Flex names them. */
export interface CustomerListFilters {
  email?: string;
  /**
   * Your own ID for the customer. Flex's docs do not list this filter, and Flex's customer
   * object has no such field: the client also applies it to the answer, so against Flex it finds
   * nothing. Keep Flex's `customer_id` with your user instead (the sandbox has the field).
   */
  client_reference_id?: string;
}

/** `/v1/customers`: who paid, and the letters of medical necessity they hold. */
export interface CustomersResource extends Listing<FlexCustomer, CustomerListFilters> {
  /**
   * The fields Flex documents: names, `email`, `phone`, `employer`, `shipping`, `metadata` and
   * `checkout_session_id`. Keep the answer's `customer_id` with your user to find them again.
   *
   * @example `await client.customers.create({ email: 'sam@example.com', metadata: { user_id: user.id } })`
   */
  create(params: CustomerCreateParams, options?: WriteOptions): Promise<FlexCustomer>;
  retrieve(id: string): Promise<FlexCustomer>;
  /** `PATCH /v1/customers/{id}`. */
  update(id: string, params: CustomerUpdateParams, options?: WriteOptions): Promise<FlexCustomer>;
  /**
   * The customer's letters, valid and expired. **Sandbox extension**: Flex documents no
   * letter endpoint (its letters are shown in its dashboard); against Flex this throws
   * `NotFoundError`. A valid letter for a visit type is what lets
   * products of that visit type be charged off session.
   *
   * @example
   * ```ts
   * const { data } = await client.customers.letters(customerId);
   * const canCharge = data.some((l) => l.visit_type === 'gym' && l.status === 'valid');
   * ```
   */
  letters(customerId: string): Promise<Page<Letter>>;
}

export function customersResource(send: Send): CustomersResource {
  const base = '/v1/customers';
  return {
    // Flex documents `offset` and cursors on this list: `all()` pages by cursor (see `listing`).
    ...listing<FlexCustomer, CustomerListFilters>(send, base, 'customers', (c) => c.customer_id, {
      paging: 'cursor',
      clientFilters: { client_reference_id: (c, ref) => c.client_reference_id === ref },
    }),
    create: async (customer, options = {}) => (await send<{ customer: FlexCustomer }>('POST', base, { ...options, body: { customer } })).customer,
    retrieve: async (id) => (await send<{ customer: FlexCustomer }>('GET', objectPath(base, id))).customer,
    update: async (id, customer, options = {}) =>
      (await send<{ customer: FlexCustomer }>('PATCH', objectPath(base, id), { ...options, body: { customer } })).customer,
    letters: async (customerId) => {
      const answer = await send<{ letters: Letter[]; has_more: boolean }>('GET', `${objectPath(base, customerId)}/letters`);
      return { data: answer.letters, hasMore: answer.has_more };
    },
  };
}
