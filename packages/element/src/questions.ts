import type { ConsultationAnswers, Question, Questionnaire } from '@flex-checkout/protocol';

/** A question is shown when every condition on earlier answers holds. */
export function isShown(question: Question, answers: ConsultationAnswers): boolean {
  return (question.show_if ?? []).every((c) => {
    const answer = answers[c.question];
    if (c.includes !== undefined) return Array.isArray(answer) && answer.includes(c.includes);
    return answer === c.equals;
  });
}

const isEmpty = (value: unknown) => value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/**
 * Only the answers to questions that are shown (a hidden conditional question's old answer
 * is not sent), and the IDs of required questions still unanswered.
 */
export function collect(questionnaire: Questionnaire, answers: ConsultationAnswers): { answers: ConsultationAnswers; missing: Question[] } {
  const kept: ConsultationAnswers = {};
  const missing: Question[] = [];
  for (const question of questionnaire.questions) {
    if (!isShown(question, kept)) continue;
    const value = answers[question.id];
    if (isEmpty(value)) {
      if (question.required) missing.push(question);
    } else {
      kept[question.id] = value!;
    }
  }
  return { answers: kept, missing };
}
