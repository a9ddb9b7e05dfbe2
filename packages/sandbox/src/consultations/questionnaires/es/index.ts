import type { VisitType } from '@flex-checkout/protocol';
import type { VisitTranslation } from '../translation.js';
import { COMMON_ES } from './common.js';
import { gym } from './gym.js';
import { massage } from './massage.js';
import { nutrition } from './nutrition.js';
import { skincare } from './skincare.js';
import { cbtSleep, sleep } from './sleep.js';

const VISITS: Record<VisitType, VisitTranslation> = { gym, skincare, sleep, cbtSleep, nutrition, massage };

/**
 * Each visit type's Spanish words with the shared questions' words merged in: the visit's
 * file names its conditions, common.ts adds their help and "Ninguna de estas".
 */
export const SPANISH: Record<VisitType, VisitTranslation> = Object.fromEntries(
  Object.entries(VISITS).map(([visitType, visit]) => {
    const conditions = visit.questions.conditions;
    const merged: VisitTranslation = {
      ...visit,
      questions: {
        ...COMMON_ES,
        ...visit.questions,
        conditions: {
          label: conditions?.label ?? '',
          help: COMMON_ES.conditions.help,
          options: { ...conditions?.options, ...COMMON_ES.conditions.options },
        },
      },
    };
    return [visitType, merged];
  }),
) as Record<VisitType, VisitTranslation>;
