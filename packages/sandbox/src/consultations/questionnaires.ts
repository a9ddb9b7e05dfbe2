/**
 * The sandbox's consultation questionnaires, one per visit type. They are plain data of the
 * protocol's `Questionnaire` shape: the widget renders them, `rules.ts` decides on the answers.
 * The English definitions are the structure; other languages (questionnaires/es/) only give
 * their words, so ids, kinds, option values and conditions are the same in every language.
 */
import type { Question, Questionnaire, VisitType } from '@flex-checkout/protocol';
import { DEFAULT_LANGUAGE, type Language } from '../language.js';
import type { VisitDefinition } from './questionnaires/common.js';
import { SPANISH } from './questionnaires/es/index.js';
import { gym } from './questionnaires/gym.js';
import { massage } from './questionnaires/massage.js';
import { nutrition } from './questionnaires/nutrition.js';
import { skincare } from './questionnaires/skincare.js';
import { cbtSleep, sleep } from './questionnaires/sleep.js';
import { translateQuestionnaire, type VisitTranslation } from './questionnaires/translation.js';

export { ATTESTATION, CONDITIONS, DATE_OF_BIRTH, NONE, STATE, type VisitDefinition } from './questionnaires/common.js';
export { US_STATES, isUsState } from './questionnaires/us-states.js';

const DEFINITIONS: Record<VisitType, VisitDefinition> = { gym, skincare, sleep, cbtSleep, nutrition, massage };

type Translated = Exclude<Language, 'en'>;
const WORDS: Record<Translated, Record<VisitType, VisitTranslation>> = { es: SPANISH };

/** The states are an alphabetical list: alphabetical in the reader's language (Carolina del Norte under C). */
const sortStates = (language: Translated) => {
  const collator = new Intl.Collator(language);
  return (question: Question) => (question.kind === 'us_state' ? collator.compare : null);
};

// Built once, when the sandbox loads: a missing or stale translation stops it with a message
// naming the word, instead of showing a shopper a form half in English.
const TRANSLATED: Record<Translated, Record<VisitType, Questionnaire>> = {
  es: mapVisits((visitType, definition) =>
    translateQuestionnaire(definition.questionnaire, WORDS.es[visitType], { where: `es/${visitType}`, sortOptions: sortStates('es') }),
  ),
};

function mapVisits<T>(f: (visitType: VisitType, definition: VisitDefinition) => T): Record<VisitType, T> {
  return Object.fromEntries(Object.entries(DEFINITIONS).map(([v, d]) => [v, f(v as VisitType, d)])) as Record<VisitType, T>;
}

/** The questionnaire for a visit type in a language: a fresh copy, so a caller cannot change the sandbox's own. */
export function questionnaireFor(visitType: VisitType, language: Language = DEFAULT_LANGUAGE): Questionnaire {
  const definition = definitionFor(visitType);
  return structuredClone(language === 'en' ? definition.questionnaire : TRANSLATED[language][visitType]);
}

/** The questionnaire with what the rules need besides it (the service's name, the review rule), in English. */
export function definitionFor(visitType: VisitType): VisitDefinition {
  const definition = DEFINITIONS[visitType];
  // Reached only if a caller skipped parsing the visit type; say which value was wrong.
  if (!definition) throw new TypeError(`Unknown visit type: ${String(visitType)}`);
  return definition;
}

/** A visit type's decision words in a language: its service's name and its review reason. */
export function decisionWordsFor(visitType: VisitType, language: Language): { service: string; review: string } {
  const { service, review } = definitionFor(visitType);
  return language === 'en' ? { service, review: review.reason } : { service: WORDS[language][visitType].service, review: WORDS[language][visitType].review };
}
