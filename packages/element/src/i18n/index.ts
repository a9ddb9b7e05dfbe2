import { en, type Messages } from './en.js';
import { es } from './es.js';

export type { Messages };
export type Locale = 'en' | 'es';
const catalogs: Record<Locale, Messages> = { en, es };

/** `auto` follows the page's language (`<html lang>`), then the browser's. */
export function resolveLocale(requested: string | undefined, page: Document | undefined = globalThis.document): Locale {
  const wanted = !requested || requested === 'auto' ? (page?.documentElement.lang || globalThis.navigator?.language || 'en') : requested;
  return wanted.toLowerCase().startsWith('es') ? 'es' : 'en';
}

export function messages(locale: Locale): Messages {
  return catalogs[locale];
}

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}
