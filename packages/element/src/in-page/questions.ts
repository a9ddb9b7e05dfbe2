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
      kept[question.id] = value;
    }
  }
  return { answers: kept, missing };
}
