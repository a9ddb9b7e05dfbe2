import type { Locale } from '../i18n/index.js';

export interface CountryOption {
  code: string;
  name: string;
}

/**
 * The countries the address may be in, named and sorted in the shopper's language. The
 * upstream lists them (every ISO 3166-1 code when the session ships anywhere); names come
 * from the browser (Intl.DisplayNames), so no table of countries ships with the element.
 */
export function countryOptions(codes: readonly string[], locale: Locale): CountryOption[] {
  const names = new Intl.DisplayNames([locale === 'es' ? 'es-US' : 'en-US'], { type: 'region' });
  const collator = new Intl.Collator(locale);
  return codes.map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) => collator.compare(a.name, b.name));
}
