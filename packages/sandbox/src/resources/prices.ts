import { PRICE_IMMUTABLE_FIELDS, PriceCreateRequest, PriceUpdateRequest, SANDBOX_PRICE_FIELDS, type Price, type Product } from '@flex-checkout/protocol';
import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import { toIso } from '../clock.js';
import { Collection, type Db } from '../db/collection.js';
import { invalid, notFound } from '../http/errors.js';
import type { SandboxEnv } from '../http/env.js';
import { parseBody, readJson } from '../http/validate.js';
import { newId } from '../ids.js';
import { withoutSandboxFields } from '../profile.js';
import { booleanFilter, expands, listPage, mustGet } from './lists.js';
import { products } from './products.js';

export const prices = new Collection<Price>(
  'prices',
  (p) => p.price_id,
  (p) => ({ product_id: p.product }),
);

type PriceInput = z.output<typeof PriceCreateRequest>['price'];

/** Creates a price for an existing product; also used for a session's inline `price_data`. */
export async function createPrice(db: Db, now: number, input: PriceInput, loc: (string | number)[]): Promise<Price> {
  const product: Product | undefined = await products.get(db, input.product);
  if (!product) throw notFound([...loc, 'product'], 'product', input.product);
  const recurring = input.recurring ?? null;
  const price: Price = {
    price_id: newId('price', now),
    product: product.product_id,
    unit_amount: input.unit_amount,
    price: input.unit_amount,
    currency: input.currency,
    description: input.description ?? null,
    recurring,
    type: recurring ? 'recurring' : 'one_time',
    active: input.active,
    metadata: input.metadata ?? null,
    created_at: toIso(now),
    test_mode: true,
  };
  return prices.insert(db, price);
}

/** A price as the API answers it: the flex profile leaves out what Flex's price does not have. */
export function presentPrice<P extends object | null | undefined>(c: Context<SandboxEnv>, price: P): P {
  if (!price || c.var.profile !== 'flex') return price;
  return withoutSandboxFields(price, SANDBOX_PRICE_FIELDS) as P;
}

export const priceRoutes = new Hono<SandboxEnv>()
  .post('/', async (c) => {
    const { price: input } = await parseBody(c, PriceCreateRequest);
    return c.json({ price: presentPrice(c, await createPrice(c.var.db, c.var.now, input, ['body', 'price'])) });
  })
  // Flex's filters: `product`, `active`; `expand_product=true` answers each price's product whole.
  .get('/', async (c) => {
    const expand = expands(c, 'product');
    return listPage(
      c,
      prices,
      'prices',
      'price',
      { product_id: c.req.query('product') },
      async (price) => presentPrice(c, expand ? { ...price, product: (await products.get(c.var.db, price.product)) ?? price.product } : price),
      booleanFilter(c, 'active'),
    );
  })
  .get('/:id', async (c) => c.json({ price: presentPrice(c, await mustGet(c, prices, 'price', c.req.param('id'))) }))
  .post('/:id', async (c) => {
    // Say plainly why an amount cannot change, rather than "unknown field".
    const body = (await readJson(c)) as { price?: Record<string, unknown> } | null;
    const frozen = PRICE_IMMUTABLE_FIELDS.find((f) => body?.price && typeof body.price === 'object' && f in body.price);
    if (frozen) {
      throw invalid(['body', 'price', frozen], `A price's ${frozen} cannot change once it exists; create a new price instead`);
    }
    const { price: changes } = await parseBody(c, PriceUpdateRequest);
    const price = { ...(await mustGet(c, prices, 'price', c.req.param('id'))), ...changes };
    await prices.update(c.var.db, price);
    return c.json({ price: presentPrice(c, price) });
  });
