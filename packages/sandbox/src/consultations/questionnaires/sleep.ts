import { ask, attestationQuestion, choices, conditionsQuestion, dateOfBirthQuestion, stateQuestion, type VisitDefinition } from './common.js';

/** Sleep: programs and devices for a diagnosed sleep disorder. */
export const sleep: VisitDefinition = {
  service: 'sleep treatment',
  questionnaire: {
    visit_type: 'sleep',
    title: 'Sleep consultation',
    description: 'A few questions so a clinician can decide whether sleep treatment is medically necessary for you. It takes about two minutes.',
    questions: [
      conditionsQuestion('Which of these sleep conditions do you have?', [
        ['insomnia', 'Insomnia (trouble falling or staying asleep)'],
        ['sleep_apnea', 'Obstructive sleep apnea'],
        ['restless_legs', 'Restless legs syndrome'],
        ['circadian_rhythm', 'Circadian rhythm disorder, such as shift work sleep disorder'],
      ]),
      dateOfBirthQuestion(),
      stateQuestion(),
      ask({
        id: 'uses_cpap',
        label: 'Do you use a CPAP machine or another prescribed device for sleep apnea?',
        kind: 'yes_no',
        show_if: [{ question: 'conditions', includes: 'sleep_apnea' }],
      }),
      ask({
        id: 'poor_nights_per_week',
        label: 'How many nights a week do you sleep poorly?',
        kind: 'single_choice',
        options: choices([
          ['1_2', '1 or 2'],
          ['3_4', '3 or 4'],
          ['5_7', '5 or more'],
        ]),
      }),
      // Sedatives change what a sleep program may safely include: a yes goes to a clinician.
      ask({
        id: 'takes_sedatives',
        label: 'Do you take opioid pain medicine, benzodiazepines or prescription sleeping pills?',
        kind: 'yes_no',
      }),
      ask({
        id: 'sedatives_detail',
        label: 'Which ones, and how often?',
        help: 'For example: zolpidem 5 mg, most nights.',
        kind: 'short_text',
        max_length: 200,
        show_if: [{ question: 'takes_sedatives', equals: true }],
      }),
      attestationQuestion(),
    ],
  },
  review: {
    when: [{ question: 'takes_sedatives', equals: true }],
    reason: 'A clinician needs to review the sleep or pain medicines you take before deciding.',
  },
};

/**
 * cbtSleep (Flex's example visit type): cognitive behavioural therapy for insomnia. The same
 * questions and rules as sleep, under its own visit type, so its letter covers cbtSleep products.
 */
export const cbtSleep: VisitDefinition = {
  ...sleep,
  service: 'cognitive behavioural therapy for insomnia',
  questionnaire: { ...sleep.questionnaire, visit_type: 'cbtSleep', title: 'Sleep therapy (CBT-I) consultation' },
};
