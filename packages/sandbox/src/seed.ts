import type { Hono } from 'hono';
import type { Price, Product } from '@flex-checkout/protocol';
import type { SandboxEnv } from './http/env.js';

/** One product of the demo catalog and its price. */
interface SeedItem {
  key: string;
  product: Record<string, unknown>;
  price: Record<string, unknown>;
}

/**
 * The demo catalog: one of each kind of product a Flex merchant sells. Created through the
 * API itself (so it is exactly what a merchant's own calls would make), once: a database
 * that already holds products is left alone.
 */
export const DEMO_CATALOG: SeedItem[] = [
  {
    key: 'gym',
    product: {
      name: 'Strength Club — 10-class pack',
      description: 'Coached strength classes for joint and back health.',
      visit_type: 'gym',
      hsa_fsa_eligibility: 'letter_of_medical_necessity',
    },
    price: { unit_amount: 12900, description: '10 classes' },
  },
  {
    key: 'skincare',
    product: {
      name: 'Clear Skin Membership',
      description: 'Monthly dermatologist-formulated acne care.',
      visit_type: 'skincare',
      hsa_fsa_eligibility: 'letter_of_medical_necessity',
    },
    price: { unit_amount: 4999, description: 'Monthly', recurring: { interval: 'monthly', trial_period_days: 14 } },
  },
  {
    key: 'sunscreen',
    product: { name: 'Mineral Sunscreen SPF 50', description: 'Broad-spectrum, 3 oz.', hsa_fsa_eligibility: 'auto_substantiation', upc_code: '012345678905' },
    price: { unit_amount: 1899 },
  },
  {
    key: 'tote',
    product: { name: 'Canvas Tote', description: 'Carries your gym kit. Not HSA/FSA eligible.', hsa_fsa_eligibility: 'not_eligible' },
    price: { unit_amount: 2400 },
  },
];

export interface SeededItem {
  key: string;
  product: Product;
  price: Price;
}

export async function seedDemo(app: Hono<SandboxEnv>, secretKey: string): Promise<SeededItem[] | 'already-seeded'> {
  const headers = { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' };
  const call = async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await app.request(path, body === undefined ? { headers } : { method: 'POST', headers, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`Seeding failed: ${path} answered ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const existing = await call<{ products: Product[] }>('/v1/products?limit=1');
  if (existing.products.length > 0) return 'already-seeded';
  const seeded: SeededItem[] = [];
  for (const item of DEMO_CATALOG) {
    const { product } = await call<{ product: Product }>('/v1/products', { product: item.product });
    const { price } = await call<{ price: Price }>('/v1/prices', { price: { ...item.price, product: product.product_id } });
    seeded.push({ key: item.key, product, price });
  }
  return seeded;
}
