/**
 * Type-level tests, checked by `npm run typecheck` (part of `npm test`): the typed client's
 * types take what Flex documents, and do not promise what it does not. A `@ts-expect-error`
 * that stops erring fails the type-check.
 */
import type {
  CheckoutSessionCreateParams,
  FlexCheckoutSession,
  FlexClient,
  FlexCustomer,
  FlexInvoice,
  FlexPaymentIntent,
  FlexPrice,
  FlexProduct,
  FlexRefund,
  FlexSubscription,
} from '@flex-checkout/server';

// Flex's reimbursement guide names "a checkout session of type reimbursement".
export const reimbursement: CheckoutSessionCreateParams = { mode: 'reimbursement', line_items: [{ price: 'fprice_01', quantity: 1 }] };
// @ts-expect-error not a mode of Flex's or the sandbox's
export const notAMode: CheckoutSessionCreateParams = { mode: 'refund' };

// Flex's visit types are examples of a list its docs do not show whole, and a mode may be added.
export const isAcupuncture = (session: FlexCheckoutSession): boolean => session.visit_type === 'acupuncture' || session.mode === 'reimbursement';

// No documented price has a currency: code must not count on one.
// @ts-expect-error currency may be absent
export const currencyOf = (price: FlexPrice): string => price.currency;
export const currencyOrDollars = (price: FlexPrice): string => price.currency ?? 'usd';

// Flex documents no paging on captures, payouts and promo codes: an offset there is page 1 again.
export const firstCaptures = (client: FlexClient) => client.captures.list({ limit: 100 });
// @ts-expect-error no offset where Flex documents none
export const laterCaptures = (client: FlexClient) => client.captures.list({ offset: 100 });
// @ts-expect-error no cursor where Flex documents none
export const laterPromoCodes = (client: FlexClient) => client.promoCodes.list({ startingAfter: 'fpromo_01' });
export const laterProducts = (client: FlexClient) => client.products.list({ startingAfter: 'fprod_01', offset: 0 });

// A subscription as Flex documents it: its items name a price; what they cost is the sandbox's own.
export const firstItemId = (subscription: FlexSubscription): string => subscription.items[0]!.subscription_item_id;
// @ts-expect-error Flex documents no amount on a subscription
export const periodAmount = (subscription: FlexSubscription): number => subscription.amount;
// @ts-expect-error nor a name on its items
export const itemName = (subscription: FlexSubscription): string => subscription.items[0]!.name;

// Invoices, customers, payment intents, refunds: what Flex documents is there; the sandbox's own is optional.
export const invoicePaid = (invoice: FlexInvoice): number => invoice.amount_paid;
// @ts-expect-error Flex documents no lines on an invoice
export const invoiceLines = (invoice: FlexInvoice): unknown[] => invoice.lines;
// @ts-expect-error nor a client_reference_id on a customer
export const customerReference = (customer: FlexCustomer): string | null => customer.client_reference_id;
export const intentCustomer = (intent: FlexPaymentIntent): string | null => intent.customer;
// @ts-expect-error nor a checkout_session on a payment intent
export const intentSession = (intent: FlexPaymentIntent): string | null => intent.checkout_session;
// @ts-expect-error nor a checkout_session_id on a refund
export const refundSession = (refund: FlexRefund): string | null => refund.checkout_session_id;

// A product: its eligibility is documented; its categories and images are only in the create body, and its receipt text only on newer pages.
export const needsLetter = (product: FlexProduct): boolean => product.hsa_fsa_eligibility === 'letter_of_medical_necessity';
// @ts-expect-error Flex's answers are not shown to hold categories
export const productCategories = (product: FlexProduct): string[] => product.categories;
// @ts-expect-error receipt_description is on newer pages only
export const receiptText = (product: FlexProduct): string | null => product.receipt_description;
