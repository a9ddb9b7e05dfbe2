import type { Question, QuestionOption } from '@flex-checkout/protocol';
import { html, ifDefined, nothing } from '../../runtime.js';
import { dateAnswer, dateParts, shownQuestions, type DatePart } from '../questions.js';
import { InPageStep } from '../step.js';

/** The browser's names for a birthday's parts, so it can fill them in. */
const BIRTHDAY = { year: 'bday-year', month: 'bday-month', day: 'bday-day' } as const;

/**
 * The consultation, rendered from the server's questionnaire: every kind of question,
 * conditional questions appearing as earlier answers call for them, each error beside its
 * question. Answers stay in the element's memory until sent, once.
 */
export class FlexCheckoutConsultation extends InPageStep {
  override render() {
    const q = this.state.questionnaire;
    if (!q) return nothing;
    const { t } = this;
    return html`<section class="panel" part="consultation">
      <h2 tabindex="-1" data-heading>${t.consultationTitle}</h2>
      <p class="muted">${t.consultationIntro}</p>
      <form novalidate @submit=${this.submit}>
        ${shownQuestions(q, this.state.answers).map((question) => this.question(question))}
        <button class="primary" part="button" type="submit" aria-disabled=${this.state.busy ? 'true' : 'false'}>${t.continue}</button>
      </form>
    </section>`;
  }

  /** An arrow, as an event listener: it is passed to the template, never called on the element. */
  private readonly submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    await this.flow.submitConsultation();
    await this.focusErrors();
  };

  private question(question: Question) {
    const id = `q-${question.id}`;
    const error = this.state.fieldErrors[question.id];
    const described = [question.help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || nothing;
    const value = this.state.answers[question.id];
    const help = question.help ? html`<p class="help" id="${id}-help">${question.help}</p>` : nothing;
    const err = error ? html`<p class="field-error" id="${id}-error">${error}</p>` : nothing;
    const set = (v: string | string[] | boolean | undefined) => this.flow.answer(question.id, v);

    if (question.kind === 'single_choice' || question.kind === 'multiple_choice' || question.kind === 'yes_no') {
      const multiple = question.kind === 'multiple_choice';
      const options =
        question.kind === 'yes_no'
          ? [
              { value: 'yes', label: this.t.yes },
              { value: 'no', label: this.t.no },
            ]
          : (question.options ?? []);
      const checked = (v: string) =>
        question.kind === 'yes_no' ? value === (v === 'yes') : multiple ? Array.isArray(value) && value.includes(v) : value === v;
      const change = (v: string, on: boolean) => {
        if (question.kind === 'yes_no') return set(v === 'yes');
        if (!multiple) return set(v);
        const list = (Array.isArray(value) ? value : []).filter((x) => x !== v);
        // "None of these" stands alone.
        set(on ? (v === 'none' ? ['none'] : [...list.filter((x) => x !== 'none'), v]) : list.length ? list : undefined);
      };
      // One listener on the fieldset for all its choices, and the input's type written in the
      // template: fewer bindings for Lit to make on the first render, where these are most of the form.
      const changed = (e: Event) => {
        const input = e.target as HTMLInputElement;
        if (input.name === id) change(input.value, input.checked);
      };
      return html`<fieldset aria-describedby=${described} ?data-invalid=${!!error} @change=${changed}>
        <legend>${question.label}</legend>
        ${help}
        ${options.map((o) =>
          multiple
            ? html`<label class="choice"><input type="checkbox" name=${id} .value=${o.value} .checked=${checked(o.value)} /> <span>${o.label}</span></label>`
            : html`<label class="choice"><input type="radio" name=${id} .value=${o.value} .checked=${checked(o.value)} /> <span>${o.label}</span></label>`,
        )}
        ${err}
      </fieldset>`;
    }
    if (question.kind === 'date') return this.dateField(question, id, described, help, err, error, value);
    const input =
      question.kind === 'us_state'
        ? html`<select id=${id} aria-describedby=${described} aria-invalid=${error ? 'true' : 'false'} ?required=${question.required}
            @change=${(e: Event) => set((e.target as HTMLSelectElement).value || undefined)}>
            <option value="" ?selected=${!value}>${this.t.chooseState}</option>
          </select>`
        : html`<input id=${id} type="text" autocomplete="off"
            maxlength=${ifDefined(question.max_length ?? undefined)} .value=${typeof value === 'string' ? value : ''}
            aria-describedby=${described} aria-invalid=${error ? 'true' : 'false'} ?required=${question.required}
            @input=${(e: Event) => set((e.target as HTMLInputElement).value || undefined)} />`;
    return html`<div class="field">
      <label class="field-label" for=${id}>${question.label}</label>
      ${help} ${input} ${err}
    </div>`;
  }

  /**
   * A list question's options (the 50-odd states) as plain <option>s, made once per list: as
   * Lit templates, one instance each, they cost a cold page about 12 ms before the questions
   * showed, and as nodes in the template each still took a part of Lit's own. The answer given
   * when they are made is the option chosen; after that, the shopper's own choice is the select's.
   */
  private optionNodes(options: readonly QuestionOption[], value: unknown): HTMLOptionElement[] {
    let nodes = this.options.get(options);
    if (!nodes) this.options.set(options, (nodes = options.map((o) => new Option(o.label, o.value, false, value === o.value))));
    return nodes;
  }
  private readonly options = new WeakMap<readonly QuestionOption[], HTMLOptionElement[]>();

  /**
   * Each list's options go into its select after a render that made the select, or that brought
   * another list for it (the questions in another language): the template holds only the placeholder.
   */
  protected override updated(): void {
    const q = this.state.questionnaire;
    if (!q) return;
    this.markChoices();
    for (const question of shownQuestions(q, this.state.answers)) {
      if (question.kind !== 'us_state') continue;
      const select = this.querySelector<HTMLSelectElement>(`#q-${CSS.escape(question.id)}`);
      const nodes = this.optionNodes(question.options ?? [], this.state.answers[question.id]);
      if (!select || select.options[1] === nodes[0]) continue;
      select.length = 1;
      select.append(...nodes);
    }
  }

  /**
   * A choice question's error on each of its boxes, not only on their group: the box that takes
   * focus is marked invalid and described by the error, whichever screen reader reads it. Set
   * here, not in the options' template, so the first render (no errors yet) binds nothing more
   * for each of the fifty-odd options; cleared once the errors are.
   */
  private markChoices(): void {
    const errors = Object.keys(this.state.fieldErrors).length > 0;
    if (!errors && !this.choicesMarked) return;
    this.choicesMarked = errors;
    for (const fieldset of this.querySelectorAll<HTMLFieldSetElement>('fieldset')) {
      const invalid = fieldset.hasAttribute('data-invalid');
      const described = fieldset.getAttribute('aria-describedby');
      for (const box of fieldset.querySelectorAll<HTMLInputElement>('input[type=radio], input[type=checkbox]')) {
        box.setAttribute('aria-invalid', invalid ? 'true' : 'false');
        if (invalid && described) box.setAttribute('aria-describedby', described);
        else box.removeAttribute('aria-describedby');
      }
    }
  }
  private choicesMarked = false;

  /**
   * A date as three fields, month, day and year (day first in Spanish), the way a memorable
   * date such as a birthday is best asked: typed, not picked from a calendar (the GOV.UK
   * Design System's date input). It is also cheap: a page's first `<input type="date">` makes
   * Chromium load its date formats, 25–75 ms on a cold page, all before the questions show.
   * The answer is kept as typed and sent as YYYY-MM-DD (questions.ts); the server judges it.
   */
  private dateField(
    question: Question,
    id: string,
    described: string | typeof nothing,
    help: unknown,
    err: unknown,
    error: string | undefined,
    value: unknown,
  ) {
    const parts = dateParts(typeof value === 'string' ? value : '');
    const order: DatePart[] = this.locale === 'es' ? ['day', 'month', 'year'] : ['month', 'day', 'year'];
    const words = { month: this.t.dateMonth, day: this.t.dateDay, year: this.t.dateYear };
    const birthday = question.id === 'date_of_birth';
    const typed = (part: DatePart) => (e: Event) =>
      this.flow.answer(question.id, dateAnswer({ ...parts, [part]: (e.target as HTMLInputElement).value.replace(/\D/g, '') }));
    return html`<fieldset aria-describedby=${described} ?data-invalid=${!!error}>
      <legend>${question.label}</legend>
      ${help}
      <div class="date-parts">
        ${order.map(
          (part) => html`<div class="date-part ${part}">
            <label for="${id}-${part}">${words[part]}</label>
            <input id="${id}-${part}" type="text" inputmode="numeric" maxlength=${part === 'year' ? 4 : 2}
              autocomplete=${birthday ? BIRTHDAY[part] : 'off'} .value=${parts[part]} aria-invalid=${error ? 'true' : 'false'} aria-describedby=${described}
              @input=${typed(part)} />
          </div>`,
        )}
      </div>
      ${err}
    </fieldset>`;
  }
}
