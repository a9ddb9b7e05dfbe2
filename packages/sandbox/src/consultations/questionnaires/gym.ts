import { ask, attestationQuestion, choices, conditionsQuestion, dateOfBirthQuestion, stateQuestion, type VisitDefinition } from './common.js';

/** Gym and fitness: exercise prescribed for a condition it is known to help. */
export const gym: VisitDefinition = {
  service: 'a gym or fitness program',
  questionnaire: {
    visit_type: 'gym',
    title: 'Gym and fitness consultation',
    description: 'A few questions so a clinician can decide whether regular exercise is medically necessary for you. It takes about two minutes.',
    questions: [
      conditionsQuestion('Which of these conditions do you have?', [
        ['lower_back_pain', 'Lower back pain'],
        ['obesity', 'Obesity (BMI over 30)'],
        ['prediabetes', 'Prediabetes'],
        ['type_2_diabetes', 'Type 2 diabetes'],
        ['hypertension', 'High blood pressure (hypertension)'],
        ['high_cholesterol', 'High cholesterol'],
        ['osteoarthritis', 'Osteoarthritis'],
        ['osteoporosis', 'Osteoporosis'],
        ['depression_anxiety', 'Depression or anxiety'],
      ]),
      dateOfBirthQuestion(),
      stateQuestion(),
      ask({
        id: 'back_pain_duration',
        label: 'How long have you had lower back pain?',
        kind: 'single_choice',
        options: choices([
          ['under_6_weeks', 'Less than 6 weeks'],
          ['6_weeks_to_3_months', '6 weeks to 3 months'],
          ['over_3_months', 'More than 3 months'],
        ]),
        show_if: [{ question: 'conditions', includes: 'lower_back_pain' }],
      }),
      ask({
        id: 'activity_level',
        label: 'How active are you now?',
        kind: 'single_choice',
        options: choices([
          ['rarely', 'Rarely active'],
          ['1_2_days', 'Active 1 or 2 days a week'],
          ['3_plus_days', 'Active 3 or more days a week'],
        ]),
      }),
      // The first question of the PAR-Q, the standard pre-exercise screen: a yes goes to a clinician.
      ask({
        id: 'heart_condition',
        label: 'Has a doctor ever said you have a heart condition, or do you feel chest pain when you are active?',
        help: 'High blood pressure alone does not count here.',
        kind: 'yes_no',
      }),
      attestationQuestion(),
    ],
  },
  review: {
    when: [{ question: 'heart_condition', equals: true }],
    reason: 'A clinician needs to review your heart health before approving an exercise program.',
  },
};
