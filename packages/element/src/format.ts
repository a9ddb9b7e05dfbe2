import type { CheckoutLineItem } from '@flex-checkout/protocol';
import { fill, plural, type Locale, type CoreMessages, type Plural } from './i18n/index.js';

const ZERO_DECIMAL = new Set(['jpy', 'krw', 'vnd', 'clp', 'isk', 'ugx']);

/** Minor units to a localised price: 4999 usd → "$49.99". */
export function money(amount: number, currency: string, locale: Locale): string {
  const major = ZERO_DECIMAL.has(currency) ? amount : amount / 100;
  return new Intl.NumberFormat(locale === 'es' ? 'es-US' : 'en-US', { style: 'currency', currency: currency.toUpperCase() }).format(major);
}

/** An ISO date as the shopper reads it: "November 21, 2027". */
export function longDate(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'es' ? 'es-US' : 'en-US', { dateStyle: 'long' }).format(new Date(iso));
}

const INTERVAL = { daily: 'day', weekly: 'week', monthly: 'month', yearly: 'year' } as const;

/** "$49.99 / month", or "$90.00 every 3 months" ("cada 3 meses": the plural is the locale's, not an added "s"). */
export function recurringPrice(line: Pick<CheckoutLineItem, 'amount_total' | 'currency' | 'recurring'>, t: CoreMessages, locale: Locale): string {
  const amount = money(line.amount_total, line.currency, locale);
  if (!line.recurring) return amount;
  const count = line.recurring.interval_count;
  const forms: Plural = t[INTERVAL[line.recurring.interval] ?? 'month'];
  return count > 1 ? fill(t.everyIntervals, { amount, count, interval: plural(forms, count, locale) }) : fill(t.perInterval, { amount, interval: forms.one });
}

/** "14-day free trial", "1 día de prueba gratis". */
export const trialLength = (days: number, t: CoreMessages, locale: Locale): string => fill(plural(t.trial, days, locale), { days });
