/**
 * ISO 3166-1 alpha-2 codes: the countries a session that ships anywhere offers
 * (Flex's `shipping_address_collection: true` names none). The upstream puts this list in the
 * browser's view, so the element carries no table of countries; browsers name them
 * (Intl.DisplayNames) in the shopper's language.
 */
export const COUNTRY_CODES: readonly string[] =
  'ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZCACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGYHKHMHNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLCLILKLRLSLTLULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPNPRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZUAUGUMUSUYUZVAVCVEVGVIVNVUWFWSYEYTZAZMZW'.match(
    /../g,
  ) ?? [];

/** The countries an address may be in: those the session names, else every one. */
export function shippableCountries(allowed: readonly string[] | null | undefined): string[] {
  return [...(allowed ?? COUNTRY_CODES)];
}
