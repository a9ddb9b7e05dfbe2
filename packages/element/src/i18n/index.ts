import type { InPageMessages } from '../in-page/en.js';
import { en, type CoreMessages } from './en.js';

export type { CoreMessages };
/** Every word of the element: what both checkouts show, and the in-page steps' own. */
export type Messages = CoreMessages & InPageMessages;
export type Locale = 'en' | 'es';
/**
 * The words both checkouts show are built in, in English; the in-page steps bring their own
 * English (in-page/index.ts), and another language comes whole once loaded (lazy.ts, es.ts).
 */
const catalogs: Partial<Record<Locale, CoreMessages>> = { en };

/** `auto` follows the page's language (`<html lang>`), then the browser's. */
export function resolveLocale(requested: string | undefined, page: Document | undefined = globalThis.document): Locale {
  const wanted = !requested || requested === 'auto' ? page?.documentElement.lang || globalThis.navigator?.language || 'en' : requested;
  return wanted.toLowerCase().startsWith('es') ? 'es' : 'en';
}

/** The locale's words, once loaded; English until then. */
export function messages(locale: Locale): CoreMessages {
  return catalogs[locale] ?? catalogs.en ?? en;
}

export const hasMessages = (locale: Locale): boolean => locale in catalogs;

/** A language loaded: its whole catalog. */
export function addMessages(locale: Locale, catalog: Messages): void {
  catalogs[locale] = catalog;
}

/** The in-page steps' English, added when they load (in-page/index.ts). */
export function addEnglish(words: InPageMessages): void {
  catalogs.en = { ...en, ...words };
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
