import { describe, expect, it } from 'vitest';
import { FlexCouponRead, FlexLineItemRead, FlexPaymentIntentRead, FlexSessionRead, FlexTime } from '../src/flex-read.js';

/**
 * Reading Flex's objects in every shape its documentation shows (flex-api.md §0, §5): related
 * objects as an ID or expanded, times as Unix seconds or ISO text, fields absent or extra.
 */
describe('FlexTime', () => {
  it.each([
    [1767225600, 1767225600],
    [1767225600.9, 1767225600],
    ['2026-01-01T00:00:00Z', 1767225600],
    ['2026-01-01T00:00:00.000+00:00', 1767225600],
    // Milliseconds, and text without an offset (UTC): Flex documents neither unit nor offset.
    [1767225600250, 1767225600],
    ['2026-01-01T00:00:00', 1767225600],
    ['2026-01-01T01:00:00+01:00', 1767225600],
    ['not a date', null],
    [null, null],
    [undefined, null],
  ])('%j → %j', (given, expected) => {
    expect(FlexTime.parse(given)).toBe(expected);
  });
});

describe('FlexSessionRead', () => {
  const documented = {
    checkout_session_id: 'fcs_01',
    status: 'complete',
    mode: 'payment',
    amount_total: 5000,
    created_at: 1767225600,
    expires_at: '2026-01-02T00:00:00Z',
    redirect_url: 'https://checkout.withflex.com/pay/c/fcs_01',
    payment_intent: 'fpi_01',
    customer: 'fcus_01',
    shipping_address_collection: true,
    a_field_flex_added_later: { kept: true },
  };

  it("reads Flex's session: IDs as IDs, both time forms, absent fields as their defaults, unknown fields kept", () => {
    const read = FlexSessionRead.parse(documented);
    expect(read).toMatchObject({
      payment_intent: 'fpi_01',
      customer: 'fcus_01',
      created_at: 1767225600,
      expires_at: 1767225600 + 86400,
      amount_received: null,
      discounts: [],
      allow_promotion_codes: false,
      hsa_fsa_eligible: false,
      shipping_address_collection: true,
      line_items: null,
      a_field_flex_added_later: { kept: true },
    });
  });

  it('reads related objects expanded as their IDs', () => {
    const read = FlexSessionRead.parse({
      ...documented,
      payment_intent: { payment_intent_id: 'fpi_02', status: 'succeeded' },
      customer: { customer_id: 'fcus_02', email: 'a@example.com' },
      subscription: null,
    });
    expect(read).toMatchObject({ payment_intent: 'fpi_02', customer: 'fcus_02', subscription: null });
  });

  it("reads Stripe's {allowed_countries} form of shipping_address_collection, and none as false", () => {
    expect(FlexSessionRead.parse({ ...documented, shipping_address_collection: { allowed_countries: ['US', 'CA'] } }).shipping_address_collection).toEqual({
      allowed_countries: ['US', 'CA'],
    });
    expect(FlexSessionRead.parse({ ...documented, shipping_address_collection: undefined }).shipping_address_collection).toBe(false);
  });

  it('reads shipping_options as Flex documents it, one object, and as a list', () => {
    const option = { shipping_rate_id: 'fshr_01', shipping_amount: 500, display_name: 'Ground' };
    expect(FlexSessionRead.parse({ ...documented, shipping_options: option }).shipping_options).toEqual([option]);
    expect(FlexSessionRead.parse({ ...documented, shipping_options: [option] }).shipping_options).toEqual([option]);
    expect(FlexSessionRead.parse({ ...documented, shipping_options: null }).shipping_options).toEqual([]);
  });

  it('reads a field in a shape it does not know as absent, and still reads the session', () => {
    const read = FlexSessionRead.parse({
      ...documented,
      shipping_options: 'ground',
      discounts: { coupon: 'fcoup_01' },
      line_items: { line_items: [] },
      total_details: 0,
      tax_rate: 'none',
      amount_total: '5000',
      hsa_fsa_eligible: 'yes',
      customer: 42,
      expires_at: true,
    });
    expect(read).toMatchObject({
      checkout_session_id: 'fcs_01',
      status: 'complete',
      shipping_options: [],
      discounts: [],
      line_items: null,
      total_details: null,
      tax_rate: null,
      amount_total: null,
      hsa_fsa_eligible: false,
      customer: null,
      expires_at: null,
    });
  });

  it('refuses what is not a session: no ID, or a status that is not text', () => {
    expect(FlexSessionRead.safeParse({ status: 'open' }).success).toBe(false);
    expect(FlexSessionRead.safeParse({ checkout_session_id: 'fcs_01', status: 3 }).success).toBe(false);
  });
});

describe('the other reads', () => {
  it("a line item: Flex's `…/line_items` entry and the sandbox's inline line", () => {
    const flex = FlexLineItemRead.parse({ description: 'Gym', quantity: 2, amount_total: 9998, price: { unit_amount: 4999, product: 'fprod_01' } });
    expect(flex).toMatchObject({ description: 'Gym', quantity: 2, name: null, price: { unit_amount: 4999, product: 'fprod_01' } });
    expect(FlexLineItemRead.parse({ name: 'Gym', unit_amount: 4999 })).toMatchObject({ quantity: 1, name: 'Gym', unit_amount: 4999 });
    expect(FlexLineItemRead.safeParse({ quantity: 0 }).success).toBe(false);
    // A price or a card's expiry in a shape not documented drops that field, not the line.
    expect(FlexLineItemRead.parse({ description: 'Gym', amount_total: 4999, price: 12 })).toMatchObject({ price: null, amount_total: 4999 });
  });

  it('a coupon: an unknown duration reads as once', () => {
    expect(FlexCouponRead.parse({ coupon_id: 'fcoup_01', percent_off: 10 })).toMatchObject({ duration: 'once', amount_off: null, percent_off: 10 });
    expect(FlexCouponRead.parse({ coupon_id: 'fcoup_01', duration: 'repeating', duration_in_months: 3 })).toMatchObject({
      duration: 'repeating',
      duration_in_months: 3,
    });
  });

  it('a payment intent: its payment method and customer as IDs, expanded or not', () => {
    const read = FlexPaymentIntentRead.parse({ payment_intent_id: 'fpi_01', payment_method: { payment_method_id: 'fpm_01' }, customer: 'fcus_01' });
    expect(read).toMatchObject({ payment_method: 'fpm_01', customer: 'fcus_01', amount_capturable: null });
  });
});
