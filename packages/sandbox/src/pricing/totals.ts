import type { CheckoutLineItem, Coupon, ShippingOption, TaxRate, TotalDetails } from '@flex-checkout/protocol';

/** A line before discounts: what the catalog priced. */
export type BaseLine = Omit<CheckoutLineItem, 'amount_discount' | 'amount_total'> & Partial<Pick<CheckoutLineItem, 'amount_discount' | 'amount_total'>>;

export interface Totals {
  lines: CheckoutLineItem[];
  amount_subtotal: number;
  amount_total: number;
  total_details: TotalDetails;
}

/** Whether a coupon applies to a line: every line, or the products in its `applies_to`. */
export const couponCovers = (coupon: Coupon, line: Pick<CheckoutLineItem, 'product'>) =>
  !coupon.applies_to || coupon.applies_to.products.includes(line.product);

/**
 * What each line's discount is under a coupon. `percent_off` rounds per line (as Stripe
 * does); `amount_off` is at most what the covered lines cost, split over them in proportion,
 * the cents left by rounding down going to the last covered line. Always whole cents that
 * add up to the discount, so the summary, the charge and the invoice are one number.
 */
export function lineDiscounts(lines: readonly Pick<CheckoutLineItem, 'product' | 'amount_subtotal'>[], coupon: Coupon | null): number[] {
  if (!coupon) return lines.map(() => 0);
  const covered = lines.map((l) => couponCovers(coupon, l));
  if (coupon.percent_off !== null) {
    return lines.map((l, i) => (covered[i] ? Math.min(l.amount_subtotal, Math.round((l.amount_subtotal * coupon.percent_off!) / 100)) : 0));
  }
  const base = lines.reduce((sum, l, i) => sum + (covered[i] ? l.amount_subtotal : 0), 0);
  const off = Math.min(coupon.amount_off ?? 0, base);
  if (off === 0) return lines.map(() => 0);
  const shares = lines.map((l, i) => (covered[i] ? Math.floor((off * l.amount_subtotal) / base) : 0));
  const last = covered.lastIndexOf(true);
  shares[last]! += off - shares.reduce((a, b) => a + b, 0);
  return shares;
}

/**
 * The one rule for a session's (and an invoice's) amounts: each line's subtotal less its
 * share of the discount, then the shipping and the merchant's tax on top.
 */
export function priceLines(
  base: readonly BaseLine[],
  { coupon = null, shipping = null, tax = null }: { coupon?: Coupon | null; shipping?: ShippingOption | null; tax?: TaxRate | null } = {},
): Totals {
  const discounts = lineDiscounts(base, coupon);
  const lines: CheckoutLineItem[] = base.map((line, i) => {
    const { amount_discount: _d, amount_total: _t, ...rest } = line;
    const amount_discount = discounts[i]!;
    return { ...rest, amount_discount, amount_total: line.amount_subtotal - amount_discount };
  });
  const amount_subtotal = lines.reduce((sum, l) => sum + l.amount_subtotal, 0);
  const amount_discount = discounts.reduce((a, b) => a + b, 0);
  const amount_shipping = shipping ? shipping.shipping_amount : null;
  const amount_tax = tax ? tax.amount : null;
  return {
    lines,
    amount_subtotal,
    amount_total: amount_subtotal - amount_discount + (amount_shipping ?? 0) + (amount_tax ?? 0),
    total_details: { amount_discount, amount_shipping, amount_tax },
  };
}
