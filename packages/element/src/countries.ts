import type { Locale } from './i18n/index.js';

/**
 * ISO 3166-1 alpha-2 codes, two letters each, for a session that ships anywhere
 * (`shipping_allowed_countries: null`). Names come from the browser (Intl.DisplayNames), in
 * the shopper's language, so no table of names ships with the element.
 */
const ALL =
  'ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZCACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGYHKHMHNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLCLILKLRLSLTLULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPNPRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZUAUGUMUSUYUZVAVCVEVGVIVNVUWFWSYEYTZAZMZW';

export interface CountryOption {
  code: string;
  name: string;
}

/** The countries the address may be in, named and sorted in the shopper's language. */
export function countryOptions(allowed: readonly string[] | null, locale: Locale): CountryOption[] {
  const codes = allowed ?? ALL.match(/../g)!;
  const names = new Intl.DisplayNames([locale === 'es' ? 'es-US' : 'en-US'], { type: 'region' });
  const collator = new Intl.Collator(locale);
  return codes.map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) => collator.compare(a.name, b.name));
}
