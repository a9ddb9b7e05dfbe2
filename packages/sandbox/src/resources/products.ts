import { ProductCreateRequest, ProductUpdateRequest, type Product } from '@flex-checkout/protocol';
import { Hono, type Context } from 'hono';
import { toIso } from '../clock.js';
import { Collection } from '../db/collection.js';
import { invalid } from '../http/errors.js';
import type { SandboxEnv } from '../http/env.js';
import { parseBody } from '../http/validate.js';
import { newId } from '../ids.js';
import { listPage, mustGet } from './lists.js';

export const products = new Collection<Product>('products', (p) => p.product_id);

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
    const { product: input } = await parseBody(c, ProductCreateRequest);
    const product: Product = {
      product_id: newId('product', c.var.now),
      name: input.name,
      description: input.description ?? null,
      visit_type: input.visit_type ?? null,
      hsa_fsa_eligibility: input.hsa_fsa_eligibility,
      active: input.active,
      upc_code: input.upc_code ?? null,
      gtin: input.gtin ?? null,
      metadata: input.metadata ?? null,
      created_at: toIso(c.var.now),
      test_mode: true,
    };
    await products.insert(c.var.db, product);
    return c.json({ product });
  })
  .get('/', (c) => listPage(c, products, 'products', 'product'))
  .get('/:id', async (c) => c.json({ product: await mustGet(c, products, 'product', c.req.param('id')) }))
  .patch('/:id', update);

/** The sandbox's extension: `POST /v1/products/{id}` updates too (Flex documents PATCH). */
export const productExtensionRoutes = new Hono<SandboxEnv>().post('/:id', update);
