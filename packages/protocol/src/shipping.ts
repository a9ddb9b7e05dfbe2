import { z } from 'zod';
import { Amount, IsoTimestamp, Metadata, idOf } from './common.js';

/**
 * Shipping and tax as Flex documents them: shipping rates made with `POST /v1/shipping_rates`
 * and named by a session's `shipping_rate_id` (or given inline), an address the hosted page
 * collects when `shipping_address_collection` is on, and tax as an amount the merchant
 * computed (Flex "does not calculate tax").
 */

export const ShippingRate = z.object({
  shipping_rate_id: idOf('shipping_rate'),
  display_name: z.string(),
  amount: Amount,
  active: z.boolean(),
  metadata: Metadata,
  created_at: IsoTimestamp,
  test_mode: z.boolean(),
});
export type ShippingRate = z.infer<typeof ShippingRate>;

const displayName = z.string().trim().min(1).max(100);

/** `POST /v1/shipping_rates` body: a fixed rate. */
export const ShippingRateCreateRequest = z.strictObject({
  shipping_rate: z.strictObject({
    display_name: displayName,
    amount: Amount,
    active: z.boolean().default(true),
    metadata: Metadata.optional(),
  }),
});
export type ShippingRateCreateRequest = z.input<typeof ShippingRateCreateRequest>;

/** `PUT /v1/shipping_rates/{id}` body: only `metadata` and `active` change (the amount never does). */
export const ShippingRateUpdateRequest = z.strictObject({
  shipping_rate: z.strictObject({ active: z.boolean(), metadata: Metadata }).partial(),
});
export type ShippingRateUpdateRequest = z.input<typeof ShippingRateUpdateRequest>;

/** An address as Flex writes it: flat, no name or phone inside. */
export const FlatAddress = z.object({
  line1: z.string().nullable(),
  line2: z.string().nullable(),
  city: z.string().nullable(),
  state: z.string().nullable(),
  postal_code: z.string().nullable(),
  country: z.string().nullable(),
});
export type FlatAddress = z.infer<typeof FlatAddress>;

/** A session's (or a customer's) shipping address: Flex's `shipping_details` / `shipping`. */
export const ShippingDetails = FlatAddress.extend({ shipping_address_id: idOf('shipping_address') });
export type ShippingDetails = z.infer<typeof ShippingDetails>;

/** What a shopper (or the merchant) gives as a shipping address: line1, city, postal code and country are needed. */
export const ShippingAddressInput = z.strictObject({
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().max(200).nullable().optional(),
  city: z.string().trim().min(1).max(200),
  state: z.string().trim().max(200).nullable().optional(),
  postal_code: z.string().trim().min(1).max(20),
  country: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/, { message: 'Expected a two-letter country code, like "US"' })
    .transform((c) => c.toUpperCase())
    .default('US'),
});
export type ShippingAddressInput = z.input<typeof ShippingAddressInput>;

/** One shipping option of a session, as Flex shows it. */
export const ShippingOption = z.object({
  shipping_rate_id: idOf('shipping_rate'),
  shipping_amount: Amount,
  display_name: z.string(),
});
export type ShippingOption = z.infer<typeof ShippingOption>;

/**
 * A session's shipping given inline (Flex mentions "dynamic shipping data" without its shape;
 * this is Stripe's): an existing rate, or `shipping_rate_data` that makes one for the session.
 */
export const ShippingOptionInput = z.union([
  z.strictObject({ shipping_rate_id: idOf('shipping_rate') }),
  z.strictObject({ shipping_rate_data: z.strictObject({ display_name: displayName, amount: Amount, metadata: Metadata.optional() }) }),
]);

/**
 * `shipping_address_collection`: Flex documents a boolean; Stripe's `{allowed_countries}` is
 * taken too (the hosted page then offers only those countries).
 */
export const ShippingAddressCollectionInput = z.union([
  z.boolean(),
  z.strictObject({
    allowed_countries: z
      .array(z.string().regex(/^[A-Z]{2}$/))
      .min(1)
      .max(250),
  }),
]);

/** The session's tax: an amount the merchant computed, and what to call it. */
export const TaxRate = z.object({
  amount: Amount,
  display_name: z.string().nullable(),
});
export type TaxRate = z.infer<typeof TaxRate>;

/** `tax_rate` on a session create: the amount in cents, or `{amount, display_name}`. */
export const TaxRateInput = z.union([Amount, z.strictObject({ amount: Amount, display_name: z.string().trim().min(1).max(100).nullable().optional() })]);
