import type { PaymentIntent, PaymentMethod } from '@flex-checkout/protocol';
import type { FlexShaped } from './flex-shaped.js';
import { listing, type Listing, type ListParams, type Page } from './lists.js';
import { objectPath, type Send } from './transport.js';

/** A payment intent as Flex documents it (`FlexShaped`): `currency`, `checkout_session`, `setup_future_use`, `off_session`, `next_action` and the rest are the sandbox's own. */
export type FlexPaymentIntent = FlexShaped<
  PaymentIntent,
  | 'payment_intent_id'
  | 'amount'
  | 'amount_capturable'
  | 'amount_received'
  | 'customer'
  | 'status'
  | 'latest_charge'
  | 'created_at'
  | 'invoice'
  | 'capture_method'
  | 'client_secret'
  | 'metadata'
  | 'payment_method'
  | 'test_mode'
  | 'last_payment_error'
>;
/** A card as Flex documents it (`FlexShaped`): `type` is the sandbox's own. */
export type FlexPaymentMethod = FlexShaped<
  PaymentMethod,
  'payment_method_id' | 'billing_details' | 'customer' | 'metadata' | 'card' | 'created_at' | 'test_mode' | 'off_session'
>;

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
  list(params: ListParams & { customer: string }): Promise<Page<FlexPaymentMethod>>;
  /** @example `for await (const pm of client.paymentMethods.all({ customer: customerId })) …` */
  all(params: { limit?: number; customer: string }): AsyncIterableIterator<FlexPaymentMethod>;
  /** @example `const card = await client.paymentMethods.retrieve(customerId, 'fpm_…')` */
  retrieve(customerId: string, paymentMethodId: string): Promise<FlexPaymentMethod>;
}

/** `/v1/payment_intents`: every charge, read only. Filter by `customer` or `checkout_session`. */
export interface PaymentIntentsResource extends Listing<FlexPaymentIntent, { customer?: string; checkout_session?: string }> {
  retrieve(id: string): Promise<FlexPaymentIntent>;
}

export function paymentMethodsResource(send: Send): PaymentMethodsResource {
  const of = (customer: string) => `${objectPath('/v1/customers', customer)}/payment_methods`;
  // Flex documents `offset` (no cursor) on this list.
  const cards = (customer: string) =>
    listing<FlexPaymentMethod, object>(send, of(customer), 'payment_methods', (pm) => pm.payment_method_id, { paging: 'offset' });
  return {
    list: ({ customer, ...params }) => cards(customer).list(params),
    all: ({ customer, ...params }) => cards(customer).all(params),
    retrieve: async (customerId, paymentMethodId) =>
      (await send<{ payment_method: FlexPaymentMethod }>('GET', objectPath(of(customerId), paymentMethodId))).payment_method,
  };
}

export function paymentIntentsResource(send: Send): PaymentIntentsResource {
  const base = '/v1/payment_intents';
  return {
    // Flex documents cursors (no `offset`) on this list.
    ...listing<FlexPaymentIntent, { customer?: string; checkout_session?: string }>(send, base, 'payment_intents', (pi) => pi.payment_intent_id, {
      paging: 'cursor',
    }),
    retrieve: async (id) => (await send<{ payment_intent: FlexPaymentIntent }>('GET', objectPath(base, id))).payment_intent,
  };
}
