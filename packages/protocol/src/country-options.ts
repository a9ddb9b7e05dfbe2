/**
 * `@flex-checkout/protocol/country-options`: the country list of an address form, for the
 * element's details step and the sandbox's hosted page alike, so a shopper sees the same
 * list in either mode. Runtime code the browser bundles, like shown-questions.ts: no zod and
 * no table (the codes come with the session; the runtime's ICU names them, in the browser and
 * in Node alike).
 */

/** A country as the shopper picks it. */
export interface CountryOption {
  /** ISO 3166-1 alpha-2, as the API takes it. */
  code: string;
  /** The country's name in the form's language; the code itself where the runtime has no name for it. */
  name: string;
}

/** `codes` named in `locale` (a BCP 47 tag: "en-US", "es-US") and sorted by name in it. */
export function countryOptions(codes: readonly string[], locale: string): CountryOption[] {
  const names = new Intl.DisplayNames([locale], { type: 'region' });
  const collator = new Intl.Collator(locale);
  return codes.map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) => collator.compare(a.name, b.name));
}

/** The country an address is in until the shopper picks one: the United States when it may be, else the first. */
export const defaultCountry = (codes: readonly string[]): string | undefined => (codes.includes('US') ? 'US' : codes[0]);
