import { z } from 'zod';
import { IsoTimestamp, Metadata, idOf } from './common.js';

export const Address = z.strictObject({
  line1: z.string().max(200).nullable().optional(),
  line2: z.string().max(200).nullable().optional(),
  city: z.string().max(200).nullable().optional(),
  state: z.string().max(200).nullable().optional(),
  postal_code: z.string().max(20).nullable().optional(),
  country: z.string().length(2).nullable().optional(),
});

export const Shipping = z.strictObject({
  name: z.string().max(200).nullable().optional(),
  phone: z.string().max(30).nullable().optional(),
  address: Address,
});
export type Shipping = z.infer<typeof Shipping>;

/** E.164-ish: digits with an optional leading +, spaces, dashes and brackets allowed. */
export const Phone = z
  .string()
  .max(30)
  .regex(/^\+?[0-9 ()\-.]{7,}$/, { message: 'Enter a phone number with at least 7 digits' });
export const Email = z.email({ message: 'Enter a valid email address' }).max(254);

export const Customer = z.object({
  customer_id: idOf('customer'),
  email: z.string().nullable(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  phone: z.string().nullable(),
  shipping: Shipping.nullable(),
  /** The merchant's own ID for this customer. */
  client_reference_id: z.string().nullable(),
  metadata: Metadata,
  /**
   * The card off-session charges and invoices use when they name none: set by the
   * customer's first card verified for off-session use, changeable with an update.
   */
  default_payment_method: z.string().nullable(),
  created_at: IsoTimestamp,
  test_mode: z.boolean(),
});
export type Customer = z.infer<typeof Customer>;

const customerFields = {
  email: Email,
  first_name: z.string().trim().max(100).nullable(),
  last_name: z.string().trim().max(100).nullable(),
  phone: Phone.nullable(),
  shipping: Shipping.nullable(),
  client_reference_id: z.string().max(200).nullable(),
  metadata: Metadata,
};

/** `POST /v1/customers` body. */
export const CustomerCreateRequest = z.strictObject({
  customer: z.strictObject(customerFields).partial().required({ email: true }),
});
export type CustomerCreateRequest = z.input<typeof CustomerCreateRequest>;

/**
 * `POST /v1/customers/{id}` body. `default_payment_method` must be one of the customer's own
 * cards, verified for off-session use.
 */
export const CustomerUpdateRequest = z.strictObject({
  customer: z.strictObject({ ...customerFields, default_payment_method: idOf('payment_method').nullable() }).partial(),
});
export type CustomerUpdateRequest = z.input<typeof CustomerUpdateRequest>;

/** `GET /v1/customers` filters besides pagination. */
export const CustomerListFilters = z.object({
  email: z.string().optional(),
  client_reference_id: z.string().optional(),
});
