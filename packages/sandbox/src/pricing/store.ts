import type { Coupon, PromoCode, ShippingRate } from '@flex-checkout/protocol';
import { Collection } from '../db/collection.js';
import { tableName } from '../money/tables.js';

export const coupons = new Collection<Coupon>(tableName('coupons'), (c) => c.coupon_id);

/** Stored with the coupon as it was made; answers show the coupon as it is now (see promo-codes.ts). */
export const promoCodes = new Collection<PromoCode>(
  tableName('promo_codes'),
  (p) => p.promo_code_id,
  (p) => ({
    code_key: p.code.toUpperCase(),
    coupon_id: p.coupon.coupon_id,
    active: p.active ? 1 : 0,
  }),
);

export const shippingRates = new Collection<ShippingRate>(tableName('shipping_rates'), (r) => r.shipping_rate_id);
