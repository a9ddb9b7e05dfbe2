/**
 * The sandbox's consultation rules: which answers are acceptable (`validateAnswers`) and
 * what a consultation decides on acceptable answers (`decide`). Pure functions of the
 * questionnaire, the answers and the day, so the HTTP layer and the tests share them.
 *
 * Answers are health information: nothing here logs, stores or echoes them, and error
 * messages name the problem, never the value sent.
 */
import {
  answerOf,
  conditionHolds,
  isBlankAnswer,
  shownQuestions,
  type ConsultationAnswers,
  type ConsultationStatus,
  type ErrorDetail,
  type Question,
  type Questionnaire,
} from '@flex-checkout/protocol';
import { DEFAULT_LANGUAGE, type Language } from '../language.js';
import { PROBLEMS, type ProblemTexts } from './messages.js';
import { ATTESTATION, CONDITIONS, DATE_OF_BIRTH, NONE, definitionFor, isUsState } from './questionnaires.js';
import { REASONS } from './reasons.js';

/**
 * Which questions are shown is protocol's one rule (`shownQuestions`), the same function the
 * element renders by: what the shopper saw is exactly what is validated and decided on.
 */
export { shownQuestions };

type Answer = ConsultationAnswers[string];

export interface Decision {
  status: ConsultationStatus;
  /** For the shopper when denied or pending; null when approved. */
  reason: string | null;
}

/** The age at which a shopper may consent to a consultation on their own. */
export const ADULT_AGE = 18;

interface Problem {
  type: 'missing' | 'type_error' | 'value_error' | 'extra_forbidden';
  msg: string;
}

/**
 * Every problem with the answers, one per question, or none. The messages are in `language`
 * (the widget shows them under the question as they are); the problems do not depend on it.
 */
export function validateAnswers(q: Questionnaire, answers: ConsultationAnswers, today: Date, language: Language = DEFAULT_LANGUAGE): ErrorDetail[] {
  const say = PROBLEMS[language];
  const errors: ErrorDetail[] = [];
  const report = (id: string, p: Problem) => errors.push({ loc: ['body', 'answers', id], msg: p.msg, type: p.type });
  const shown = new Set(shownQuestions(q, answers).map((question) => question.id));
  for (const question of q.questions) {
    const answer = answerOf(answers, question.id);
    if (shown.has(question.id)) {
      const problem = checkAnswer(question, answer, today, say);
      if (problem) report(question.id, problem);
    } else if (answer !== undefined) {
      // An answer to a question the shopper was never shown is not one a clinician can rely on.
      report(question.id, { type: 'extra_forbidden', msg: say.notShown });
    }
  }
  const known = new Set(q.questions.map((question) => question.id));
  for (const id of Object.keys(answers)) {
    if (!known.has(id)) report(id, { type: 'extra_forbidden', msg: say.unknownQuestion });
  }
  return errors;
}

function checkAnswer(question: Question, answer: Answer | undefined, today: Date, say: ProblemTexts): Problem | null {
  const prompt = say.prompts[question.kind];
  if (answer === undefined || isBlankAnswer(answer)) return question.required ? { type: 'missing', msg: prompt } : null;
  const values = new Set((question.options ?? []).map((o) => o.value));
  const wrongType: Problem = { type: 'type_error', msg: prompt };
  switch (question.kind) {
    case 'single_choice':
      if (typeof answer !== 'string') return wrongType;
      return values.has(answer) ? null : { type: 'value_error', msg: say.notAnOption };
    case 'multiple_choice':
      if (!Array.isArray(answer) || !answer.every((v) => typeof v === 'string')) return wrongType;
      if (!answer.every((v) => values.has(v))) return { type: 'value_error', msg: say.notOptions };
      if (new Set(answer).size !== answer.length) return { type: 'value_error', msg: say.duplicateOption };
      if (answer.includes(NONE) && answer.length > 1) {
        return { type: 'value_error', msg: say.noneWithOthers };
      }
      return null;
    case 'yes_no':
      return typeof answer === 'boolean' ? null : wrongType;
    case 'date':
      return typeof answer === 'string' ? checkDate(answer, today, say) : wrongType;
    case 'short_text':
      if (typeof answer !== 'string') return wrongType;
      if (question.max_length !== null && answer.length > question.max_length) {
        return { type: 'value_error', msg: say.tooLong(question.max_length) };
      }
      return null;
    case 'us_state':
      if (typeof answer !== 'string') return wrongType;
      return isUsState(answer) ? null : { type: 'value_error', msg: say.notAState };
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `today`'s calendar day, in UTC like every timestamp the sandbox keeps. */
const isoDay = (today: Date) => today.toISOString().slice(0, 10);

const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function checkDate(value: string, today: Date, say: ProblemTexts): Problem | null {
  const match = DATE.exec(value);
  if (!match) return { type: 'value_error', msg: say.dateFormat };
  const [y, m, d] = match.slice(1).map(Number) as [number, number, number];
  const days = m === 2 && isLeapYear(y) ? 29 : DAYS_IN_MONTH[m - 1];
  // Strings of one fixed width compare like the dates they spell.
  if (days === undefined || d < 1 || d > days || value > isoDay(today)) {
    return { type: 'value_error', msg: say.dateNotPast };
  }
  // Catches a mistyped year (0985 for 1985) that is technically a real date.
  if (y < 1900) return { type: 'value_error', msg: say.dateTooEarly };
  return null;
}

/**
 * Whole years from `dateOfBirth` (YYYY-MM-DD) to `today`'s UTC day: a year is not counted
 * until the birthday is reached, so someone born on 29 February turns a year older on
 * 1 March in a common year.
 */
export function ageOn(dateOfBirth: string, today: Date): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = isoDay(today).split('-').map(Number) as [number, number, number];
  const birthdayReached = tm > bm || (tm === bm && td >= bd);
  return ty - by - (birthdayReached ? 0 : 1);
}

/**
 * The decision on answers `validateAnswers` accepted. The rules apply in this order, the
 * first that matches wins (docs/consultations.md states them for merchants):
 *  1. the attestation is not "yes" → denied;
 *  2. "None of these" conditions → denied;
 *  3. under 18 on `today` → denied;
 *  4. the visit type's review combination → pending, for a clinician;
 *  5. otherwise (a listed condition, an adult, attested) → approved.
 * The reason is in English, the language of record; `reasonIn` shows it in another.
 */
export function decide(q: Questionnaire, answers: ConsultationAnswers, today: Date): Decision {
  const { service, review } = definitionFor(q.visit_type);
  if (answerOf(answers, ATTESTATION) !== true) {
    return denied(REASONS.en.notAttested);
  }
  const conditions = answerOf(answers, CONDITIONS);
  if (!Array.isArray(conditions) || conditions.length === 0 || conditions.includes(NONE)) {
    return denied(REASONS.en.noCondition(service));
  }
  const dateOfBirth = answerOf(answers, DATE_OF_BIRTH);
  if (typeof dateOfBirth !== 'string' || ageOn(dateOfBirth, today) < ADULT_AGE) {
    return denied(REASONS.en.underAge(ADULT_AGE));
  }
  const shown = new Set(shownQuestions(q, answers).map((question) => question.id));
  // An empty rule would send everyone to review; treat it as no rule.
  if (review.when.length > 0 && review.when.every((c) => conditionHolds(c, answers, shown))) return { status: 'pending', reason: review.reason };
  return { status: 'approved', reason: null };
}

const denied = (reason: string): Decision => ({ status: 'denied', reason });
