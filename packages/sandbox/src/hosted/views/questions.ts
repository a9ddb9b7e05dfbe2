import type { ConsultationAnswers, Question, QuestionCondition, Questionnaire } from '@flex-checkout/protocol';
import { html } from 'hono/html';
import type { HostedMessages } from '../messages.js';
import type { Html } from './layout.js';
import { problemSummary } from './problems.js';

/** A question's place in the form: its inputs' IDs are built from it, never from its text. */
const fieldId = (index: number) => `q${index}`;
const optionId = (index: number, option: number) => `q${index}-${option}`;
/** The form field's name: the question's ID, so the answers read back by ID. */
export const fieldName = (question: Question) => `q:${question.id}`;

/** The options a choice question offers, yes/no included (yes first). */
export function optionsOf(question: Question, t: Pick<HostedMessages, 'yes' | 'no'>): { value: string; label: string }[] {
  if (question.kind === 'yes_no')
    return [
      { value: 'yes', label: t.yes },
      { value: 'no', label: t.no },
    ];
  return question.options ?? [];
}

/**
 * The page's style rules that show a conditional question once the answers it depends on are
 * chosen: CSS `:has()` over the checked inputs, so the form needs no script. A question's rule
 * holds its own conditions and those of every question they depend on (a question hidden
 * hides its dependants). What the server keeps is decided again by the rules' own
 * `shownQuestions`, so a browser without `:has()` only shows more questions, never sends more.
 */
export function conditionalCss(questionnaire: Questionnaire): string {
  const index = new Map(questionnaire.questions.map((q, i) => [q.id, i]));
  const needs = new Map<string, string[] | null>();
  const selectorOf = (c: QuestionCondition): string | null => {
    const at = index.get(c.question);
    if (at === undefined) return null;
    const question = questionnaire.questions[at]!;
    const values = optionsOf(question, { yes: '', no: '' }).map((o) => o.value);
    const wanted = c.includes ?? (typeof c.equals === 'boolean' ? (c.equals ? 'yes' : 'no') : c.equals);
    const option = wanted === undefined ? -1 : values.indexOf(wanted);
    return option < 0 ? null : `:has(#${optionId(at, option)}:checked)`;
  };
  const rules: string[] = [];
  for (const [i, question] of questionnaire.questions.entries()) {
    if (!question.show_if?.length) {
      needs.set(question.id, []);
      continue;
    }
    const own = question.show_if.map(selectorOf);
    const inherited = question.show_if.map((c) => needs.get(c.question) ?? null);
    // A condition that can never hold (an unknown option, a later question) hides it for good.
    if (own.some((s) => s === null) || inherited.some((s) => s === null)) {
      needs.set(question.id, null);
      continue;
    }
    const all = [...new Set([...inherited.flat(), ...(own as string[])])];
    needs.set(question.id, all as string[]);
    rules.push(`form${all.join('')} .q-${i} { display: block; }`);
  }
  return rules.join('\n');
}

/** The consultation form; `answers` and `errors` refill it after a refused submission. */
export function questionsForm(
  questionnaire: Questionnaire,
  t: HostedMessages,
  action: string,
  answers: ConsultationAnswers,
  errors: Record<string, string>,
): Html {
  const problems = questionnaire.questions.map((q, i) => [q, i] as const).filter(([q]) => errors[q.id]);
  const choice = (q: Question) => q.kind === 'single_choice' || q.kind === 'multiple_choice' || q.kind === 'yes_no';
  return html`${problemSummary(
    t,
    problems.map(([q, i]) => ({ target: choice(q) ? optionId(i, 0) : fieldId(i), label: q.label, message: errors[q.id]! })),
  )}
    <p class="muted">${t.consultationIntro}</p>
    <form method="post" action="${action}" novalidate>
      ${questionnaire.questions.map((question, i) => questionField(question, i, t, answers[question.id], errors[question.id]))}
      <button class="primary" type="submit">${t.continue}</button>
    </form>`;
}

function questionField(question: Question, i: number, t: HostedMessages, value: ConsultationAnswers[string] | undefined, error: string | undefined): Html {
  const conditional = question.show_if?.length ? 'data-conditional' : '';
  const helpId = `${fieldId(i)}-help`;
  const errorId = `${fieldId(i)}-error`;
  const described = [question.help ? helpId : '', error ? errorId : ''].filter(Boolean).join(' ');
  const help = question.help ? html`<p class="help" id="${helpId}">${question.help}</p>` : '';
  const err = error ? html`<p class="error" id="${errorId}">${error}</p>` : '';
  const name = fieldName(question);

  if (question.kind === 'single_choice' || question.kind === 'multiple_choice' || question.kind === 'yes_no') {
    const multiple = question.kind === 'multiple_choice';
    const checked = (v: string) => (question.kind === 'yes_no' ? value === (v === 'yes') : multiple ? Array.isArray(value) && value.includes(v) : value === v);
    return html`<fieldset class="q q-${i}" ${conditional} ${described ? html`aria-describedby="${described}"` : ''}>
      <legend>${question.label}</legend>
      ${help}
      ${optionsOf(question, t).map(
        (o, k) => html`<label class="choice" for="${optionId(i, k)}">
          <input id="${optionId(i, k)}" type="${multiple ? 'checkbox' : 'radio'}" name="${name}" value="${o.value}" ${checked(o.value) ? 'checked' : ''}>
          <span>${o.label}</span>
        </label>`,
      )}
      ${err}
    </fieldset>`;
  }
  const text = typeof value === 'string' ? value : '';
  const aria = html`${described ? html`aria-describedby="${described}"` : ''} aria-invalid="${error ? 'true' : 'false'}"`;
  const input =
    question.kind === 'us_state'
      ? html`<select id="${fieldId(i)}" name="${name}" ${aria}>
          <option value="">${t.chooseState}</option>
          ${(question.options ?? []).map((o) => html`<option value="${o.value}" ${text === o.value ? 'selected' : ''}>${o.label}</option>`)}
        </select>`
      : html`<input id="${fieldId(i)}" name="${name}" type="${question.kind === 'date' ? 'date' : 'text'}" value="${text}"
          autocomplete="${question.id === 'date_of_birth' ? 'bday' : 'off'}" ${question.max_length ? html`maxlength="${question.max_length}"` : ''} ${aria}>`;
  return html`<div class="field q q-${i}" ${conditional}>
    <label class="label" for="${fieldId(i)}">${question.label}</label>
    ${help} ${input} ${err}
  </div>`;
}

/**
 * The answers a submitted form holds, as the API takes them: one string per question, a
 * list for several choices, a boolean for yes/no; blanks left out. Only questions of this
 * questionnaire are read.
 */
export function answersFrom(questionnaire: Questionnaire, form: (name: string) => string[]): ConsultationAnswers {
  const answers: ConsultationAnswers = {};
  for (const question of questionnaire.questions) {
    const values = form(fieldName(question))
      .map((v) => v.trim())
      .filter((v) => v !== '');
    if (values.length === 0) continue;
    if (question.kind === 'multiple_choice') answers[question.id] = values;
    else if (question.kind === 'yes_no') answers[question.id] = values[0] === 'yes';
    else answers[question.id] = values[0]!;
  }
  return answers;
}
