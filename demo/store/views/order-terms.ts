import { trialDays, type CatalogItem } from '../catalog.js';
import type { Order } from '../shop.js';
import { formatMoney } from './layout.js';

/** A billing interval as the period it names: `monthly` → month, `daily` → day. */
export const periodName = (interval: string): string => interval.replace(/ly$/, '').replace(/^dai$/, 'day');

/** What a subscription checkout's price says: "$49.99 / month", and its free trial's days (null: none). */
export function subscriptionTerms(order: Order, catalog: CatalogItem[]): { perPeriod: string; trialDays: number | null } | null {
  const price = order.kind === 'subscription' ? catalog.find((i) => i.key === order.product_key)?.price : undefined;
  const recurring = price?.recurring;
  if (!price || !recurring) return null;
  return { perPeriod: `${formatMoney(order.amount, order.currency)} / ${periodName(recurring.interval)}`, trialDays: trialDays(price) };
}

/** What an order cost: a subscription checkout shows its price per period, and its trial. */
export function orderAmount(order: Order, catalog: CatalogItem[]): string {
  const terms = subscriptionTerms(order, catalog);
  if (!terms) return formatMoney(order.amount, order.currency);
  return `${terms.perPeriod}${terms.trialDays ? `, after a ${terms.trialDays}-day free trial` : ''}`;
}
