import { describe, expect, it } from 'vitest';
import type { FlexPrice } from '@flex-checkout/server';
import { trialDays } from '../../demo/store/catalog.js';
import { periodName, subscriptionTerms } from '../../demo/store/views/order-terms.js';
import type { CatalogItem } from '../../demo/store/catalog.js';
import type { Order } from '../../demo/store/shop.js';

/** A monthly price as Flex's reference may show it: the trial inside `recurring`, beside it, or both. */
const price = (trial: { inside?: number | null; beside?: number | null }): FlexPrice =>
  ({
    price_id: 'fprice_1',
    product: 'fprod_1',
    unit_amount: 4999,
    recurring: { interval: 'monthly', interval_count: 1, trial_period_days: trial.inside ?? null },
    ...(trial.beside !== undefined ? { trial_period_days: trial.beside } : {}),
  }) as unknown as FlexPrice;

describe("the demo store's free trial, read from a price as Flex documents it", () => {
  it('takes the days from recurring.trial_period_days or from the price beside it; none is null', () => {
    expect(trialDays(price({ inside: 14 }))).toBe(14);
    expect(trialDays(price({ beside: 7 }))).toBe(7);
    expect(trialDays(price({ inside: 14, beside: 14 }))).toBe(14);
    expect(trialDays(price({}))).toBeNull();
    expect(trialDays(price({ beside: 0 }))).toBeNull();
  });

  it("an order's terms say the trial whichever place the price holds it", () => {
    const catalog = [{ key: 'clear-skin', price: price({ beside: 14 }) }] as unknown as CatalogItem[];
    const order = { kind: 'subscription', product_key: 'clear-skin', amount: 4999, currency: 'usd' } as unknown as Order;
    expect(subscriptionTerms(order, catalog)).toEqual({ perPeriod: '$49.99 / month', trialDays: 14 });
  });

  it('names each billing interval as its period', () => {
    expect(['daily', 'weekly', 'monthly', 'yearly'].map(periodName)).toEqual(['day', 'week', 'month', 'year']);
  });
});
