import type {
  Price,
  PriceCreateRequest,
  PriceUpdateRequest,
  Product,
  ProductCreateRequest,
  ProductUpdateRequest,
  SandboxPriceField,
} from '@flex-checkout/protocol';
import type { FlexShaped } from './flex-shaped.js';
import { listing, type Listing } from './lists.js';
import { objectPath as path, type Send, type WriteOptions } from './transport.js';

/** `POST /v1/products` fields (the object inside `{"product": …}`). */
export type ProductCreateParams = ProductCreateRequest['product'];
/** `PATCH /v1/products/{id}` fields: any product field. */
export type ProductUpdateParams = ProductUpdateRequest['product'];
/** `POST /v1/prices` fields (the object inside `{"price": …}`). */
export type PriceCreateParams = PriceCreateRequest['price'];
/** `POST /v1/prices/{id}` fields: only `description`, `active` and `metadata` may change. */
export type PriceUpdateParams = PriceUpdateRequest['price'];

/**
 * A price as the client returns it. Flex's documented price has no `currency` (the sandbox's
 * has, SANDBOX_PRICE_FIELDS), and its answers may hold fields the sandbox's do not; all are kept.
 */
export type FlexPrice = Omit<Price, SandboxPriceField> & Partial<Pick<Price, SandboxPriceField>> & { [field: string]: unknown };

/**
 * A product as Flex documents it (`FlexShaped`). Required: the fields every generation of its
 * reference shows. Optional: `url`, `client_reference_id`, `document_description` and
 * `receipt_description` (only its newer pages show them), and the sandbox's `categories` and
 * `image_urls` (Flex takes them when creating a product; its answers are not shown to hold them).
 */
export type FlexProduct = FlexShaped<
  Product,
  | 'product_id'
  | 'name'
  | 'description'
  | 'visit_type'
  | 'hsa_fsa_eligibility'
  | 'active'
  | 'upc_code'
  | 'gtin'
  | 'reference_gtin'
  | 'metadata'
  | 'created_at'
  | 'test_mode'
>;

/** `/v1/products`: what a merchant sells, and whether it needs a letter of medical necessity. */
export interface ProductsResource extends Listing<FlexProduct, object> {
  /**
   * @example
   * ```ts
   * const product = await client.products.create({
   *   name: 'Gym membership', hsa_fsa_eligibility: 'letter_of_medical_necessity', visit_type: 'gym',
   * });
   * ```
   */
  create(params: ProductCreateParams, options?: WriteOptions): Promise<FlexProduct>;
  retrieve(id: string): Promise<FlexProduct>;
  /** @example `await client.products.update(id, { active: false })` */
  update(id: string, params: ProductUpdateParams, options?: WriteOptions): Promise<FlexProduct>;
}

/** `/v1/prices`: what a product costs, once or on a schedule. Filter lists by `product`. */
export interface PricesResource extends Listing<FlexPrice, { product?: string }> {
  /**
   * @example
   * ```ts
   * const monthly = await client.prices.create({ product: product.product_id, unit_amount: 2999, recurring: { interval: 'monthly' } });
   * ```
   */
  create(params: PriceCreateParams, options?: WriteOptions): Promise<FlexPrice>;
  retrieve(id: string): Promise<FlexPrice>;
  /** Amounts never change; create a new price instead. */
  update(id: string, params: PriceUpdateParams, options?: WriteOptions): Promise<FlexPrice>;
}

export function productsResource(send: Send): ProductsResource {
  const base = '/v1/products';
  return {
    // Flex documents `offset` and cursors on this list: `all()` pages by cursor (see `listing`).
    ...listing<FlexProduct, object>(send, base, 'products', (p) => p.product_id, { paging: 'cursor' }),
    create: async (product, options = {}) => (await send<{ product: FlexProduct }>('POST', base, { ...options, body: { product } })).product,
    retrieve: async (id) => (await send<{ product: FlexProduct }>('GET', path(base, id))).product,
    update: async (id, product, options = {}) => (await send<{ product: FlexProduct }>('PATCH', path(base, id), { ...options, body: { product } })).product,
  };
}

export function pricesResource(send: Send): PricesResource {
  const base = '/v1/prices';
  return {
    // Flex documents `offset` and cursors on this list: `all()` pages by cursor (see `listing`).
    ...listing<FlexPrice, { product?: string }>(send, base, 'prices', (p) => p.price_id, { paging: 'cursor' }),
    create: async (price, options = {}) => (await send<{ price: FlexPrice }>('POST', base, { ...options, body: { price } })).price,
    retrieve: async (id) => (await send<{ price: FlexPrice }>('GET', path(base, id))).price,
    update: async (id, price, options = {}) => (await send<{ price: FlexPrice }>('POST', path(base, id), { ...options, body: { price } })).price,
  };
}
