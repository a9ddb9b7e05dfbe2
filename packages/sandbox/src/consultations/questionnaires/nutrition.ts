import { ask, attestationQuestion, choices, conditionsQuestion, dateOfBirthQuestion, stateQuestion, type VisitDefinition } from './common.js';

/** Nutrition: counseling and programs for a diet-related condition. */
export const nutrition: VisitDefinition = {
  service: 'nutrition counseling',
  questionnaire: {
    visit_type: 'nutrition',
    title: 'Nutrition consultation',
    description: 'A few questions so a clinician can decide whether nutrition counseling is medically necessary for you. It takes about two minutes.',
    questions: [
      conditionsQuestion('Which of these conditions do you have?', [
        ['prediabetes', 'Prediabetes'],
        ['type_2_diabetes', 'Type 2 diabetes'],
        ['high_cholesterol', 'High cholesterol'],
        ['hypertension', 'High blood pressure (hypertension)'],
        ['obesity', 'Obesity (BMI over 30)'],
        ['celiac_disease', 'Celiac disease'],
        ['ibs', 'Irritable bowel syndrome (IBS)'],
        ['pcos', 'Polycystic ovary syndrome (PCOS)'],
        ['gout', 'Gout'],
      ]),
      dateOfBirthQuestion(),
      stateQuestion(),
      ask({
        id: 'diabetes_management',
        label: 'How do you manage your diabetes now?',
        kind: 'single_choice',
        options: choices([
          ['diet', 'Diet and exercise only'],
          ['tablets', 'Tablets, such as metformin'],
          ['injections', 'Insulin or other injections'],
        ]),
        show_if: [{ question: 'conditions', includes: 'type_2_diabetes' }],
      }),
      ask({
        id: 'goals',
        label: 'What would you like help with?',
        kind: 'multiple_choice',
        options: choices([
          ['weight', 'Losing weight'],
          ['blood_sugar', 'Lowering my blood sugar'],
          ['cholesterol', 'Lowering my cholesterol'],
          ['meal_planning', 'Planning meals'],
          ['food_triggers', 'Finding foods that trigger symptoms'],
        ]),
      }),
      ask({
        id: 'food_allergies',
        label: 'Do you have food allergies, or foods you avoid?',
        help: 'Optional. For example: peanuts, shellfish, no pork.',
        kind: 'short_text',
        required: false,
        max_length: 200,
      }),
      // Calorie targets can harm someone with an eating disorder: a yes goes to a clinician.
      ask({
        id: 'eating_disorder',
        label: 'Have you ever been diagnosed with or treated for an eating disorder?',
        kind: 'yes_no',
      }),
      attestationQuestion(),
    ],
  },
  review: {
    when: [{ question: 'eating_disorder', equals: true }],
    reason: 'A clinician needs to review your history of an eating disorder before approving a nutrition program.',
  },
};
