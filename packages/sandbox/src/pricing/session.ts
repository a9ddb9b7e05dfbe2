import type { CheckoutSession, CheckoutSessionCreateRequest, Coupon, SessionDiscount, ShippingOption, ShippingRate, TaxRate } from '@flex-checkout/protocol';
import type { z } from 'zod';
import { toIso } from '../clock.js';
import type { Db } from '../db/collection.js';
import { invalid, notFound } from '../http/errors.js';
import { newId } from '../ids.js';
import { resolveDiscount } from './discounts.js';
import { coupons, shippingRates } from './store.js';
import { priceLines, type BaseLine, type Totals } from './totals.js';

type CreateInput = z.output<typeof CheckoutSessionCreateRequest>['checkout_session'];
const LOC = ['body', 'checkout_session'];

export interface SessionPricing {
  discounts: SessionDiscount[];
  shipping_options: ShippingOption[] | null;
  tax_rate: TaxRate | null;
  totals: Totals;
}

const optionOf = (rate: ShippingRate): ShippingOption => ({
  shipping_rate_id: rate.shipping_rate_id,
  shipping_amount: rate.amount,
  display_name: rate.display_name,
});

/**
 * The shipping a session charges: a fixed rate by `shipping_rate_id`, or one inline option
 * (an existing rate, or `shipping_rate_data`, which makes an inactive rate for this session
 * as Stripe does). An inactive rate cannot be named.
 */
async function shippingOf(db: Db, now: number, input: CreateInput): Promise<ShippingOption | null> {
  if (input.shipping_rate_id && input.shipping_options) throw invalid([...LOC, 'shipping_options'], 'Give shipping_rate_id or shipping_options, not both');
  const named =
    input.shipping_rate_id ??
    (input.shipping_options?.[0] && 'shipping_rate_id' in input.shipping_options[0] ? input.shipping_options[0].shipping_rate_id : undefined);
  if (named) {
    const loc = input.shipping_rate_id ? [...LOC, 'shipping_rate_id'] : [...LOC, 'shipping_options', 0, 'shipping_rate_id'];
    const rate = await shippingRates.get(db, named);
    if (!rate) throw notFound(loc, 'shipping rate', named);
    if (!rate.active) throw invalid(loc, `The shipping rate ${named} is not active`);
    return optionOf(rate);
  }
  const inline = input.shipping_options?.[0];
  if (inline && 'shipping_rate_data' in inline) {
    const rate: ShippingRate = {
      shipping_rate_id: newId('shipping_rate', now),
      display_name: inline.shipping_rate_data.display_name,
      amount: inline.shipping_rate_data.amount,
      active: false,
      metadata: inline.shipping_rate_data.metadata ?? null,
      created_at: toIso(now),
      test_mode: true,
    };
    await shippingRates.insert(db, rate);
    return optionOf(rate);
  }
  return null;
}

/** The merchant's tax: cents, or `{amount, display_name}`. */
function taxOf(input: CreateInput): TaxRate | null {
  if (input.tax_rate === undefined) return null;
  return typeof input.tax_rate === 'number'
    ? { amount: input.tax_rate, display_name: null }
    : { amount: input.tax_rate.amount, display_name: input.tax_rate.display_name ?? null };
}

/** Discounts, shipping and tax of a new session, and the totals they make of its lines. */
export async function priceNewSession(db: Db, now: number, input: CreateInput, lines: BaseLine[], customer: string | null): Promise<SessionPricing> {
  const extras = input.discounts?.length || input.shipping_rate_id || input.shipping_options || input.tax_rate !== undefined;
  if (extras && (input.mode === 'setup' || input.invoice)) {
    throw invalid(
      LOC,
      input.mode === 'setup'
        ? 'A setup session charges nothing: it takes no discounts, shipping or tax'
        : "An invoice session pays the invoice's own amount: it takes no discounts, shipping or tax",
    );
  }
  const discounts: SessionDiscount[] = [];
  let coupon: Coupon | null = null;
  for (const [i, ref] of (input.discounts ?? []).entries()) {
    const resolved = await resolveDiscount(db, ref, { customer, lines }, [...LOC, 'discounts', i]);
    coupon = resolved.coupon;
    discounts.push({ coupon: resolved.coupon.coupon_id, promo_code: resolved.promoCode?.promo_code_id ?? null });
  }
  const shipping = await shippingOf(db, now, input);
  const tax_rate = taxOf(input);
  return {
    discounts,
    shipping_options: shipping ? [shipping] : null,
    tax_rate,
    totals: priceLines(lines, { coupon, shipping, tax: tax_rate }),
  };
}

/** A session priced again with other discounts (a promo code the shopper typed, or removed). */
export async function repriceSession(db: Db, session: CheckoutSession, discounts: SessionDiscount[]): Promise<CheckoutSession> {
  const coupon = discounts[0] ? ((await coupons.get(db, discounts[0].coupon)) ?? null) : null;
  const totals = priceLines(session.line_items, { coupon, shipping: session.shipping_options?.[0] ?? null, tax: session.tax_rate });
  return {
    ...session,
    discounts,
    line_items: totals.lines,
    amount_subtotal: totals.amount_subtotal,
    amount_total: totals.amount_total,
    total_details: totals.total_details,
  };
}
