import type { PaymentIntent, PaymentMethod } from '@flex-checkout/protocol';
import { listing, type Listing, type ListParams, type Page } from './lists.js';
import { objectPath, type Send } from './transport.js';

/**
 * A customer's saved cards (never their numbers), where Flex documents them:
 * `GET /v1/customers/{id}/payment_methods[/{payment_method_id}]`.
 */
export interface PaymentMethodsResource {
  /**
   * @example Find the card to charge off session:
   * ```ts
   * const { data } = await client.paymentMethods.list({ customer: customerId });
   * const card = data.find((pm) => pm.off_session);
   * ```
   */
  list(params: ListParams & { customer: string }): Promise<Page<PaymentMethod>>;
  /** @example `for await (const pm of client.paymentMethods.all({ customer: customerId })) …` */
  all(params: { limit?: number; customer: string }): AsyncIterableIterator<PaymentMethod>;
  /** @example `const card = await client.paymentMethods.retrieve(customerId, 'fpm_…')` */
  retrieve(customerId: string, paymentMethodId: string): Promise<PaymentMethod>;
}

/** `/v1/payment_intents`: every charge, read only. Filter by `customer` or `checkout_session`. */
export interface PaymentIntentsResource extends Listing<PaymentIntent, { customer?: string; checkout_session?: string }> {
  retrieve(id: string): Promise<PaymentIntent>;
}

export function paymentMethodsResource(send: Send): PaymentMethodsResource {
  const of = (customer: string) => `${objectPath('/v1/customers', customer)}/payment_methods`;
  // Flex documents `offset` (no cursor) on this list.
  const cards = (customer: string) => listing<PaymentMethod, object>(send, of(customer), 'payment_methods', (pm) => pm.payment_method_id, { paging: 'offset' });
  return {
    list: ({ customer, ...params }) => cards(customer).list(params),
    all: ({ customer, ...params }) => cards(customer).all(params),
    retrieve: async (customerId, paymentMethodId) =>
      (await send<{ payment_method: PaymentMethod }>('GET', objectPath(of(customerId), paymentMethodId))).payment_method,
  };
}

export function paymentIntentsResource(send: Send): PaymentIntentsResource {
  const base = '/v1/payment_intents';
  return {
    // Flex documents cursors (no `offset`) on this list.
    ...listing<PaymentIntent, { customer?: string; checkout_session?: string }>(send, base, 'payment_intents', (pi) => pi.payment_intent_id, {
      paging: 'cursor',
    }),
    retrieve: async (id) => (await send<{ payment_intent: PaymentIntent }>('GET', objectPath(base, id))).payment_intent,
  };
}
