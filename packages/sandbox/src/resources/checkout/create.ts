import { Amount, type CheckoutLineItem, type CheckoutSession, type CheckoutSessionCreateRequest, type Customer } from '@flex-checkout/protocol';
import type { StoredInvoice, StoredSubscription } from '../../billing/shapes.js';
import type { z } from 'zod';
import { toUnixSeconds } from '../../clock.js';
import type { Db } from '../../db/collection.js';
import { conflict, invalid, notFound } from '../../http/errors.js';
import { newId, secretToken } from '../../ids.js';
import { invoices, subscriptions } from '../../billing/store.js';
import { customers } from '../customers.js';
import { resolveLineItems } from './line-items.js';
import { priceNewSession } from '../../pricing/session.js';
import { shippingDetailsOf } from '../../pricing/shipping.js';
import type { SandboxProfile } from '../../profile.js';
import { hostedPageUrl } from '../../hosted/urls.js';

type CreateInput = z.output<typeof CheckoutSessionCreateRequest>['checkout_session'];

const LOC = ['body', 'checkout_session'];
export const DEFAULT_SESSION_LIFETIME_S = 60 * 60;
const MIN_LIFETIME_S = 30 * 60;
const MAX_LIFETIME_S = 24 * 60 * 60;
/** The largest amount the protocol's Amount takes (99,999,999 minor units). */
const MAX_AMOUNT = Amount.maxValue ?? Number.MAX_SAFE_INTEGER;

/**
 * Builds a checkout session from a create request: resolves and prices the line items,
 * applies Flex's rules per mode, and refuses what Flex refuses (mixed visit types, a zero
 * amount, recurring prices outside subscription mode…), each with the field it is about.
 */
export interface BuildContext {
  /** The origin the hosted page is reached at, for `redirect_url`. */
  publicUrl: string;
  /** The flex profile gives no client secret: Flex's sessions have none. */
  profile: SandboxProfile;
}

export async function buildSession(db: Db, now: number, input: CreateInput, ctx: BuildContext): Promise<CheckoutSession> {
  const nowS = toUnixSeconds(now);
  const expiresAt = input.expires_at ?? nowS + DEFAULT_SESSION_LIFETIME_S;
  if (expiresAt < nowS + MIN_LIFETIME_S || expiresAt > nowS + MAX_LIFETIME_S) {
    throw invalid([...LOC, 'expires_at'], 'expires_at must be between 30 minutes and 24 hours from now (Unix seconds)');
  }

  let customer: Customer | undefined;
  if (input.customer) {
    customer = await customers.get(db, input.customer);
    if (!customer) throw notFound([...LOC, 'customer'], 'customer', input.customer);
  }
  const target = await billingTarget(db, input, customer);
  customer ??= target.customer;

  const requested = input.line_items ?? [];
  if (input.mode === 'setup' && requested.length > 0) {
    throw invalid([...LOC, 'line_items'], 'A setup session saves a card and charges nothing: leave out line_items');
  }
  if (target.invoice && requested.length > 0) {
    throw invalid([...LOC, 'line_items'], "An invoice session pays the invoice's own lines: leave out line_items");
  }
  if (input.mode !== 'setup' && !target.invoice && requested.length === 0) {
    throw invalid([...LOC, 'line_items'], `A ${input.mode} session needs at least one line item`);
  }
  let paymentMethod = input.payment_method ?? null;
  if (input.mode === 'off_session') {
    if (!input.customer) throw invalid([...LOC, 'customer'], 'An off_session session needs the customer whose saved card to charge');
    // Without a card named, the customer's default payment method is charged.
    paymentMethod ??= customer!.default_payment_method;
    if (!paymentMethod) {
      throw invalid(
        [...LOC, 'payment_method'],
        "An off_session session needs the customer's off-session payment_method (this customer has no default payment method)",
      );
    }
  }

  if (input.capture_method === 'manual' && input.mode !== 'payment' && input.mode !== 'off_session') {
    throw invalid(
      [...LOC, 'capture_method'],
      `A ${input.mode} session cannot be captured manually (Stripe allows capture_method "manual" only for one-time payments)`,
    );
  }
  if (input.subscription_data && input.mode !== 'subscription') {
    throw invalid([...LOC, 'subscription_data'], 'Only a subscription session takes subscription_data');
  }
  const resolved = target.invoice
    ? target.invoice.lines.map(({ period: _period, ...line }) => line)
    : await resolveLineItems(db, now, requested, [...LOC, 'line_items']);
  // subscription_data.trial_period_days is the session's trial: its recurring lines carry it,
  // so what is due now, the summary's trial words and the subscription all follow (as Stripe).
  const trial = input.subscription_data?.trial_period_days;
  const baseLines = trial === undefined ? resolved : resolved.map((l) => (l.recurring ? { ...l, recurring: { ...l.recurring, trial_period_days: trial } } : l));
  // Discounts, shipping and tax, priced once here (pricing/): what the shopper sees and pays.
  const pricing = await priceNewSession(db, now, input, baseLines, customer?.customer_id ?? input.customer ?? null);
  const lines = pricing.totals.lines;
  // An invoice's lines were checked when its subscription began; they renew as they are.
  if (!target.invoice) checkModeAgainstPrices(input.mode, lines);
  const visitType = sessionVisitType(lines);
  const currency = lines[0]?.currency ?? 'usd';
  if (lines.some((l) => l.currency !== currency)) {
    throw invalid([...LOC, 'line_items'], 'All line items must be in one currency');
  }
  const amount = target.invoice ? target.invoice.amount_remaining : pricing.totals.amount_total;
  // A discount may bring the total to nothing (then the card is only saved, as Stripe does).
  if (input.mode !== 'setup' && amount <= 0 && pricing.discounts.length === 0) {
    throw invalid([...LOC, 'line_items'], 'The session total must be greater than zero');
  }
  if (input.mode === 'off_session' && amount <= 0) {
    throw invalid([...LOC, 'discounts'], 'An off_session session charges a card: its total after discounts must be greater than zero');
  }
  // Every amount the API answers is an Amount; a total past its maximum could never be charged.
  if (amount > MAX_AMOUNT) {
    throw invalid([...LOC, 'line_items'], `The session total must be at most ${MAX_AMOUNT} (in the currency's minor unit)`);
  }

  const collection = input.shipping_address_collection ?? false;
  if (collection !== false && input.mode === 'setup') {
    throw invalid([...LOC, 'shipping_address_collection'], 'A setup session ships nothing: it takes no shipping address');
  }
  if (typeof collection === 'object' && input.shipping_details && !collection.allowed_countries.includes(input.shipping_details.country ?? 'US')) {
    throw invalid([...LOC, 'shipping_details', 'country'], 'This country is not among shipping_address_collection.allowed_countries');
  }
  const id = newId('checkout_session', now);
  const defaults = {
    email: input.defaults?.email ?? input.customer_email ?? customer?.email ?? null,
    first_name: input.defaults?.first_name ?? customer?.first_name ?? null,
    last_name: input.defaults?.last_name ?? customer?.last_name ?? null,
    phone: input.defaults?.phone ?? customer?.phone ?? null,
  };
  return {
    checkout_session_id: id,
    allow_promotion_codes: input.allow_promotion_codes,
    amount_total: amount,
    amount_subtotal: target.invoice ? amount : pricing.totals.amount_subtotal,
    amount_received: 0,
    amount_refunded: 0,
    amount_disputed: 0,
    captures: [],
    disputes: [],
    discounts: pricing.discounts,
    cancel_url: input.cancel_url ?? null,
    capture_method: input.capture_method,
    client_reference_id: input.client_reference_id ?? null,
    // The sandbox's browser extension opens a session with this; Flex's sessions carry none.
    client_secret: ctx.profile === 'flex' ? null : `${id}_secret_${secretToken()}`,
    created_at: nowS,
    currency,
    customer: customer?.customer_id ?? null,
    customer_email: input.customer_email ?? customer?.email ?? null,
    customer_details: null,
    consultation: null,
    defaults,
    expires_at: expiresAt,
    invoice: target.invoice?.invoice_id ?? null,
    hsa_fsa_eligible: lines.some((l) => l.hsa_fsa_eligibility !== 'not_eligible'),
    letter_of_medical_necessity_required: lines.some((l) => l.hsa_fsa_eligibility === 'letter_of_medical_necessity'),
    line_items: lines,
    metadata: input.metadata ?? null,
    mode: input.mode,
    multiple_subscriptions: false,
    payment_intent: null,
    payment_intent_id: null,
    payment_intents: [],
    latest_charge: null,
    payment_method: paymentMethod,
    // Flex's hosted checkout for this session (hosted/); answers give it at the origin asked (see present()).
    redirect_url: hostedPageUrl(ctx.publicUrl, id),
    setup_future_use: input.setup_future_use ?? (input.mode === 'subscription' || input.mode === 'setup' ? 'off_session' : null),
    setup_intent: null,
    refunds: [],
    shipping_options: pricing.shipping_options,
    shipping_address_collection: collection !== false,
    shipping_allowed_countries: typeof collection === 'object' ? collection.allowed_countries : null,
    shipping_details: input.shipping_details ? shippingDetailsOf(now, input.shipping_details) : null,
    status: 'open',
    success_url: input.success_url ?? null,
    subscription: target.subscription?.subscription_id ?? null,
    subscription_data: input.subscription_data
      ? { trial_period_days: input.subscription_data.trial_period_days ?? null, metadata: input.subscription_data.metadata ?? null }
      : null,
    custom_text: input.custom_text ? Object.fromEntries(Object.entries(input.custom_text).filter(([, v]) => v !== undefined)) : null,
    tax_rate: pricing.tax_rate,
    tax_calculation_mode: 'exclusive',
    test_mode: true,
    total_details: target.invoice ? { amount_discount: 0, amount_tax: null, amount_shipping: null } : pricing.totals.total_details,
    visit_type: visitType,
  };
}

function checkModeAgainstPrices(mode: CreateInput['mode'], lines: CheckoutLineItem[]): void {
  const loc = [...LOC, 'line_items'];
  if (mode === 'payment' || mode === 'off_session') {
    const recurring = lines.findIndex((l) => l.recurring);
    if (recurring >= 0) {
      throw invalid([...loc, recurring, 'price'], `A ${mode} session takes one-time prices; use mode "subscription" for a recurring price`);
    }
  }
  if (mode === 'subscription') {
    const recurring = lines.filter((l) => l.recurring);
    if (recurring.length === 0) throw invalid(loc, 'A subscription session needs at least one recurring price');
    const [first] = recurring;
    const mismatch = recurring.some(
      (l) => l.recurring!.interval !== first!.recurring!.interval || l.recurring!.interval_count !== first!.recurring!.interval_count,
    );
    if (mismatch) throw invalid(loc, 'All recurring prices in one subscription must bill on the same interval');
  }
}

/** One session covers one visit type: the letter a consultation issues is for exactly one. */
function sessionVisitType(lines: CheckoutLineItem[]): CheckoutSession['visit_type'] {
  const needLetter = [...new Set(lines.filter((l) => l.hsa_fsa_eligibility === 'letter_of_medical_necessity').map((l) => l.visit_type))];
  if (needLetter.length > 1) {
    throw invalid(
      [...LOC, 'line_items'],
      `These line items need letters for different visit types (${needLetter.join(', ')}); put each visit type in its own session`,
    );
  }
  return needLetter[0] ?? lines.find((l) => l.visit_type)?.visit_type ?? null;
}

/**
 * What a session acts on besides line items: a `setup` session may name the `subscription`
 * whose default card the new card becomes; a `payment` session may name one open `invoice`
 * to pay. Either belongs to one customer, who is then the session's.
 */
async function billingTarget(
  db: Db,
  input: CreateInput,
  given: Customer | undefined,
): Promise<{ customer?: Customer; subscription?: StoredSubscription; invoice?: StoredInvoice }> {
  const sameCustomer = async (owner: string, what: string) => {
    if (given && given.customer_id !== owner) throw invalid([...LOC, 'customer'], `The ${what} belongs to another customer`);
    return given ?? (await customers.get(db, owner))!;
  };
  if (input.subscription) {
    const loc = [...LOC, 'subscription'];
    if (input.mode !== 'setup') throw invalid(loc, "Only a setup session takes a subscription (its new card becomes the subscription's default)");
    const subscription = await subscriptions.get(db, input.subscription);
    if (!subscription) throw notFound(loc, 'subscription', input.subscription);
    if (subscription.status === 'canceled') throw conflict(loc, 'This subscription is canceled; it takes no new card');
    return { subscription, customer: await sameCustomer(subscription.customer, 'subscription') };
  }
  if (input.invoice) {
    const loc = [...LOC, 'invoice'];
    if (input.mode !== 'payment') throw invalid([...LOC, 'mode'], 'An invoice is paid by a session with mode "payment"');
    const invoice = await invoices.get(db, input.invoice);
    if (!invoice) throw notFound(loc, 'invoice', input.invoice);
    if (invoice.status !== 'open') throw conflict(loc, `This invoice is ${invoice.status}; only an open invoice can be paid`);
    return { invoice, customer: await sameCustomer(invoice.customer, 'invoice') };
  }
  return {};
}
