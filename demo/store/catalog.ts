import { ValidationError, type FlexClient, type FlexPrice, type FlexProduct, type PriceCreateParams, type ProductCreateParams } from '@flex-checkout/server';

/** One thing the store sells: the product and price it creates in Flex, and how it looks here. */
interface CatalogEntry {
  key: string;
  product: ProductCreateParams;
  price: Omit<PriceCreateParams, 'product'>;
  /** The tile's picture (see views/art.ts) and colour. */
  art: 'dumbbell' | 'coach' | 'drop' | 'jar' | 'sun' | 'bag';
  hue: number;
  /** Goods sent by post: the checkout asks for a shipping address (`shipping_address_collection`). */
  ships: boolean;
}

/**
 * The demo store's catalog: one of each kind of product a Flex merchant sells. Two visit
 * types (gym, skincare) so "Buy again" can show a letter covering one and not the other.
 */
export const CATALOG: CatalogEntry[] = [
  {
    key: 'strength-club',
    product: {
      name: 'Strength Club — 10-class pack',
      description: 'Coached small-group strength classes for joint and back health. Ten classes, use them within a year.',
      visit_type: 'gym',
      hsa_fsa_eligibility: 'letter_of_medical_necessity',
    },
    price: { unit_amount: 12900, description: '10 classes' },
    art: 'dumbbell',
    hue: 218,
    ships: false,
  },
  {
    key: 'personal-training',
    product: {
      name: 'Personal training — 4 sessions',
      description: 'One-to-one sessions with a certified trainer, planned around your clinician’s advice.',
      visit_type: 'gym',
      hsa_fsa_eligibility: 'letter_of_medical_necessity',
    },
    price: { unit_amount: 24000, description: '4 sessions' },
    art: 'coach',
    hue: 250,
    ships: false,
  },
  {
    key: 'clear-skin',
    product: {
      name: 'Clear Skin Membership',
      description: 'Monthly dermatologist-formulated acne care, delivered. Cancel any time.',
      visit_type: 'skincare',
      hsa_fsa_eligibility: 'letter_of_medical_necessity',
    },
    price: { unit_amount: 4999, description: 'Monthly', recurring: { interval: 'monthly', trial_period_days: 14 } },
    art: 'drop',
    hue: 168,
    ships: true,
  },
  {
    key: 'clear-skin-kit',
    product: {
      name: 'Clear Skin Starter Kit',
      description: 'Cleanser, treatment gel and moisturiser: a one-time kit from the membership’s formulas.',
      visit_type: 'skincare',
      hsa_fsa_eligibility: 'letter_of_medical_necessity',
    },
    price: { unit_amount: 6400, description: 'One kit' },
    art: 'jar',
    hue: 190,
    ships: true,
  },
  {
    key: 'sunscreen',
    product: {
      name: 'Mineral Sunscreen SPF 50',
      description: 'Broad-spectrum zinc sunscreen, 3 oz. HSA/FSA eligible at the register: no consultation needed.',
      hsa_fsa_eligibility: 'auto_substantiation',
      upc_code: '012345678905',
    },
    price: { unit_amount: 1899 },
    art: 'sun',
    hue: 38,
    ships: true,
  },
  {
    key: 'tote',
    product: {
      name: 'Canvas Tote',
      description: 'Carries your gym kit. Not HSA/FSA eligible.',
      hsa_fsa_eligibility: 'not_eligible',
    },
    price: { unit_amount: 2400 },
    art: 'bag',
    hue: 12,
    ships: true,
  },
];

export interface CatalogItem {
  key: string;
  product: FlexProduct;
  /** Flex's price has no `currency` (the sandbox's has): the store sells in dollars. */
  price: FlexPrice;
  art: CatalogEntry['art'];
  hue: number;
  ships: boolean;
}

/** A price's free trial in days (null: none). Flex documents `trial_period_days` inside `recurring` and beside it. */
export function trialDays(price: FlexPrice): number | null {
  const days = price.recurring?.trial_period_days ?? price.trial_period_days;
  return typeof days === 'number' && days > 0 ? days : null;
}

/**
 * Finds the catalog's products in Flex (by `metadata.demo_key`) and creates the missing
 * ones, through the typed client as a merchant's setup script would. Safe to run on every
 * start: the first creates everything, later ones find it. A product or price the API
 * refuses (400/422: Flex's docs show only some eligibility and interval tokens, and the
 * sunscreen's `auto_substantiation` and the membership's `monthly` are not among them) is
 * left out of the store and said in `skipped`, rather than stopping it.
 */
export async function loadCatalog(client: FlexClient): Promise<{ items: CatalogItem[]; created: number; skipped: { key: string; reason: string }[] }> {
  const existing = new Map<string, FlexProduct>();
  for await (const product of client.products.all()) {
    const key = product.metadata?.demo_key;
    if (typeof key === 'string' && product.active) existing.set(key, product);
  }
  let created = 0;
  const items: CatalogItem[] = [];
  const skipped: { key: string; reason: string }[] = [];
  for (const entry of CATALOG) {
    try {
      let product = existing.get(entry.key);
      let price: FlexPrice | undefined;
      if (product) {
        price = (await client.prices.list({ product: product.product_id, limit: 10 })).data.find((p) => p.active);
      } else {
        product = await client.products.create({ ...entry.product, metadata: { demo_key: entry.key } });
        created++;
      }
      price ??= await client.prices.create({ ...entry.price, product: product.product_id });
      items.push({ key: entry.key, product, price, art: entry.art, hue: entry.hue, ships: entry.ships });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      skipped.push({ key: entry.key, reason: error.message });
    }
  }
  return { items, created, skipped };
}
