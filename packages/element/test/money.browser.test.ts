import { describe, expect, it } from 'vitest';
import { money } from '../src/format.js';

/**
 * Dollars are written without Intl.NumberFormat (its first use costs a cold page tens of
 * milliseconds: format.ts), so they are held here to what Chromium's Intl writes for the same
 * amount, in both languages: any difference would show the shopper two styles of price.
 */
const AMOUNTS = [0, 1, 9, 10, 99, 100, 101, 4999, 99_999, 100_000, 123_456, 1_000_000, 123_456_789, 999_999_999_999, -1, -99, -4999, -123_456];

describe('money: US dollars as Intl writes them', () => {
  for (const locale of ['en', 'es'] as const) {
    it(`${locale}: every amount, fixed and random, matches Intl.NumberFormat('${locale}-US')`, () => {
      const intl = new Intl.NumberFormat(`${locale}-US`, { style: 'currency', currency: 'USD' });
      const random = Array.from({ length: 500 }, () => Math.floor((Math.random() - 0.2) * 10 ** (1 + Math.floor(Math.random() * 10))));
      for (const cents of [...AMOUNTS, ...random]) expect(money(cents, 'usd', locale), `${cents} cents`).toBe(intl.format(cents / 100));
    });
  }

  it('other currencies still go to Intl: euros in Spanish, yen without minor units', () => {
    expect(money(4999, 'eur', 'es')).toBe(new Intl.NumberFormat('es-US', { style: 'currency', currency: 'EUR' }).format(49.99));
    expect(money(500, 'jpy', 'en')).toBe('¥500');
  });
});
