/**
 * The sandbox's consultation questionnaires, one per visit type. They are plain data of the
 * protocol's `Questionnaire` shape: the widget renders them, `rules.ts` decides on the answers.
 */
import type { Questionnaire, VisitType } from '@flex-checkout/protocol';
import type { VisitDefinition } from './questionnaires/common.js';
import { gym } from './questionnaires/gym.js';
import { massage } from './questionnaires/massage.js';
import { nutrition } from './questionnaires/nutrition.js';
import { skincare } from './questionnaires/skincare.js';
import { sleep } from './questionnaires/sleep.js';

export { ATTESTATION, CONDITIONS, DATE_OF_BIRTH, NONE, STATE, type VisitDefinition } from './questionnaires/common.js';
export { US_STATES, isUsState } from './questionnaires/us-states.js';

const DEFINITIONS: Record<VisitType, VisitDefinition> = { gym, skincare, sleep, nutrition, massage };

/** The questionnaire for a visit type: a fresh copy, so a caller cannot change the sandbox's own. */
export function questionnaireFor(visitType: VisitType): Questionnaire {
  return structuredClone(definitionFor(visitType).questionnaire);
}

/** The questionnaire with what the rules need besides it (the service's name, the review rule). */
export function definitionFor(visitType: VisitType): VisitDefinition {
  const definition = DEFINITIONS[visitType];
  // Reached only if a caller skipped parsing the visit type; say which value was wrong.
  if (!definition) throw new TypeError(`Unknown visit type: ${String(visitType)}`);
  return definition;
}
