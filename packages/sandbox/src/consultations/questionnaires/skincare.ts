import { ask, attestationQuestion, choices, conditionsQuestion, dateOfBirthQuestion, stateQuestion, type VisitDefinition } from './common.js';

/** Skincare: treatment of a diagnosed skin condition, not cosmetic care. */
export const skincare: VisitDefinition = {
  service: 'skincare treatment',
  questionnaire: {
    visit_type: 'skincare',
    title: 'Skincare consultation',
    description: 'A few questions so a clinician can decide whether skincare treatment is medically necessary for you. It takes about two minutes.',
    questions: [
      conditionsQuestion('Which of these skin conditions do you have?', [
        ['acne', 'Acne'],
        ['rosacea', 'Rosacea'],
        ['eczema', 'Eczema (atopic dermatitis)'],
        ['psoriasis', 'Psoriasis'],
        ['melasma', 'Melasma'],
        ['actinic_keratosis', 'Actinic keratosis (rough patches from sun damage)'],
        ['hyperhidrosis', 'Excessive sweating (hyperhidrosis)'],
      ]),
      dateOfBirthQuestion(),
      stateQuestion(),
      ask({
        id: 'acne_severity',
        label: 'How would you describe your acne?',
        kind: 'single_choice',
        options: choices([
          ['mild', 'Mostly blackheads and whiteheads'],
          ['moderate', 'Red bumps and spots with pus'],
          ['severe', 'Painful lumps deep under the skin, or scarring'],
        ]),
        show_if: [{ question: 'conditions', includes: 'acne' }],
      }),
      ask({
        id: 'current_treatments',
        label: 'Which skin products or medicines do you use now?',
        help: 'Optional. For example: benzoyl peroxide wash, tretinoin cream.',
        kind: 'short_text',
        required: false,
        max_length: 200,
      }),
      // Retinoids and several other skin medicines can harm a pregnancy: a yes goes to a clinician.
      ask({
        id: 'pregnant_or_breastfeeding',
        label: 'Are you pregnant, breastfeeding, or planning a pregnancy in the next 3 months?',
        kind: 'yes_no',
      }),
      attestationQuestion(),
    ],
  },
  review: {
    when: [{ question: 'pregnant_or_breastfeeding', equals: true }],
    reason: 'A clinician needs to review which skin treatments are safe during pregnancy or breastfeeding.',
  },
};
