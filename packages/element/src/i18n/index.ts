import { en, type Messages } from './en.js';

export type { Messages };
export type Locale = 'en' | 'es';
/** English is built in; another language's catalog is added once loaded (lazy.ts, es.ts). */
const catalogs: Partial<Record<Locale, Messages>> = { en };

/** `auto` follows the page's language (`<html lang>`), then the browser's. */
export function resolveLocale(requested: string | undefined, page: Document | undefined = globalThis.document): Locale {
  const wanted = !requested || requested === 'auto' ? page?.documentElement.lang || globalThis.navigator?.language || 'en' : requested;
  return wanted.toLowerCase().startsWith('es') ? 'es' : 'en';
}

/** The locale's words, once loaded; English until then. */
export function messages(locale: Locale): Messages {
  return catalogs[locale] ?? en;
}

export const hasMessages = (locale: Locale): boolean => locale in catalogs;

export function addMessages(locale: Locale, catalog: Messages): void {
  catalogs[locale] = catalog;
}

/** A word or phrase in the forms a number can give it (Intl.PluralRules' categories). */
export interface Plural {
  one: string;
  other: string;
}

/** The form `count` takes in the locale's grammar: "1 mes", "3 meses"; never a bare "s" added. */
export function plural(forms: Plural, count: number, locale: Locale): string {
  return new Intl.PluralRules(locale).select(count) === 'one' ? forms.one : forms.other;
}

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}
