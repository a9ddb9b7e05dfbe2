import { describe, expect, it } from 'vitest';
import { fill as hostedFill, hostedMessages, plural as hostedPlural } from '../../sandbox/src/hosted/messages.js';
import { recurringPrice, trialLength } from '../src/format.js';
import { en } from '../src/i18n/en.js';
import { es } from '../src/i18n/es.js';
import { enInPage } from '../src/in-page/en.js';

const line = (interval: 'daily' | 'weekly' | 'monthly' | 'yearly', interval_count: number, amount_total = 9000) => ({
  amount_total,
  currency: 'usd',
  recurring: { interval, interval_count, trial_period_days: null },
});

/**
 * Review finding 15 (issue 15): Spanish plurals were made by adding "s" ("cada 3 mess").
 * Words that change with a number now come in the forms Intl.PluralRules picks from.
 */
describe('finding 15: plurals follow the language (Intl.PluralRules), never an added "s"', () => {
  it('Spanish: "cada 3 meses", "cada 2 semanas", "cada 2 días", "cada 2 años"; one interval alone', () => {
    expect(recurringPrice(line('monthly', 3), es, 'es')).toBe('$90.00 cada 3 meses');
    expect(recurringPrice(line('weekly', 2), es, 'es')).toBe('$90.00 cada 2 semanas');
    expect(recurringPrice(line('daily', 2), es, 'es')).toBe('$90.00 cada 2 días');
    expect(recurringPrice(line('yearly', 2), es, 'es')).toBe('$90.00 cada 2 años');
    expect(recurringPrice(line('monthly', 1), es, 'es')).toBe('$90.00 / mes');
  });

  it('English: "every 3 months", "/ month"', () => {
    expect(recurringPrice(line('monthly', 3), en, 'en')).toBe('$90.00 every 3 months');
    expect(recurringPrice(line('daily', 2), en, 'en')).toBe('$90.00 every 2 days');
    expect(recurringPrice(line('monthly', 1), en, 'en')).toBe('$90.00 / month');
  });

  it('trials: "1 día de prueba gratis", "14 días …"; "14-day free trial"; the hosted page the same', () => {
    expect(trialLength(1, es, 'es')).toBe('1 día de prueba gratis');
    expect(trialLength(14, es, 'es')).toBe('14 días de prueba gratis');
    expect(trialLength(14, en, 'en')).toBe('14-day free trial');
    const t = hostedMessages('es');
    expect(hostedFill(hostedPlural(t.trial, 1, 'es'), { days: 1 })).toBe('Prueba gratuita de 1 día');
    expect(hostedFill(hostedPlural(t.trial, 7, 'es'), { days: 7 })).toBe('Prueba gratuita de 7 días');
  });

  it('no message of either catalog builds a plural by adding "s" to a placeholder', () => {
    // English in two files (what both checkouts show, and the in-page steps' own); Spanish whole.
    for (const [locale, catalog] of Object.entries({ en: { ...en, ...enInPage }, es })) {
      expect(JSON.stringify(catalog), locale).not.toMatch(/\}s\b/);
    }
  });
});
