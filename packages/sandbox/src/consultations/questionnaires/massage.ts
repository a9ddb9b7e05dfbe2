import { ask, attestationQuestion, choices, conditionsQuestion, dateOfBirthQuestion, stateQuestion, type VisitDefinition } from './common.js';

/** Massage: therapeutic massage for chronic pain, not relaxation. */
export const massage: VisitDefinition = {
  service: 'massage therapy',
  questionnaire: {
    visit_type: 'massage',
    title: 'Massage therapy consultation',
    description: 'A few questions so a clinician can decide whether massage therapy is medically necessary for you. It takes about two minutes.',
    questions: [
      conditionsQuestion('Which of these conditions do you have?', [
        ['chronic_neck_pain', 'Chronic neck pain'],
        ['chronic_back_pain', 'Chronic back pain'],
        ['fibromyalgia', 'Fibromyalgia'],
        ['tension_headaches', 'Tension headaches or migraines'],
        ['osteoarthritis', 'Osteoarthritis'],
        ['plantar_fasciitis', 'Plantar fasciitis'],
        ['muscle_injury', 'A muscle strain or sports injury you are recovering from'],
      ]),
      dateOfBirthQuestion(),
      stateQuestion(),
      ask({
        id: 'pain_impact',
        label: 'How much does your pain get in the way of daily life?',
        kind: 'single_choice',
        options: choices([
          ['a_little', 'A little'],
          ['moderately', 'Moderately'],
          ['a_lot', 'A lot'],
        ]),
      }),
      ask({ id: 'recent_surgery', label: 'Have you had surgery in the last 6 months?', kind: 'yes_no' }),
      ask({
        id: 'surgery_date',
        label: 'When was your surgery?',
        // No format: the native date input shows the browser's own (see dateOfBirthQuestion).
        help: 'An approximate date is fine.',
        kind: 'date',
        show_if: [{ question: 'recent_surgery', equals: true }],
      }),
      // Deep pressure can dislodge a clot, and blood thinners make bruising likely: a yes goes to a clinician.
      ask({
        id: 'blood_clots',
        label: 'Have you ever had a blood clot (such as deep vein thrombosis), or do you take blood thinners?',
        kind: 'yes_no',
      }),
      attestationQuestion(),
    ],
  },
  review: {
    when: [{ question: 'blood_clots', equals: true }],
    reason: 'A clinician needs to review your history of blood clots or blood thinners before approving massage.',
  },
};
