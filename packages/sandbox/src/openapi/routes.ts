import * as P from '@flex-checkout/protocol';
import { z } from 'zod';
import { AuthenticateRequest } from '../resources/client/routes.js';
import { EventRetryRequest } from '../resources/events.js';
import { AdvanceTime } from '../resources/test-helpers.js';
import { DeliveryListParams } from '../resources/webhook-endpoints.js';
import { WebhookCreateRequest } from '../resources/webhooks.js';

/**
 * Every `/v1` route the sandbox serves, with the zod schemas that validate its request and
 * describe its answer (the same ones the handlers parse with), and its status: as Flex
 * documents it (`flex`), the sandbox's extension (`ext`, default profile only), or a test
 * control (`test`, both profiles). `GET /v1/openapi.json` is generated from this table
 * (document.ts); a test checks it against the routes the app really has.
 */
export type RouteStatus = 'flex' | 'ext' | 'test';

export interface RouteDoc {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  /** OpenAPI style: `/v1/products/{id}`. */
  path: string;
  status: RouteStatus;
  tag: string;
  summary: string;
  /** Where Flex's docs are silent and the sandbox follows Stripe's documented behaviour. */
  stripe?: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The 200 answer. */
  answer: z.ZodType;
  /** Which credential: the secret key (default), the publishable key, a session's client secret. */
  auth?: 'secret' | 'publishable' | 'client_secret';
}

const one = <K extends string>(key: K, schema: z.ZodType) => z.object({ [key]: schema });
/** A list page: `has_more` in the default profile only (Flex's lists carry none). */
const list = <K extends string>(key: K, schema: z.ZodType) =>
  z.object({ [key]: z.array(schema), has_more: z.boolean().optional().meta({ description: 'Default profile only; Flex sends none.' }) });
const Pagination = P.ListParams;
/** `true` or `false` in a query string. */
const Bool = z.enum(['true', 'false']).optional();
/** A number of days in a query string (Flex's `interval`). */
const Days = z.string().regex(/^\d+$/).optional();
const paged = (filters: z.ZodObject = z.object({}), limit = 10) => (limit === 10 ? Pagination : P.listParamsWithDefault(limit)).extend(filters.shape);

/** The session view a session answer carries, and a payment intent's. */
const Session = P.CheckoutSession;
const sessionAnswer = one('checkout_session', Session);
const clientAnswer = one('checkout_session', P.ClientSession);
const LineItemRead = z.object({
  line_item_id: z.string(),
  description: z.string(),
  quantity: z.int(),
  amount_subtotal: P.Amount,
  amount_discount: P.Amount,
  amount_tax: P.Amount,
  amount_shipping: P.Amount,
  amount_total: P.Amount,
  price: P.Price.nullable(),
  eligibility: P.HsaFsaEligibility,
  shipping_rate: z.string().nullable(),
});
const Webhook = z.object({ webhook_id: z.string(), url: z.string(), events: z.array(z.string()), secret: z.string(), created_at: z.string(), test_mode: z.boolean() });
const Clock = z.object({ test_clock: z.object({ now: P.UnixSeconds, now_iso: P.IsoTimestamp, ran: z.int().optional() }) });
const RetriedEvent = z.object({ event: P.FlexEvent.extend({ test_mode: z.boolean(), created_at: P.IsoTimestamp }) });

export const ROUTES: RouteDoc[] = [
  // Catalog
  { method: 'post', path: '/v1/products', status: 'flex', tag: 'Products', summary: 'Create a product', body: P.ProductCreateRequest, answer: one('product', P.Product) },
  { method: 'get', path: '/v1/products', status: 'flex', tag: 'Products', summary: 'List products (by `active`, `client_reference_id`, `metadata[key]=value`)', query: paged(P.ProductListFilters), answer: list('products', P.Product) },
  { method: 'get', path: '/v1/products/{id}', status: 'flex', tag: 'Products', summary: 'Retrieve a product', answer: one('product', P.Product) },
  { method: 'patch', path: '/v1/products/{id}', status: 'flex', tag: 'Products', summary: 'Update a product', body: P.ProductUpdateRequest, answer: one('product', P.Product) },
  { method: 'post', path: '/v1/products/{id}', status: 'ext', tag: 'Products', summary: 'Update a product (the same as PATCH)', body: P.ProductUpdateRequest, answer: one('product', P.Product) },
  { method: 'post', path: '/v1/prices', status: 'flex', tag: 'Prices', summary: 'Create a price', body: P.PriceCreateRequest, answer: one('price', P.Price) },
  { method: 'get', path: '/v1/prices', status: 'flex', tag: 'Prices', summary: 'List prices (by `product`)', query: paged(z.object({ product: z.string().optional(), active: Bool, expand_product: Bool })), answer: list('prices', P.Price) },
  { method: 'get', path: '/v1/prices/{id}', status: 'flex', tag: 'Prices', summary: 'Retrieve a price', answer: one('price', P.Price) },
  { method: 'post', path: '/v1/prices/{id}', status: 'flex', tag: 'Prices', summary: 'Update a price (`description`, `active`, `metadata`)', body: P.PriceUpdateRequest, answer: one('price', P.Price) },
  // Customers
  { method: 'post', path: '/v1/customers', status: 'flex', tag: 'Customers', summary: 'Create a customer (or from a session: `checkout_session_id`)', body: P.CustomerCreateRequest, answer: one('customer', P.Customer) },
  { method: 'get', path: '/v1/customers', status: 'flex', tag: 'Customers', summary: 'List customers (by `email`, `client_reference_id`)', query: paged(P.CustomerListFilters), answer: list('customers', P.Customer) },
  { method: 'get', path: '/v1/customers/{id}', status: 'flex', tag: 'Customers', summary: 'Retrieve a customer', answer: one('customer', P.Customer) },
  { method: 'patch', path: '/v1/customers/{id}', status: 'flex', tag: 'Customers', summary: 'Update a customer', stripe: '`default_payment_method`, as Stripe has it', body: P.CustomerUpdateRequest, answer: one('customer', P.Customer) },
  { method: 'post', path: '/v1/customers/{id}', status: 'ext', tag: 'Customers', summary: 'Update a customer (the same as PATCH)', body: P.CustomerUpdateRequest, answer: one('customer', P.Customer) },
  { method: 'get', path: '/v1/customers/{id}/payment_methods', status: 'flex', tag: 'Customers', summary: "List a customer's saved cards", query: paged(), answer: list('payment_methods', P.PaymentMethod) },
  { method: 'get', path: '/v1/customers/{id}/payment_methods/{pm}', status: 'flex', tag: 'Customers', summary: "Retrieve a customer's saved card", answer: one('payment_method', P.PaymentMethod) },
  { method: 'get', path: '/v1/customers/{id}/letters', status: 'ext', tag: 'Customers', summary: "A customer's letters of medical necessity", answer: list('letters', P.Letter) },
  // Checkout
  { method: 'post', path: '/v1/checkout/sessions', status: 'flex', tag: 'Checkout sessions', summary: 'Create a session (`payment`, `subscription`, `off_session`; `setup` as Stripe)', stripe: '`setup` mode; inline `shipping_options`; `discounts[].promotion_code`', body: P.CheckoutSessionCreateRequest, answer: sessionAnswer },
  { method: 'get', path: '/v1/checkout/sessions', status: 'flex', tag: 'Checkout sessions', summary: 'List sessions (by `customer`, `status`, `interval` in days)', query: paged(P.CheckoutSessionListFilters.extend({ interval: Days })), answer: list('checkout_sessions', Session) },
  { method: 'get', path: '/v1/checkout/sessions/{id}', status: 'flex', tag: 'Checkout sessions', summary: 'Retrieve a session', answer: sessionAnswer },
  { method: 'get', path: '/v1/checkout/sessions/{id}/line_items', status: 'flex', tag: 'Checkout sessions', summary: "A session's line items", answer: z.object({ line_items: z.array(LineItemRead) }) },
  { method: 'post', path: '/v1/checkout/sessions/{id}/refund', status: 'flex', tag: 'Checkout sessions', summary: 'Refund a completed session: whole (`{}`), by lines, or by amount', body: P.SessionRefundRequest, answer: z.object({ checkout_session: Session, refunds: z.array(P.Refund) }) },
  { method: 'post', path: '/v1/checkout/sessions/{id}/refund_allocation', status: 'flex', tag: 'Checkout sessions', summary: 'Preview how a refund splits across the cards', body: P.RefundAllocationRequest, answer: P.AllocationAnswer },
  { method: 'post', path: '/v1/checkout/sessions/{id}/capture', status: 'flex', tag: 'Checkout sessions', summary: 'Capture a manual-capture session (all, by lines, or an amount; `final_capture`)', stripe: 'partial and multiple captures, as Stripe\u2019s multicapture', body: P.SessionCaptureRequest, answer: z.object({ checkout_session: Session, capture: P.Capture }) },
  { method: 'post', path: '/v1/checkout/sessions/{id}/capture_allocation', status: 'flex', tag: 'Checkout sessions', summary: 'Preview how a capture splits across the cards', body: P.SessionCaptureRequest, answer: P.AllocationAnswer },
  { method: 'post', path: '/v1/checkout/sessions/{id}/reauth', status: 'flex', tag: 'Checkout sessions', summary: 'Authorize again (7 more days; a lapsed authorization is asked of the card again)', stripe: 'authorizations last 7 days, as Stripe\u2019s online card payments', body: P.SessionActionRequest, answer: sessionAnswer },
  { method: 'post', path: '/v1/checkout/sessions/{id}/cancel', status: 'flex', tag: 'Checkout sessions', summary: "Release what the session's authorization still holds", body: P.SessionActionRequest, answer: sessionAnswer },
  { method: 'post', path: '/v1/checkout/sessions/{id}/expire', status: 'ext', tag: 'Checkout sessions', summary: 'Expire an open session', stripe: 'Stripe\u2019s expire', answer: sessionAnswer },
  // Money
  { method: 'post', path: '/v1/refunds', status: 'flex', tag: 'Refunds', summary: 'Refund a payment intent (default: what is left)', body: P.RefundCreateRequest, answer: one('refund', P.Refund) },
  { method: 'get', path: '/v1/refunds', status: 'flex', tag: 'Refunds', summary: 'List refunds (by `status`, `payment_intent`, `checkout_session`; 20 a page)', query: paged(P.RefundListFilters, 20), answer: list('refunds', P.Refund) },
  { method: 'get', path: '/v1/refunds/{id}', status: 'flex', tag: 'Refunds', summary: 'Retrieve a refund', answer: one('refund', P.Refund) },
  { method: 'get', path: '/v1/captures', status: 'flex', tag: 'Captures', summary: 'List captures (by `checkout_session`)', query: paged(P.CaptureListFilters), answer: list('captures', P.Capture) },
  { method: 'get', path: '/v1/captures/{id}', status: 'flex', tag: 'Captures', summary: 'Retrieve a capture', answer: one('capture', P.Capture) },
  { method: 'patch', path: '/v1/captures/{id}', status: 'flex', tag: 'Captures', summary: "Update a capture's metadata", body: P.CaptureUpdateRequest, answer: one('capture', P.Capture) },
  { method: 'get', path: '/v1/disputes', status: 'flex', tag: 'Disputes', summary: 'List disputes (by `charge`, `payment_intent`, `statuses`; 20 a page)', query: paged(P.DisputeListFilters, 20), answer: list('disputes', P.Dispute) },
  { method: 'get', path: '/v1/disputes/{dispute_id}', status: 'flex', tag: 'Disputes', summary: 'Retrieve a dispute', answer: one('dispute', P.Dispute) },
  { method: 'post', path: '/v1/disputes/{dispute_id}', status: 'flex', tag: 'Disputes', summary: 'Save evidence, and `submit` it', stripe: 'evidence fields and the test words `winning_evidence` / `losing_evidence`', body: P.DisputeUpdateRequest, answer: one('dispute', P.Dispute) },
  { method: 'post', path: '/v1/disputes/{dispute_id}/close', status: 'flex', tag: 'Disputes', summary: 'Close (concede) a dispute', answer: one('dispute', P.Dispute) },
  { method: 'get', path: '/v1/balance_transactions', status: 'flex', tag: 'Balance', summary: 'List balance transactions (each with its fees)', stripe: 'the fee schedule (2.9% + 30\u00a2, 15.00 a dispute) and 2-day availability', query: paged(P.BalanceTransactionListFilters), answer: list('balance_transactions', P.BalanceTransaction) },
  { method: 'get', path: '/v1/balance_transactions/{id}', status: 'ext', tag: 'Balance', summary: 'Retrieve a balance transaction', answer: one('balance_transaction', P.BalanceTransaction) },
  { method: 'get', path: '/v1/payouts', status: 'flex', tag: 'Balance', summary: 'List payouts (by `payout_id`, `start_date`, `end_date`)', stripe: 'daily automatic payouts of the available balance', query: paged(P.PayoutListFilters), answer: list('payouts', P.Payout) },
  { method: 'get', path: '/v1/payouts/{id}', status: 'ext', tag: 'Balance', summary: 'Retrieve a payout', answer: one('payout', P.Payout) },
  { method: 'get', path: '/v1/payment_intents', status: 'flex', tag: 'Payments', summary: 'List payment intents (by `customer`, `checkout_session`, `interval` in days; `expand=customer`)', query: paged(z.object({ customer: z.string().optional(), checkout_session: z.string().optional(), interval: Days, expand: z.string().optional() })), answer: list('payment_intents', P.PaymentIntent) },
  { method: 'get', path: '/v1/payment_intents/{id}', status: 'flex', tag: 'Payments', summary: 'Retrieve a payment intent', answer: one('payment_intent', P.PaymentIntent) },
  { method: 'get', path: '/v1/payment_methods', status: 'ext', tag: 'Payments', summary: 'List saved cards (by `customer`)', query: paged(z.object({ customer: z.string().optional() })), answer: list('payment_methods', P.PaymentMethod) },
  { method: 'get', path: '/v1/payment_methods/{id}', status: 'ext', tag: 'Payments', summary: 'Retrieve a saved card', answer: one('payment_method', P.PaymentMethod) },
  { method: 'post', path: '/v1/payment_methods', status: 'ext', tag: 'Payments', summary: 'Refused (400): cards come from the card frame', answer: z.never() },
  { method: 'get', path: '/v1/setup_intents', status: 'ext', tag: 'Payments', summary: 'List card verifications', stripe: 'setup intents', query: paged(z.object({ customer: z.string().optional(), checkout_session: z.string().optional() })), answer: list('setup_intents', P.SetupIntent) },
  { method: 'get', path: '/v1/setup_intents/{id}', status: 'ext', tag: 'Payments', summary: 'Retrieve a card verification', answer: one('setup_intent', P.SetupIntent) },
  // Pricing
  { method: 'post', path: '/v1/coupons', status: 'flex', tag: 'Coupons and promo codes', summary: 'Create a coupon', body: P.CouponCreateRequest, answer: one('coupon', P.Coupon) },
  { method: 'get', path: '/v1/coupons/{id}', status: 'flex', tag: 'Coupons and promo codes', summary: 'Retrieve a coupon', answer: one('coupon', P.Coupon) },
  { method: 'get', path: '/v1/coupons', status: 'ext', tag: 'Coupons and promo codes', summary: 'List coupons', query: paged(), answer: list('coupons', P.Coupon) },
  { method: 'post', path: '/v1/promo_codes', status: 'flex', tag: 'Coupons and promo codes', summary: 'Create a promo code', body: P.PromoCodeCreateRequest, answer: one('promo_code', P.PromoCode) },
  { method: 'get', path: '/v1/promo_codes', status: 'flex', tag: 'Coupons and promo codes', summary: 'List promo codes (by `active`, `code`, `coupon`)', query: paged(P.PromoCodeListFilters), answer: list('promo_codes', P.PromoCode) },
  { method: 'post', path: '/v1/promo_codes/{id}', status: 'flex', tag: 'Coupons and promo codes', summary: 'Update a promo code (`active`, `metadata`)', body: P.PromoCodeUpdateRequest, answer: one('promo_code', P.PromoCode) },
  { method: 'get', path: '/v1/promo_codes/{id}', status: 'ext', tag: 'Coupons and promo codes', summary: 'Retrieve a promo code', answer: one('promo_code', P.PromoCode) },
  { method: 'post', path: '/v1/shipping_rates', status: 'flex', tag: 'Shipping rates', summary: 'Create a fixed shipping rate', body: P.ShippingRateCreateRequest, answer: one('shipping_rate', P.ShippingRate) },
  { method: 'put', path: '/v1/shipping_rates/{id}', status: 'flex', tag: 'Shipping rates', summary: 'Update a shipping rate (`active`, `metadata`)', body: P.ShippingRateUpdateRequest, answer: one('shipping_rate', P.ShippingRate) },
  { method: 'get', path: '/v1/shipping_rates', status: 'ext', tag: 'Shipping rates', summary: 'List shipping rates', query: paged(), answer: list('shipping_rates', P.ShippingRate) },
  { method: 'get', path: '/v1/shipping_rates/{id}', status: 'ext', tag: 'Shipping rates', summary: 'Retrieve a shipping rate', answer: one('shipping_rate', P.ShippingRate) },
  // Billing
  { method: 'post', path: '/v1/subscriptions', status: 'flex', tag: 'Subscriptions', summary: 'Create a subscription for an existing customer (charged off session)', stripe: '`incomplete` for 23 hours when the first charge fails, then `incomplete_expired`', body: P.SubscriptionCreateRequest, answer: one('subscription', P.Subscription) },
  { method: 'get', path: '/v1/subscriptions', status: 'flex', tag: 'Subscriptions', summary: 'List subscriptions (by `customer`, `status`; `expand_customer`)', query: paged(P.SubscriptionListFilters.extend({ expand_customer: Bool, expand: z.string().optional() })), answer: list('subscriptions', P.Subscription) },
  { method: 'get', path: '/v1/subscriptions/{id}', status: 'flex', tag: 'Subscriptions', summary: 'Retrieve a subscription', answer: one('subscription', P.Subscription) },
  { method: 'patch', path: '/v1/subscriptions/{id}', status: 'flex', tag: 'Subscriptions', summary: 'Update a subscription', body: P.SubscriptionUpdateRequest, answer: one('subscription', P.Subscription) },
  { method: 'delete', path: '/v1/subscriptions/{id}', status: 'flex', tag: 'Subscriptions', summary: 'Cancel a subscription (now, or at period end; optional refund)', body: P.SubscriptionCancelRequest, answer: one('subscription', P.Subscription) },
  { method: 'post', path: '/v1/subscriptions/{id}', status: 'ext', tag: 'Subscriptions', summary: 'Update a subscription (the same as PATCH)', body: P.SubscriptionUpdateRequest, answer: one('subscription', P.Subscription) },
  { method: 'post', path: '/v1/subscriptions/{id}/cancel', status: 'ext', tag: 'Subscriptions', summary: 'Cancel a subscription (the same as DELETE)', body: P.SubscriptionCancelRequest, answer: one('subscription', P.Subscription) },
  { method: 'get', path: '/v1/invoices', status: 'flex', tag: 'Invoices', summary: 'List invoices (by `customer`, `subscription`, `status`; 20 a page)', query: paged(P.InvoiceListFilters, 20), answer: list('invoices', P.Invoice) },
  { method: 'get', path: '/v1/invoices/{id}', status: 'flex', tag: 'Invoices', summary: 'Retrieve an invoice', answer: one('invoice', P.Invoice) },
  { method: 'post', path: '/v1/invoices/{id}/pay', status: 'ext', tag: 'Invoices', summary: 'Collect an open invoice now', stripe: 'Stripe\u2019s pay', body: P.InvoicePayRequest, answer: one('invoice', P.Invoice) },
  // Events and webhooks
  { method: 'post', path: '/v1/webhooks', status: 'flex', tag: 'Webhooks', summary: 'Register a webhook (the `fwhsec_` secret is in this answer only)', body: WebhookCreateRequest, answer: one('webhook', Webhook) },
  { method: 'post', path: '/v1/events/{id}/retry', status: 'flex', tag: 'Webhooks', summary: 'Send an event again (to one webhook, or every one subscribed)', body: EventRetryRequest, answer: RetriedEvent },
  { method: 'get', path: '/v1/events', status: 'ext', tag: 'Webhooks', summary: 'List events (by `type`)', query: paged(P.EventListFilters), answer: list('events', P.FlexEvent) },
  { method: 'get', path: '/v1/events/{id}', status: 'ext', tag: 'Webhooks', summary: 'Retrieve an event', answer: one('event', P.FlexEvent) },
  { method: 'post', path: '/v1/webhook_endpoints', status: 'ext', tag: 'Webhooks', summary: 'Create a webhook endpoint (`whsec_` secret)', body: P.WebhookEndpointCreateRequest, answer: one('webhook_endpoint', P.WebhookEndpoint) },
  { method: 'get', path: '/v1/webhook_endpoints', status: 'ext', tag: 'Webhooks', summary: 'List webhook endpoints', query: paged(), answer: list('webhook_endpoints', P.WebhookEndpoint) },
  { method: 'get', path: '/v1/webhook_endpoints/{id}', status: 'ext', tag: 'Webhooks', summary: 'Retrieve a webhook endpoint', answer: one('webhook_endpoint', P.WebhookEndpoint) },
  { method: 'get', path: '/v1/webhook_endpoints/{id}/deliveries', status: 'ext', tag: 'Webhooks', summary: "An endpoint's deliveries and their attempts", query: DeliveryListParams, answer: z.object({ deliveries: z.array(P.WebhookDelivery), has_more: z.boolean() }) },
  { method: 'delete', path: '/v1/webhook_endpoints/{id}', status: 'ext', tag: 'Webhooks', summary: 'Delete a webhook endpoint', answer: z.object({ webhook_endpoint: P.WebhookEndpoint, deleted: z.literal(true) }) },
  // Consultations
  { method: 'get', path: '/v1/consultations', status: 'ext', tag: 'Consultations', summary: 'List consultation decisions', query: paged(z.object({ customer: z.string().optional(), checkout_session: z.string().optional() })), answer: list('consultations', P.Consultation) },
  { method: 'get', path: '/v1/consultations/{id}', status: 'ext', tag: 'Consultations', summary: 'Retrieve a consultation decision', answer: one('consultation', P.Consultation) },
  { method: 'get', path: '/v1/questionnaires/{visitType}', status: 'ext', tag: 'Consultations', summary: 'A questionnaire, as data (English or Spanish by Accept-Language)', answer: one('questionnaire', P.Questionnaire) },
  // The browser API (default profile)
  { method: 'post', path: '/v1/confirmation_tokens', status: 'ext', tag: 'Browser API', summary: "The card frame's token", auth: 'publishable', body: P.ConfirmationTokenCreateRequest, answer: one('confirmation_token', P.ConfirmationToken) },
  { method: 'post', path: '/v1/client/next_action/authenticate', status: 'ext', tag: 'Browser API', summary: "The 3-D Secure test page's result", auth: 'publishable', body: AuthenticateRequest, answer: z.object({ intent: z.object({ object: z.enum(['payment_intent', 'setup_intent']), id: z.string(), status: z.string() }).loose() }) },
  { method: 'get', path: '/v1/client/checkout_sessions/{id}', status: 'ext', tag: 'Browser API', summary: "The browser's view of a session", auth: 'client_secret', answer: clientAnswer },
  { method: 'get', path: '/v1/client/checkout_sessions/{id}/questionnaire', status: 'ext', tag: 'Browser API', summary: "The session's questionnaire", auth: 'client_secret', answer: P.WidgetAnswers.questionnaire },
  { method: 'post', path: '/v1/client/checkout_sessions/{id}/consultation', status: 'ext', tag: 'Browser API', summary: 'Submit the answers (once)', auth: 'client_secret', body: P.ConsultationSubmitRequest, answer: P.WidgetAnswers.consultation },
  { method: 'post', path: '/v1/client/checkout_sessions/{id}/customer_details', status: 'ext', tag: 'Browser API', summary: "The shopper's contact details", auth: 'client_secret', body: P.CustomerDetailsRequest, answer: clientAnswer },
  { method: 'post', path: '/v1/client/checkout_sessions/{id}/shipping_details', status: 'ext', tag: 'Browser API', summary: 'The shipping address, when the session collects one', auth: 'client_secret', body: P.ShippingAddressInput, answer: clientAnswer },
  { method: 'post', path: '/v1/client/checkout_sessions/{id}/promotion_code', status: 'ext', tag: 'Browser API', summary: 'Apply a promo code (`null` removes it)', auth: 'client_secret', body: P.PromotionCodeRequest, answer: clientAnswer },
  { method: 'post', path: '/v1/client/checkout_sessions/{id}/confirm', status: 'ext', tag: 'Browser API', summary: 'Pay (or authorize, for manual capture) with a confirmation token', auth: 'client_secret', body: P.ConfirmRequest, answer: P.ConfirmResult },
  // Test controls
  { method: 'get', path: '/v1/test_helpers/clock', status: 'test', tag: 'Test helpers', summary: "The sandbox clock's time", answer: Clock },
  { method: 'post', path: '/v1/test_helpers/advance_time', status: 'test', tag: 'Test helpers', summary: 'Move the clock forward, running what falls due', body: AdvanceTime, answer: Clock },
  { method: 'post', path: '/v1/test_helpers/consultations/{id}/resolve', status: 'test', tag: 'Test helpers', summary: 'Decide a pending consultation', body: P.ConsultationResolveRequest, answer: one('consultation', P.Consultation) },
  { method: 'post', path: '/v1/test_helpers/disputes', status: 'test', tag: 'Test helpers', summary: 'The cardholder disputes a charge', body: P.DisputeOpenRequest, answer: one('dispute', P.Dispute) },
  { method: 'get', path: '/v1/openapi.json', status: 'test', tag: 'Test helpers', summary: 'This document (no key needed)', answer: z.object({ openapi: z.string() }).loose() },
];
