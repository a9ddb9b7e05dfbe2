import type { CheckoutLineItem } from '@flex-checkout/protocol';
import { fill, plural, type Locale, type CoreMessages, type Plural } from './i18n/index.js';

const ZERO_DECIMAL = new Set(['jpy', 'krw', 'vnd', 'clp', 'isk', 'ugx']);

/**
 * One formatter per language and currency, made once: a summary formats a dozen prices.
 */
const formatters = new Map<string, Intl.NumberFormat>();

function currencyFormat(currency: string, locale: Locale): Intl.NumberFormat {
  const key = `${locale} ${currency}`;
  let format = formatters.get(key);
  if (!format)
    formatters.set(key, (format = new Intl.NumberFormat(locale === 'es' ? 'es-US' : 'en-US', { style: 'currency', currency: currency.toUpperCase() })));
  return format;
}

/**
 * Whole cents of US dollars as en-US and es-US both write them ("$1,234.50", "-$0.99").
 * Why not Intl: a page's first Intl.NumberFormat makes the browser load its number data,
 * 40–80 ms of main thread in Chromium (measured per cold page), which would sit between the
 * session's answer and the first screen. Flex charges in dollars, so dollars skip it;
 * money.browser.test.ts holds this to Intl's output, and any other currency still goes to Intl.
 * (toFixed is exact here: a whole number of cents over 100 is never near a rounding edge.)
 */
const dollars = (cents: number): string => `${cents < 0 ? '-' : ''}$${(Math.abs(cents) / 100).toFixed(2).replace(/\B(?=(\d{3})+\.)/g, ',')}`;

/** Minor units to a localised price: 4999 usd → "$49.99". */
export function money(amount: number, currency: string, locale: Locale): string {
  if (currency === 'usd' && Number.isSafeInteger(amount)) return dollars(amount);
  return currencyFormat(currency, locale).format(ZERO_DECIMAL.has(currency) ? amount : amount / 100);
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
