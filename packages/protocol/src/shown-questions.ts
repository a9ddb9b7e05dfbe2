/**
 * Which consultation questions a shopper is shown, for the answers given so far: the one
 * rule the element renders by and the sandbox validates and decides by (the hosted page too),
 * so a question is never on screen that the server ignores, nor required and hidden.
 *
 * Runtime code the browser bundles: it imports types only, never zod, so importing it
 * (`@flex-checkout/protocol/shown-questions`) adds a few hundred bytes and no schema library.
 */
import type { ConsultationAnswers, Question, QuestionCondition, Questionnaire } from './consultations.js';

type Answer = ConsultationAnswers[string];

/** Answers arrive as a parsed JSON record: only its own keys count (no `toString`, no `__proto__`). */
export function answerOf(answers: ConsultationAnswers, id: string): Answer | undefined {
  return Object.hasOwn(answers, id) ? answers[id] : undefined;
}

/** No answer: nothing, only spaces, or no option chosen. */
export const isBlankAnswer = (a: Answer | undefined): boolean =>
  a === undefined || (typeof a === 'string' && a.trim() === '') || (Array.isArray(a) && a.length === 0);

/**
 * Whether a condition holds: its question is shown and answered, the answer equals `equals`
 * and holds `includes` (each when given). A condition on a question that is not shown never
 * holds, so hiding a question also hides everything that depends on it.
 */
export function conditionHolds(c: QuestionCondition, answers: ConsultationAnswers, shown: ReadonlySet<string>): boolean {
  if (!shown.has(c.question)) return false;
  const answer = answerOf(answers, c.question);
  if (isBlankAnswer(answer)) return false;
  if (c.equals !== undefined && answer !== c.equals) return false;
  if (c.includes !== undefined && !(Array.isArray(answer) && answer.includes(c.includes))) return false;
  return true;
}

/**
 * The questions shown for these answers, in order: those without `show_if`, and those whose
 * every condition holds. Conditions may only look back, as a form is filled top to bottom.
 */
export function shownQuestions(q: Pick<Questionnaire, 'questions'>, answers: ConsultationAnswers): Question[] {
  const shown = new Set<string>();
  return q.questions.filter((question) => {
    const visible = (question.show_if ?? []).every((c) => conditionHolds(c, answers, shown));
    if (visible) shown.add(question.id);
    return visible;
  });
}
