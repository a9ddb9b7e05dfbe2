import { z } from 'zod';

/**
 * The visit types the sandbox holds a consultation for; a letter covers exactly one. Flex's docs give `cbtSleep` and `gym` as examples (the full list is not public); `cbtSleep` (cognitive behavioural therapy for insomnia) takes the sleep questionnaire.
 */
export const VISIT_TYPES = ['gym', 'skincare', 'sleep', 'cbtSleep', 'nutrition', 'massage'] as const;
export const VisitType = z.enum(VISIT_TYPES);
export type VisitType = z.infer<typeof VisitType>;

/** Flex's ID prefixes; the rest of every ID is a ULID. */
export const ID_PREFIXES = {
  product: 'fprod_',
  price: 'fprice_',
  customer: 'fcus_',
  checkout_session: 'fcs_',
  consultation: 'fcons_',
  letter: 'flmn_',
  payment_method: 'fpm_',
  payment_intent: 'fpi_',
  setup_intent: 'fseti_',
  confirmation_token: 'fctoken_',
  subscription: 'fsub_',
  invoice: 'finv_',
  event: 'fevt_',
  webhook_endpoint: 'fwe_',
  // Money after the charge, and what changes a total (Flex's prefixes where its docs show one).
  charge: 'fch_',
  refund: 'fre_',
  capture: 'fcap_',
  capture_item: 'fcapi_',
  dispute: 'fdsp_',
  balance_transaction: 'fbt_',
  /** Flex's docs show no payout ID; the sandbox's own prefix. */
  payout: 'fpo_',
  coupon: 'fcoup_',
  promo_code: 'fpromo_',
  /** Flex's docs show no shipping-rate ID; the sandbox's own prefix. */
  shipping_rate: 'fshr_',
  shipping_address: 'fsh_',
  subscription_item: 'fsi_',
} as const;
export type ObjectKind = keyof typeof ID_PREFIXES;

const ULID = '[0-9A-HJKMNP-TV-Z]{26}';

/** A schema for an ID of one kind: its prefix then a ULID. */
export function idOf(kind: ObjectKind) {
  const prefix = ID_PREFIXES[kind];
  return z.string().regex(new RegExp(`^${prefix}${ULID}$`), { message: `Expected a ${kind} ID starting with ${prefix}` });
}

/** Free-form string pairs the merchant attaches; at most 50 keys, values up to 500 characters. */
export const Metadata = z
  .record(z.string().max(40), z.string().max(500))
  .refine((m) => Object.keys(m).length <= 50, { message: 'metadata holds at most 50 keys' })
  .nullable();
export type Metadata = z.infer<typeof Metadata>;

/** ISO 4217 code, lower case. */
export const Currency = z.string().regex(/^[a-z]{3}$/, { message: 'Expected a three-letter ISO currency code in lower case, like "usd"' });

/** An amount in the currency's minor unit (cents for USD). */
export const Amount = z.int().min(0).max(99_999_999);

/** An ISO 8601 timestamp, e.g. "2024-04-23T14:14:16.029Z". */
export const IsoTimestamp = z.string();

/** Unix seconds. */
export const UnixSeconds = z.int();

/** A list page: `{"products": [...], "has_more": false}`. */
export function listOf<K extends string, T extends z.ZodType>(key: K, item: T) {
  return z.object({ [key]: z.array(item), has_more: z.boolean() } as { [P in K]: z.ZodArray<T> } & {
    has_more: z.ZodBoolean;
  });
}

/**
 * Query parameters every list endpoint takes: `limit` and `offset` (the number of objects to
 * skip) as Flex documents them, and the cursors `starting_after` / `ending_before`.
 */
export const ListParams = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(10),
  offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
  starting_after: z.string().optional(),
  ending_before: z.string().optional(),
});
export type ListParams = z.infer<typeof ListParams>;

/**
 * `ListParams` with another default `limit`: Flex documents 20 on invoices, refunds and
 * disputes, 10 elsewhere.
 */
export function listParamsWithDefault(limit: number) {
  return ListParams.extend({ limit: z.coerce.number().int().min(1).max(100).default(limit) });
}

/**
 * Milliseconds since 1970 are at least this (a time in seconds stays below it until the year
 * 5138): an integer time at or above it is read as milliseconds. Flex documents its integer
 * times without a unit; its examples are seconds.
 */
export const MILLISECONDS_FROM = 1e11;

/**
 * ISO 8601 text as Unix seconds, NaN when it is no time. Text without an offset is read as UTC
 * (JavaScript would read it as the machine's local time): Flex documents no offset for it.
 */
export const isoSeconds = (text: string): number =>
  Math.floor(Date.parse(/(?:z|[+-]\d\d(?::?\d\d)?)$/i.test(text) || !text.includes('T') ? text : `${text}Z`) / 1000);
