import type { ConsultationAnswers, Question, Questionnaire } from '@flex-checkout/protocol';
import { answerOf, isBlankAnswer, shownQuestions } from '@flex-checkout/protocol/shown-questions';

/**
 * Which questions are shown: protocol's one rule, the function the sandbox validates and
 * decides by, so the form never shows a question the server would ignore or hides one it
 * requires (a question whose condition looks at a hidden question is hidden too).
 */
export { shownQuestions };

/**
 * Only the answers to questions that are shown (a hidden conditional question's old answer
 * is not sent), and the required questions still unanswered.
 */
export function collect(questionnaire: Questionnaire, answers: ConsultationAnswers): { answers: ConsultationAnswers; missing: Question[] } {
  const kept: ConsultationAnswers = {};
  const missing: Question[] = [];
  for (const question of shownQuestions(questionnaire, answers)) {
    const value = answerOf(answers, question.id);
    if (value === undefined || isBlankAnswer(value)) {
      if (question.required) missing.push(question);
    } else {
      kept[question.id] = question.kind === 'date' && typeof value === 'string' ? isoDate(value) : value;
    }
  }
  return { answers: kept, missing };
}

export type DatePart = 'year' | 'month' | 'day';

/**
 * A date question's answer while it is typed, as three fields (steps/consultation.ts): kept
 * as "year-month-day" as typed ("1988-9-"), read back into its parts for the fields.
 */
export function dateParts(answer: string): Record<DatePart, string> {
  const [year = '', month = '', day = ''] = answer.split('-');
  return { year, month, day };
}

/** The parts as an answer; none typed is no answer. */
export function dateAnswer({ year, month, day }: Record<DatePart, string>): string | undefined {
  return year || month || day ? `${year}-${month}-${day}` : undefined;
}

/** What is sent: YYYY-MM-DD, month and day with their zero ("1988-9-4" → "1988-09-04"). Whether it is a real date, the server says. */
export const isoDate = (answer: string): string => {
  const { year, month, day } = dateParts(answer);
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
};
