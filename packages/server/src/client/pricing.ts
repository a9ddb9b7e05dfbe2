import type {
  Coupon,
  CouponCreateRequest,
  PromoCode,
  PromoCodeCreateRequest,
  PromoCodeUpdateRequest,
  ShippingRate,
  ShippingRateCreateRequest,
  ShippingRateUpdateRequest,
} from '@flex-checkout/protocol';
import { listing, relatedId, type LimitOnly, type Listing } from './lists.js';
import { objectPath, type Send, type WriteOptions } from './transport.js';
import { writtenObject } from './write-answer.js';

export type CouponCreateParams = CouponCreateRequest['coupon'];
export type PromoCodeCreateParams = PromoCodeCreateRequest['promo_code'];
export type PromoCodeUpdateParams = PromoCodeUpdateRequest['promo_code'];
export type ShippingRateCreateParams = ShippingRateCreateRequest['shipping_rate'];
export type ShippingRateUpdateParams = ShippingRateUpdateRequest['shipping_rate'];

/** `/v1/coupons`: create and retrieve, as Flex documents (name one in a session's `discounts`). */
export interface CouponsResource {
  /** @example `await client.coupons.create({ percent_off: 20, duration: 'repeating', duration_in_months: 3 })` */
  create(params: CouponCreateParams, options?: WriteOptions): Promise<Coupon>;
  retrieve(id: string): Promise<Coupon>;
  /** **Sandbox extension** (Flex documents no list; against Flex this throws `NotFoundError`). */
  list(params?: Parameters<Listing<Coupon, object>['list']>[0]): ReturnType<Listing<Coupon, object>['list']>;
}

/** Filters of `GET /v1/promo_codes`. */
export interface PromoCodeListFilters {
  active?: boolean;
  /** The code as shoppers type it (any case). Flex's docs do not list this filter; the client also applies it to the answer. */
  code?: string;
  /** A coupon's ID. Flex's docs do not list this filter; the client also applies it to the answer. */
  coupon?: string;
}

/**
 * `/v1/promo_codes`: codes a shopper types for a coupon (`allow_promotion_codes` on a session).
 * Flex documents no paging parameter on this list: `all()` reads one page (up to `limit`, 100
 * by default) and stops.
 */
export interface PromoCodesResource extends Listing<PromoCode, PromoCodeListFilters, LimitOnly> {
  /** @example `await client.promoCodes.create({ coupon_id: coupon.coupon_id, code: 'SPRING25', max_redemptions: 100 })` */
  create(params: PromoCodeCreateParams, options?: WriteOptions): Promise<PromoCode>;
  /** `POST /v1/promo_codes/{id}`: `active`, `metadata`. */
  update(id: string, params: PromoCodeUpdateParams, options?: WriteOptions): Promise<PromoCode>;
  /** **Sandbox extension** (Flex documents no retrieve; against Flex this throws `NotFoundError`). */
  retrieve(id: string): Promise<PromoCode>;
}

/** `/v1/shipping_rates`: fixed rates a session names by `shipping_rate_id`. */
export interface ShippingRatesResource {
  create(params: ShippingRateCreateParams, options?: WriteOptions): Promise<ShippingRate>;
  /**
   * `PUT /v1/shipping_rates/{id}`: `active`, `metadata`. Resolves with the rate as the answer
   * gives it (wrapped or bare), or `null` when the answer holds none: Flex's page shows no
   * answer, and documents no read of a rate, so an empty 2xx is a change that took.
   */
  update(id: string, params: ShippingRateUpdateParams, options?: WriteOptions): Promise<ShippingRate | null>;
  /** **Sandbox extension** (Flex documents no retrieve or list). */
  retrieve(id: string): Promise<ShippingRate>;
  list(params?: Parameters<Listing<ShippingRate, object>['list']>[0]): ReturnType<Listing<ShippingRate, object>['list']>;
}

export function couponsResource(send: Send): CouponsResource {
  const base = '/v1/coupons';
  return {
    create: async (coupon, options = {}) => (await send<{ coupon: Coupon }>('POST', base, { ...options, body: { coupon } })).coupon,
    retrieve: async (id) => (await send<{ coupon: Coupon }>('GET', objectPath(base, id))).coupon,
    list: (params) => listing<Coupon, object>(send, base, 'coupons', (c) => c.coupon_id).list(params),
  };
}

export function promoCodesResource(send: Send): PromoCodesResource {
  const base = '/v1/promo_codes';
  return {
    ...listing<PromoCode, PromoCodeListFilters, LimitOnly>(send, base, 'promo_codes', (p) => p.promo_code_id, {
      paging: 'none',
      unpaged: true,
      clientFilters: {
        code: (p, code) => typeof p.code === 'string' && p.code.toUpperCase() === code.toUpperCase(),
        coupon: (p, id) => relatedId(p.coupon, 'coupon_id') === id,
      },
    }),
    create: async (promo_code, options = {}) => (await send<{ promo_code: PromoCode }>('POST', base, { ...options, body: { promo_code } })).promo_code,
    update: async (id, promo_code, options = {}) =>
      (await send<{ promo_code: PromoCode }>('POST', objectPath(base, id), { ...options, body: { promo_code } })).promo_code,
    retrieve: async (id) => (await send<{ promo_code: PromoCode }>('GET', objectPath(base, id))).promo_code,
  };
}

export function shippingRatesResource(send: Send): ShippingRatesResource {
  const base = '/v1/shipping_rates';
  return {
    create: async (shipping_rate, options = {}) =>
      (await send<{ shipping_rate: ShippingRate }>('POST', base, { ...options, body: { shipping_rate } })).shipping_rate,
    update: async (id, shipping_rate, options = {}) =>
      writtenObject<ShippingRate>(
        await send<unknown>('PUT', objectPath(base, id), { ...options, body: { shipping_rate }, emptyAnswerOk: true }),
        'shipping_rate',
        'shipping_rate_id',
      ) ?? null,
    retrieve: async (id) => (await send<{ shipping_rate: ShippingRate }>('GET', objectPath(base, id))).shipping_rate,
    list: (params) => listing<ShippingRate, object>(send, base, 'shipping_rates', (r) => r.shipping_rate_id).list(params),
  };
}
