import { ProductCreateRequest, ProductListFilters, ProductUpdateRequest, type Product } from '@flex-checkout/protocol';
import { Hono, type Context } from 'hono';
import { toIso } from '../clock.js';
import { Collection } from '../db/collection.js';
import { invalid } from '../http/errors.js';
import type { SandboxEnv } from '../http/env.js';
import { parseBody, parseQuery } from '../http/validate.js';
import { newId } from '../ids.js';
import { listPage, metadataFilter, mustGet } from './lists.js';

export const products = new Collection<Product>(
  'products',
  (p) => p.product_id,
  (p) => ({
    active: p.active ? 1 : 0,
    client_reference_id: p.client_reference_id,
  }),
);

/** A new product with every field present. */
export function newProduct(now: number, fields: Pick<Product, 'name' | 'hsa_fsa_eligibility' | 'active'> & Partial<Product>): Product {
  return {
    product_id: newId('product', now),
    name: fields.name,
    description: fields.description ?? null,
    visit_type: fields.visit_type ?? null,
    hsa_fsa_eligibility: fields.hsa_fsa_eligibility,
    active: fields.active,
    upc_code: fields.upc_code ?? null,
    gtin: fields.gtin ?? null,
    reference_gtin: fields.reference_gtin ?? null,
    url: fields.url ?? null,
    client_reference_id: fields.client_reference_id ?? null,
    document_description: fields.document_description ?? null,
    receipt_description: fields.receipt_description ?? null,
    categories: fields.categories ?? [],
    image_urls: fields.image_urls ?? [],
    metadata: fields.metadata ?? null,
    created_at: toIso(now),
    test_mode: true,
  };
}

/** Changes a product (`PATCH /v1/products/{id}`, as Flex documents; POST in the default profile too). */
async function update(c: Context<SandboxEnv>): Promise<Response> {
  const { product: changes } = await parseBody(c, ProductUpdateRequest);
  const product = { ...(await mustGet(c, products, 'product', c.req.param('id')!)), ...changes };
  if (product.hsa_fsa_eligibility === 'letter_of_medical_necessity' && !product.visit_type) {
    throw invalid(['body', 'product', 'visit_type'], 'A product that needs a letter of medical necessity must have a visit_type');
  }
  await products.update(c.var.db, product);
  return c.json({ product });
}

export const productRoutes = new Hono<SandboxEnv>()
  .post('/', async (c) => {
    // `components` and `use_feligibot` are taken as Flex's bodies send them; the sandbox decides
    // eligibility by `hsa_fsa_eligibility` and keeps no components.
    const { components: _components, use_feligibot: _bot, ...input } = (await parseBody(c, ProductCreateRequest)).product;
    const product = newProduct(c.var.now, input);
    await products.insert(c.var.db, product);
    return c.json({ product });
  })
  .get('/', (c) => {
    const filters = parseQuery(c, ProductListFilters.loose());
    const active = filters.active === undefined ? undefined : filters.active === 'true' ? 1 : 0;
    return listPage(c, products, 'products', 'product', { active, client_reference_id: filters.client_reference_id }, undefined, metadataFilter(c));
  })
  .get('/:id', async (c) => c.json({ product: await mustGet(c, products, 'product', c.req.param('id')) }))
  .patch('/:id', update);

/** The sandbox's extension: `POST /v1/products/{id}` updates too (Flex documents PATCH). */
export const productExtensionRoutes = new Hono<SandboxEnv>().post('/:id', update);
