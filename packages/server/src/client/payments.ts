import type { PaymentIntent, PaymentMethod } from '@flex-checkout/protocol';
import { listing, type Listing, type ListParams, type Page } from './lists.js';
import { objectPath, type Send } from './transport.js';

/** `/v1/payment_methods`: a customer's saved cards (never their numbers). */
export interface PaymentMethodsResource extends Listing<PaymentMethod, { customer: string }> {
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
  retrieve(id: string): Promise<PaymentMethod>;
}

/** `/v1/payment_intents`: every charge, read only. Filter by `customer` or `checkout_session`. */
export interface PaymentIntentsResource extends Listing<PaymentIntent, { customer?: string; checkout_session?: string }> {
  retrieve(id: string): Promise<PaymentIntent>;
}

export function paymentMethodsResource(send: Send): PaymentMethodsResource {
  const base = '/v1/payment_methods';
  return {
    ...listing<PaymentMethod, { customer: string }>(send, base, 'payment_methods', (pm) => pm.payment_method_id),
    retrieve: async (id) => (await send<{ payment_method: PaymentMethod }>('GET', objectPath(base, id))).payment_method,
  };
}

export function paymentIntentsResource(send: Send): PaymentIntentsResource {
  const base = '/v1/payment_intents';
  return {
    ...listing<PaymentIntent, { customer?: string; checkout_session?: string }>(send, base, 'payment_intents', (pi) => pi.payment_intent_id),
    retrieve: async (id) => (await send<{ payment_intent: PaymentIntent }>('GET', objectPath(base, id))).payment_intent,
  };
}
