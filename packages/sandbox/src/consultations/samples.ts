/**
 * Answer sets for tests: `sampleAnswers('gym', 'pending', today)` is a valid submission
 * that the rules send to review, so end-to-end tests need not know the questionnaires.
 */
import type { ConsultationAnswers, ConsultationStatus, Question, QuestionCondition, Questionnaire, VisitType } from '@flex-checkout/protocol';
import { ATTESTATION, CONDITIONS, DATE_OF_BIRTH, NONE, definitionFor } from './questionnaires.js';
import { shownQuestions } from './rules.js';

/**
 * A valid answer set that `decide` turns into `outcome` on `today`: approved (the first
 * listed condition, a 30-year-old in California, attested), denied ("None of these") or
 * pending (the visit type's review combination on top of the approved answers).
 */
export function sampleAnswers(visitType: VisitType, outcome: ConsultationStatus, today: Date): ConsultationAnswers {
  const { questionnaire, review } = definitionFor(visitType);
  const chosen: ConsultationAnswers = { [ATTESTATION]: true };
  if (outcome === 'denied') chosen[CONDITIONS] = [NONE];
  if (outcome === 'pending') satisfy(questionnaire, review.when, chosen);
  return fill(questionnaire, chosen, today);
}

/** Sets the answers that make `conditions` hold, and those that show the questions they name. */
function satisfy(q: Questionnaire, conditions: QuestionCondition[], chosen: ConsultationAnswers): void {
  for (const c of conditions) {
    const question = q.questions.find((x) => x.id === c.question);
    if (!question) continue;
    if (c.equals !== undefined) chosen[c.question] = c.equals;
    if (c.includes !== undefined) {
      const held = chosen[c.question];
      const list = Array.isArray(held) ? held.filter((v) => v !== NONE) : [];
      if (!list.includes(c.includes)) chosen[c.question] = [...list, c.includes];
    }
    satisfy(q, question.show_if ?? [], chosen);
  }
}

/** Walks the form top to bottom: a chosen answer where given, a plain valid one for every other required question shown. */
function fill(q: Questionnaire, chosen: ConsultationAnswers, today: Date): ConsultationAnswers {
  const answers: ConsultationAnswers = {};
  for (const question of q.questions) {
    if (!shownQuestions(q, answers).some((x) => x.id === question.id)) continue;
    const value = Object.hasOwn(chosen, question.id) ? chosen[question.id] : question.required ? plainAnswer(question, today) : undefined;
    if (value !== undefined) answers[question.id] = value;
  }
  return answers;
}

function plainAnswer(question: Question, today: Date): ConsultationAnswers[string] {
  const options = (question.options ?? []).map((o) => o.value).filter((v) => v !== NONE);
  const year = today.getUTCFullYear();
  switch (question.kind) {
    case 'single_choice':
      return options[0] ?? '';
    case 'multiple_choice':
      return options.slice(0, 1);
    case 'yes_no':
      return false;
    case 'date':
      // Mid-June 30 years back is an adult on any day; other dates just need to be past.
      return question.id === DATE_OF_BIRTH ? `${year - 30}-06-15` : `${year - 1}-01-15`;
    case 'short_text':
      return 'Sample answer'.slice(0, question.max_length ?? undefined);
    case 'us_state':
      return 'CA';
  }
}
