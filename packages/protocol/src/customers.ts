import { z } from 'zod';
import { IsoTimestamp, Metadata, idOf } from './common.js';
import { ShippingDetails } from './shipping.js';

export const Address = z.strictObject({
  line1: z.string().max(200).nullable().optional(),
  line2: z.string().max(200).nullable().optional(),
  city: z.string().max(200).nullable().optional(),
  state: z.string().max(200).nullable().optional(),
  postal_code: z.string().max(20).nullable().optional(),
  country: z.string().length(2).nullable().optional(),
});

/** A customer's shipping address as Flex writes it: flat (`line1`…`country`), no name or phone inside. */
export const Shipping = Address;
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
  /** Where the customer works (Flex's field; some plans are employer-sponsored). */
  employer: z.string().nullable(),
  shipping: ShippingDetails.nullable(),
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
  employer: z.string().trim().max(200).nullable(),
  shipping: Shipping.nullable(),
  client_reference_id: z.string().max(200).nullable(),
  metadata: Metadata,
};

/** `POST /v1/customers` body. */
export const CustomerCreateRequest = z.strictObject({
  customer: z
    .strictObject({
      ...customerFields,
      /** The session whose shopper this is: its details fill what the body leaves out. */
      checkout_session_id: idOf('checkout_session'),
    })
    .partial()
    // An email is required unless the session's shopper gave one.
    .superRefine((c, ctx) => {
      if (c.email === undefined && !c.checkout_session_id)
        ctx.addIssue({ code: 'invalid_type', expected: 'string', input: undefined, path: ['email'], message: 'Field required' });
    }),
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
