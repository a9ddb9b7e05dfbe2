import { VISIT_TYPES } from '@flex-checkout/protocol';
import { LANGUAGES, type Language } from '../language.js';
import { decisionWordsFor } from './questionnaires.js';
import { REASONS } from './reasons.js';
import { ADULT_AGE } from './rules.js';

/**
 * Every reason the sandbox can record, in English, with its words in each language. A
 * consultation keeps its reason in English (the provider's record, what events carry), so
 * the shopper's language is a lookup when it is shown, and consultations recorded before a
 * language was added are shown in it too.
 */
function buildTable(): Map<string, Record<Language, string>> {
  const table = new Map<string, Record<Language, string>>();
  const add = (say: (language: Language) => string) => {
    const words = Object.fromEntries(LANGUAGES.map((l) => [l, say(l)])) as Record<Language, string>;
    const known = table.get(words.en);
    // Two reasons the same in English but not in another language could not be told apart.
    if (known && LANGUAGES.some((l) => known[l] !== words[l])) throw new Error(`Two decision reasons read "${words.en}" in English`);
    table.set(words.en, words);
  };
  add((l) => REASONS[l].notAttested);
  add((l) => REASONS[l].underAge(ADULT_AGE));
  add((l) => REASONS[l].clinicianDenied);
  for (const visitType of VISIT_TYPES) {
    add((l) => REASONS[l].noCondition(decisionWordsFor(visitType, l).service));
    add((l) => decisionWordsFor(visitType, l).review);
  }
  return table;
}

let table: Map<string, Record<Language, string>> | undefined;

/**
 * A recorded (English) reason in `language`. A reason the table does not know — one
 * recorded by a later sandbox, say — is shown as recorded rather than hidden.
 */
export function reasonIn(reason: string | null, language: Language): string | null {
  if (reason === null || language === 'en') return reason;
  table ??= buildTable();
  return table.get(reason)?.[language] ?? reason;
}
