import type { Question, Questionnaire } from '@flex-checkout/protocol';

/**
 * The words of one question in another language. Only words: ids, kinds, option values,
 * conditions and `required` exist once, in the English definition, so a translation cannot
 * change what is asked or how it is decided.
 */
export interface QuestionText {
  label: string;
  /** Present exactly when the English question has help. */
  help?: string;
  /** Option labels by option value: every value of the English question, no other. */
  options?: Record<string, string>;
}

/** A visit type's questionnaire and decision words in one language other than English. */
export interface VisitTranslation {
  title: string;
  description: string;
  /** Fills the "no listed condition" reason: "terapia de masaje". */
  service: string;
  /** The review combination's reason (the English one is `VisitDefinition.review.reason`). */
  review: string;
  /** By question id; the questions every visit type shares come from the language's common table. */
  questions: Record<string, QuestionText>;
}

/**
 * The questionnaire in another language: the English structure with every label, help and
 * option label replaced. A missing word, or a word for a question or option the English
 * does not have, throws (naming it), so no English is left behind and no stale word lingers.
 * `sortOptions` reorders the options of a question (by their translated label): alphabetical
 * lists such as the US states are alphabetical in the reader's language.
 */
export function translateQuestionnaire(
  english: Questionnaire,
  words: Pick<VisitTranslation, 'title' | 'description' | 'questions'>,
  options: { where: string; sortOptions?: (question: Question) => ((a: string, b: string) => number) | null },
): Questionnaire {
  const fail = (what: string): never => {
    throw new Error(`Translation ${options.where}: ${what}`);
  };
  const ids = new Set(english.questions.map((q) => q.id));
  for (const id of Object.keys(words.questions)) if (!ids.has(id)) fail(`words for question "${id}", which the questionnaire does not have`);

  const questions = english.questions.map((question): Question => {
    const text = words.questions[question.id] ?? fail(`question "${question.id}" has no words`);
    if (!text.label) fail(`question "${question.id}" has no label`);
    if (question.help !== null && text.help === undefined) fail(`question "${question.id}" has no help text`);
    if (question.help === null && text.help !== undefined) fail(`question "${question.id}" has help text the English does not have`);
    let translated = question.options;
    if (question.options) {
      const labels = text.options ?? fail(`question "${question.id}" has no option labels`);
      const values = new Set(question.options.map((o) => o.value));
      for (const value of Object.keys(labels)) if (!values.has(value)) fail(`question "${question.id}" labels option "${value}", which it does not have`);
      translated = question.options.map((o) => ({ value: o.value, label: labels[o.value] ?? fail(`option "${question.id}.${o.value}" has no label`) }));
      const compare = options.sortOptions?.(question);
      if (compare) translated.sort((a, b) => compare(a.label, b.label));
    } else if (text.options) {
      fail(`question "${question.id}" has option labels but no options`);
    }
    return { ...structuredClone(question), label: text.label, help: text.help ?? null, options: translated };
  });
  return { visit_type: english.visit_type, title: words.title, description: words.description, questions };
}
