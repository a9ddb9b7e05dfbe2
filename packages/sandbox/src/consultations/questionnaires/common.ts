import type { Question, QuestionCondition, QuestionOption, Questionnaire } from '@flex-checkout/protocol';
import { US_STATES } from './us-states.js';

/**
 * The questions every visit type asks share these IDs, so the decision rules find them
 * without guessing: the conditions come first, the attestation last.
 */
export const CONDITIONS = 'conditions';
export const DATE_OF_BIRTH = 'date_of_birth';
export const STATE = 'state';
export const ATTESTATION = 'attestation';

/** The "None of these" value of the conditions question (and of any multiple choice offering it). */
export const NONE = 'none';

/** Everything the sandbox knows about a visit type: what it asks and how it decides. */
export interface VisitDefinition {
  questionnaire: Questionnaire;
  /** What the visit pays for, in a shopper's words: "a gym or fitness program". */
  service: string;
  /**
   * The documented combination that sends a consultation to a clinician instead of an
   * automatic approval: pending when every condition holds (same shape as `show_if`).
   */
  review: { when: QuestionCondition[]; reason: string };
}

type QuestionInput = Pick<Question, 'id' | 'label' | 'kind'> & Partial<Omit<Question, 'id' | 'label' | 'kind'>>;

/** A question with the protocol's nulls filled in; required unless said otherwise. */
export function ask(q: QuestionInput): Question {
  return {
    id: q.id,
    label: q.label,
    help: q.help ?? null,
    kind: q.kind,
    required: q.required ?? true,
    options: q.options ?? null,
    show_if: q.show_if ?? null,
    max_length: q.max_length ?? null,
  };
}

/** Options from `[value, label]` pairs, which read better in a long list. */
export const choices = (pairs: [string, string][]): QuestionOption[] => pairs.map(([value, label]) => ({ value, label }));

/** The first question: what this visit type treats, plus "None of these". */
export function conditionsQuestion(label: string, conditions: [string, string][]): Question {
  return ask({
    id: CONDITIONS,
    label,
    help: 'Choose every condition a doctor has diagnosed or is treating you for.',
    kind: 'multiple_choice',
    options: choices([...conditions, [NONE, 'None of these']]),
  });
}

/**
 * Age matters to the decision (adults only), so it is asked as a date, not a number. No help
 * text about a format: a date question is a native date input, which shows the format of the
 * shopper's own browser and language (mm/dd/yyyy, dd/mm/aaaa…) and sends YYYY-MM-DD by itself.
 */
export const dateOfBirthQuestion = (): Question => ask({ id: DATE_OF_BIRTH, label: 'What is your date of birth?', kind: 'date' });

/** Telehealth clinicians may only treat people in states where they are licensed. */
export const stateQuestion = (): Question =>
  ask({
    id: STATE,
    label: 'Which state do you live in?',
    help: 'The clinician who reviews your answers must be licensed there.',
    kind: 'us_state',
    // Served with the question, so a form renders it from the data alone.
    options: US_STATES,
  });

/** The last question: the letter rests on the shopper's word. */
export const attestationQuestion = (): Question =>
  ask({
    id: ATTESTATION,
    label: 'I confirm that my answers are true and complete.',
    help: 'A clinician relies on these answers to write your letter of medical necessity.',
    kind: 'yes_no',
  });
