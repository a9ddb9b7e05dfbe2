import { z } from 'zod';
import { Amount, Currency, IsoTimestamp, Metadata, VisitType, idOf } from './common.js';

/**
 * How a product qualifies for HSA/FSA funds. Flex's guide lists six kinds (Not Eligible, Auto
 * Substantiation, Private Label, Vision, Prescription, Letter of Medical Necessity); its pages
 * show the tokens of two, and the others are written the same way.
 */
export const HsaFsaEligibility = z.enum(['letter_of_medical_necessity', 'auto_substantiation', 'private_label', 'vision', 'prescription', 'not_eligible']);
export type HsaFsaEligibility = z.infer<typeof HsaFsaEligibility>;

export const Product = z.object({
  product_id: idOf('product'),
  name: z.string(),
  description: z.string().nullable(),
  visit_type: VisitType.nullable(),
  hsa_fsa_eligibility: HsaFsaEligibility,
  active: z.boolean(),
  upc_code: z.string().nullable(),
  gtin: z.string().nullable(),
  /** The GTIN of a comparable product, for the eligibility lookup. */
  reference_gtin: z.string().nullable(),
  url: z.string().nullable(),
  /** The merchant's own ID for this product. */
  client_reference_id: z.string().nullable(),
  document_description: z.string().nullable(),
  receipt_description: z.string().nullable(),
  categories: z.array(z.string()),
  image_urls: z.array(z.string()),
  metadata: Metadata,
  created_at: IsoTimestamp,
  test_mode: z.boolean(),
});
export type Product = z.infer<typeof Product>;

const productFields = {
  name: z.string().trim().min(1).max(250),
  description: z.string().max(5000).nullable(),
  visit_type: VisitType.nullable(),
  hsa_fsa_eligibility: HsaFsaEligibility,
  active: z.boolean(),
  upc_code: z
    .string()
    .regex(/^\d{12}$/, { message: 'A UPC code has 12 digits' })
    .nullable(),
  gtin: z
    .string()
    .regex(/^\d{8}$|^\d{12,14}$/, { message: 'A GTIN has 8, 12, 13 or 14 digits' })
    .nullable(),
  reference_gtin: z
    .string()
    .regex(/^\d{8}$|^\d{12,14}$/, { message: 'A GTIN has 8, 12, 13 or 14 digits' })
    .nullable(),
  url: z.string().max(2048).nullable(),
  client_reference_id: z.string().max(200).nullable(),
  document_description: z.string().max(5000).nullable(),
  receipt_description: z.string().max(5000).nullable(),
  categories: z.array(z.string().trim().min(1).max(100)).max(50),
  metadata: Metadata,
};

/** `POST /v1/products` body. A product that needs a letter must name its `visit_type`. */
export const ProductCreateRequest = z.strictObject({
  product: z
    .strictObject({
      ...productFields,
      description: productFields.description.optional(),
      visit_type: productFields.visit_type.optional(),
      hsa_fsa_eligibility: HsaFsaEligibility.default('not_eligible'),
      active: z.boolean().default(true),
      upc_code: productFields.upc_code.optional(),
      gtin: productFields.gtin.optional(),
      reference_gtin: productFields.reference_gtin.optional(),
      url: productFields.url.optional(),
      client_reference_id: productFields.client_reference_id.optional(),
      document_description: productFields.document_description.optional(),
      receipt_description: productFields.receipt_description.optional(),
      categories: productFields.categories.optional(),
      image_urls: z.array(z.string().max(2048)).max(20).optional(),
      /** Flex's newer create body lists product parts; the sandbox keeps them as given, in metadata-like form. */
      components: z
        .array(z.strictObject({ name: z.string().max(250), quantity: z.int().min(1).max(1000).optional() }))
        .max(50)
        .optional(),
      /** Flex's older create body: ask Flex's eligibility bot; the sandbox decides by `hsa_fsa_eligibility`. */
      use_feligibot: z.boolean().optional(),
      metadata: Metadata.optional(),
    })
    .refine((p) => p.hsa_fsa_eligibility !== 'letter_of_medical_necessity' || p.visit_type, {
      message: 'A product that needs a letter of medical necessity must have a visit_type',
      path: ['visit_type'],
    }),
});
export type ProductCreateRequest = z.input<typeof ProductCreateRequest>;

/** `GET /v1/products` filters besides pagination (`metadata[key]=value` is read beside them). */
export const ProductListFilters = z.object({
  active: z.enum(['true', 'false']).optional(),
  client_reference_id: z.string().optional(),
});

/** `PATCH /v1/products/{id}` body: any field of the product, changed in place. */
export const ProductUpdateRequest = z.strictObject({
  product: z.strictObject(productFields).partial(),
});
export type ProductUpdateRequest = z.input<typeof ProductUpdateRequest>;

export const RecurringInterval = z.enum(['daily', 'weekly', 'monthly', 'yearly']);
export type RecurringInterval = z.infer<typeof RecurringInterval>;

export const Recurring = z.object({
  interval: RecurringInterval,
  interval_count: z.int().min(1),
  trial_period_days: z.int().min(1).nullable(),
});
export type Recurring = z.infer<typeof Recurring>;

export const Price = z.object({
  price_id: idOf('price'),
  product: idOf('product'),
  unit_amount: Amount,
  /** The same as `unit_amount`; Flex's answers carry both. */
  price: Amount,
  currency: Currency,
  description: z.string().nullable(),
  recurring: Recurring.nullable(),
  type: z.enum(['one_time', 'recurring']),
  active: z.boolean(),
  metadata: Metadata,
  created_at: IsoTimestamp,
  test_mode: z.boolean(),
});
export type Price = z.infer<typeof Price>;

export const RecurringInput = z.strictObject({
  interval: RecurringInterval,
  interval_count: z.int().min(1).max(365).default(1),
  trial_period_days: z.int().min(1).max(730).nullable().default(null),
});

/** Price fields as given when a price is created inline (`price_data` on a session). */
export const PriceFields = z.strictObject({
  unit_amount: Amount,
  currency: Currency.default('usd'),
  description: z.string().max(5000).nullable().optional(),
  recurring: RecurringInput.nullable().optional(),
  active: z.boolean().default(true),
  metadata: Metadata.optional(),
});

/** `POST /v1/prices` body. */
export const PriceCreateRequest = z.strictObject({
  price: PriceFields.extend({ product: idOf('product') }),
});
export type PriceCreateRequest = z.input<typeof PriceCreateRequest>;

/** Fields of a price that can never change once it exists: create a new price instead. */
export const PRICE_IMMUTABLE_FIELDS = ['product', 'unit_amount', 'currency', 'recurring', 'type'] as const;

/** `POST /v1/prices/{id}` body: only `description`, `active` and `metadata` may change. */
export const PriceUpdateRequest = z.strictObject({
  price: z
    .strictObject({
      description: z.string().max(5000).nullable(),
      active: z.boolean(),
      metadata: Metadata,
    })
    .partial(),
});
export type PriceUpdateRequest = z.input<typeof PriceUpdateRequest>;
