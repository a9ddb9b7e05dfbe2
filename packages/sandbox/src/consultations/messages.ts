import type { QuestionKind } from '@flex-checkout/protocol';
import type { Language } from '../language.js';

/** What `validateAnswers` says about a problem with an answer, shown by the widget under the question. */
export interface ProblemTexts {
  /** What to ask of the shopper when an answer is absent or of the wrong shape. */
  prompts: Record<QuestionKind, string>;
  notAnOption: string;
  notOptions: string;
  duplicateOption: string;
  noneWithOthers: string;
  tooLong: (max: number) => string;
  dateFormat: string;
  dateNotPast: string;
  dateTooEarly: string;
  notAState: string;
  notShown: string;
  unknownQuestion: string;
}

export const PROBLEMS: Record<Language, ProblemTexts> = {
  en: {
    prompts: {
      single_choice: 'Choose an option',
      multiple_choice: 'Choose at least one option',
      yes_no: 'Answer yes or no',
      // Beside a native date input, which shows the browser's own format: no pattern here.
      date: 'Enter a date',
      short_text: 'Answer this question',
      us_state: 'Choose your state',
    },
    notAnOption: 'Choose one of the listed options',
    notOptions: 'Choose only from the listed options',
    duplicateOption: 'Choose each option only once',
    noneWithOthers: 'Choose "None of these" on its own, or only the options that apply',
    tooLong: (max) => `Use at most ${max} characters`,
    dateFormat: 'Enter a date as YYYY-MM-DD',
    dateNotPast: 'Enter a real date in the past',
    dateTooEarly: 'Enter a date in 1900 or later',
    notAState: 'Choose a US state from the list',
    notShown: 'This question does not apply to your other answers; leave it unanswered',
    unknownQuestion: 'This question is not part of the questionnaire',
  },
  es: {
    prompts: {
      single_choice: 'Elija una opción',
      multiple_choice: 'Elija al menos una opción',
      yes_no: 'Responda sí o no',
      date: 'Escriba una fecha',
      short_text: 'Responda esta pregunta',
      us_state: 'Elija su estado',
    },
    notAnOption: 'Elija una de las opciones de la lista',
    notOptions: 'Elija solo entre las opciones de la lista',
    duplicateOption: 'Elija cada opción una sola vez',
    noneWithOthers: 'Elija "Ninguna de estas" por sí sola, o solo las opciones que correspondan',
    tooLong: (max) => `Use como máximo ${max} caracteres`,
    dateFormat: 'Escriba una fecha en formato AAAA-MM-DD',
    dateNotPast: 'Escriba una fecha real que ya haya pasado',
    dateTooEarly: 'Escriba una fecha de 1900 en adelante',
    notAState: 'Elija un estado de EE. UU. de la lista',
    notShown: 'Esta pregunta no corresponde según sus otras respuestas; déjela sin responder',
    unknownQuestion: 'Esta pregunta no forma parte del cuestionario',
  },
};
