/**
 * The typed client for the merchant's own server-side calls to Flex (or the sandbox):
 * catalog, customers, checkout sessions in every mode, saved cards, charges, consultations,
 * and off-session charges. Every failure is a `FlexError` subclass carrying the upstream's
 * whole `detail` list.
 *
 * @example
 * ```ts
 * import { createFlexCheckout, LetterRequiredError } from '@flex-checkout/server';
 * const { client } = await createFlexCheckout({ apiKey: process.env.FLEX_API_KEY, apiBase: 'https://api.withflex.com' });
 * const product = await client.products.create({ name: 'Gym membership', hsa_fsa_eligibility: 'letter_of_medical_necessity', visit_type: 'gym' });
 * const price = await client.prices.create({ product: product.product_id, unit_amount: 4999 });
 * const session = await client.checkoutSessions.create({ line_items: [{ price: price.price_id }], setup_future_use: 'off_session' });
 * ```
 */
import type { Logger } from '../log.js';
import type { Upstream } from '../upstream.js';
import { pricesResource, productsResource, type PricesResource, type ProductsResource } from './catalog.js';
import { invoicesResource, subscriptionsResource, type InvoicesResource, type SubscriptionsResource } from './billing.js';
import { checkoutSessionsResource, type CheckoutSessionsResource } from './checkout-sessions.js';
import {
  eventsResource,
  webhookEndpointsResource,
  webhooksResource,
  type EventsResource,
  type WebhookEndpointsResource,
  type WebhooksResource,
} from './events.js';
import type { SessionBinder } from '../checkout/binder.js';
import { consultationsResource, type ConsultationsResource } from './consultations.js';
import { customersResource, type CustomersResource } from './customers.js';
import { offSessionResource, type OffSessionResource } from './off-session.js';
import { paymentIntentsResource, paymentMethodsResource, type PaymentIntentsResource, type PaymentMethodsResource } from './payments.js';
import {
  balanceTransactionsResource,
  capturesResource,
  disputesResource,
  payoutsResource,
  refundsResource,
  type BalanceTransactionsResource,
  type CapturesResource,
  type DisputesResource,
  type PayoutsResource,
  type RefundsResource,
} from './money.js';
import {
  couponsResource,
  promoCodesResource,
  shippingRatesResource,
  type CouponsResource,
  type PromoCodesResource,
  type ShippingRatesResource,
} from './pricing.js';
import { createTransport } from './transport.js';

export * from './errors.js';
export type { LimitOnly, ListParams, Listing, Page } from './lists.js';
export type { WriteOptions } from './transport.js';
export type {
  ProductCreateParams,
  ProductUpdateParams,
  PriceCreateParams,
  PriceUpdateParams,
  ProductsResource,
  PricesResource,
  FlexPrice,
  FlexProduct,
} from './catalog.js';
export type { CustomerCreateParams, CustomerUpdateParams, CustomerListFilters, CustomersResource, FlexCustomer } from './customers.js';
export type { FlexShaped } from './flex-shaped.js';
export type {
  CheckoutSessionCreateParams,
  CheckoutSessionListFilters,
  CheckoutSessionsResource,
  CheckoutLineItemRead,
  FlexCheckoutMode,
  FlexCheckoutSession,
  LineItemParams,
} from './checkout-sessions.js';
export type { OffSessionChargeParams, OffSessionResource } from './off-session.js';
export type { FlexPaymentIntent, FlexPaymentMethod, PaymentIntentsResource, PaymentMethodsResource } from './payments.js';
export type { ConsultationsResource } from './consultations.js';
export type {
  InvoiceListFilters,
  InvoicesResource,
  FlexInvoice,
  FlexSubscription,
  FlexSubscriptionItem,
  SubscriptionCancelParams,
  SubscriptionCreateParams,
  SubscriptionListFilters,
  SubscriptionUpdateParams,
  SubscriptionsResource,
} from './billing.js';
export type {
  BalanceTransactionListFilters,
  BalanceTransactionsResource,
  CaptureUpdateParams,
  CapturesResource,
  DisputeListFilters,
  DisputeUpdateParams,
  DisputesResource,
  FlexCapture,
  FlexDispute,
  FlexRefund,
  PayoutListFilters,
  PayoutsResource,
  RefundAllocationParams,
  RefundCreateParams,
  RefundListFilters,
  RefundsResource,
  SessionCaptureParams,
  SessionMoney,
  SessionRefundParams,
} from './money.js';
export type {
  CouponCreateParams,
  CouponsResource,
  PromoCodeCreateParams,
  PromoCodeUpdateParams,
  PromoCodesResource,
  ShippingRateCreateParams,
  ShippingRateUpdateParams,
  ShippingRatesResource,
} from './pricing.js';
export type {
  CreatedWebhook,
  CreatedWebhookEndpoint,
  EventsResource,
  RetriedEvent,
  WebhookCreateParams,
  WebhookEndpointCreateParams,
  WebhookEndpointsResource,
  WebhooksResource,
} from './events.js';

export interface FlexClientOptions {
  /** Where calls go: `httpUpstream('https://api.withflex.com')`, or the embedded sandbox. */
  upstream: Upstream;
  /** The secret key (`fsk_…`), sent as `Authorization: Bearer …`. */
  apiKey: string;
  /**
   * Retries of a call that may safely repeat after a network failure or a 5xx: a read, or a
   * write with an Idempotency-Key to an upstream whose answers say it honours keys (the
   * sandbox's `flex-sandbox-extensions: …, idempotency`). Flex's docs describe no keys, so
   * against Flex a write is sent once and never retried. Default 2.
   */
  maxNetworkRetries?: number;
  /** Milliseconds before the first retry, doubled for each next one. Default 250. */
  retryDelayMs?: number;
  /**
   * Where a call that could not reach the upstream is logged, at `warn`, once after its
   * retries: the upstream's origin, the method and path, the attempts and the network's
   * reason (`ECONNREFUSED`, `ENOTFOUND`…). The error thrown says none of it. `createFlexCheckout`
   * passes its own logger; a client built alone logs nothing unless given one.
   */
  logger?: Logger;
  /**
   * Set by `createFlexCheckout`: gives each session the client secret the page needs in either
   * checkout (see SessionBinder). A client built alone passes sessions through as they come.
   */
  sessions?: SessionBinder;
}

/** Every resource of the API the merchant's backend uses. */
export interface FlexClient {
  products: ProductsResource;
  prices: PricesResource;
  customers: CustomersResource;
  checkoutSessions: CheckoutSessionsResource;
  paymentMethods: PaymentMethodsResource;
  paymentIntents: PaymentIntentsResource;
  consultations: ConsultationsResource;
  offSession: OffSessionResource;
  subscriptions: SubscriptionsResource;
  invoices: InvoicesResource;
  refunds: RefundsResource;
  captures: CapturesResource;
  disputes: DisputesResource;
  balanceTransactions: BalanceTransactionsResource;
  payouts: PayoutsResource;
  coupons: CouponsResource;
  promoCodes: PromoCodesResource;
  shippingRates: ShippingRatesResource;
  /** `POST /v1/webhooks`, as Flex documents it. */
  webhooks: WebhooksResource;
  webhookEndpoints: WebhookEndpointsResource;
  events: EventsResource;
}

/**
 * A client on one upstream with one secret key. `createFlexCheckout` builds one for you
 * (`flex.client`); build your own for scripts and jobs.
 *
 * @example
 * ```ts
 * import { createFlexClient, httpUpstream, NotFoundError } from '@flex-checkout/server';
 * const client = createFlexClient({ upstream: httpUpstream('https://api.withflex.com'), apiKey: process.env.FLEX_API_KEY! });
 * for await (const customer of client.customers.all({ email: 'sam@example.com' })) console.log(customer.customer_id);
 * ```
 */
export function createFlexClient(options: FlexClientOptions): FlexClient {
  const send = createTransport({
    upstream: options.upstream,
    apiKey: options.apiKey,
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    retryDelayMs: options.retryDelayMs ?? 250,
    logger: options.logger,
  });
  const checkoutSessions = checkoutSessionsResource(send, options.sessions);
  const paymentIntents = paymentIntentsResource(send);
  return {
    products: productsResource(send),
    prices: pricesResource(send),
    customers: customersResource(send),
    checkoutSessions,
    paymentMethods: paymentMethodsResource(send),
    paymentIntents,
    consultations: consultationsResource(send),
    offSession: offSessionResource(checkoutSessions, paymentIntents),
    subscriptions: subscriptionsResource(send),
    invoices: invoicesResource(send),
    refunds: refundsResource(send),
    captures: capturesResource(send),
    disputes: disputesResource(send),
    balanceTransactions: balanceTransactionsResource(send),
    payouts: payoutsResource(send),
    coupons: couponsResource(send),
    promoCodes: promoCodesResource(send),
    shippingRates: shippingRatesResource(send),
    webhooks: webhooksResource(send),
    webhookEndpoints: webhookEndpointsResource(send),
    events: eventsResource(send),
  };
}
