import type { CheckoutLineItem, CheckoutSessionCreateRequest, Price, Product } from '@flex-checkout/protocol';
import type { z } from 'zod';
import type { Db } from '../../db/collection.js';
import { invalid, notFound } from '../../http/errors.js';
import { createPrice, prices } from '../prices.js';
import { newProduct, products } from '../products.js';

type LineItemInput = NonNullable<z.output<typeof CheckoutSessionCreateRequest>['checkout_session']['line_items']>[number];
type Loc = (string | number)[];

/**
 * Turns the requested line items into priced lines from the catalog. Amounts always come
 * from the stored prices, never from the caller. `price_data` creates an inactive price
 * (and, with `product_data`, a product) just for this session, as Stripe does.
 */
export async function resolveLineItems(db: Db, now: number, inputs: LineItemInput[], loc: Loc): Promise<CheckoutLineItem[]> {
  const lines: CheckoutLineItem[] = [];
  for (const [index, input] of inputs.entries()) {
    const at = [...loc, index];
    let price: Price | undefined;
    if (input.price) {
      price = await prices.get(db, input.price);
      if (!price) throw notFound([...at, 'price'], 'price', input.price);
      if (!price.active) throw invalid([...at, 'price'], `The price ${price.price_id} is not active`);
    } else {
      const data = input.price_data!;
      let productId = data.product;
      if (data.product_data) {
        const product: Product = newProduct(now, {
          name: data.product_data.name,
          description: data.product_data.description ?? null,
          visit_type: data.product_data.visit_type ?? null,
          hsa_fsa_eligibility: data.product_data.hsa_fsa_eligibility,
          active: false,
          metadata: data.product_data.metadata ?? null,
        });
        if (product.hsa_fsa_eligibility === 'letter_of_medical_necessity' && !product.visit_type) {
          throw invalid([...at, 'price_data', 'product_data', 'visit_type'], 'A product that needs a letter of medical necessity must have a visit_type');
        }
        productId = (await products.insert(db, product)).product_id;
      }
      const { product_data: _ignored, ...priceFields } = data;
      price = await createPrice(db, now, { ...priceFields, product: productId!, active: false }, [...at, 'price_data']);
    }
    const product = (await products.get(db, price.product))!;
    const subtotal = price.unit_amount * input.quantity;
    lines.push({
      price: price.price_id,
      product: product.product_id,
      name: product.name,
      description: price.description ?? product.description,
      quantity: input.quantity,
      unit_amount: price.unit_amount,
      amount_subtotal: subtotal,
      amount_discount: 0,
      amount_total: subtotal,
      currency: price.currency,
      recurring: price.recurring,
      visit_type: product.visit_type,
      hsa_fsa_eligibility: product.hsa_fsa_eligibility,
    });
  }
  return lines;
}
