import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { questionnaireFor } from '../../sandbox/src/consultations/questionnaires.js';
import { sampleAnswers } from '../../sandbox/src/consultations/samples.js';
import { answerQuestionnaire, click, createPrice, createSession, heading, mount, sandboxToday, until, untilStep } from './support/shopper.js';

afterEach(() => {
  document.body.replaceChildren();
});

/** The fields of the date of birth's group, in the order the shopper meets them. */
const dateFields = (el: HTMLElement) =>
  [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('[id^="q-date_of_birth-"]:is(input)')].map((input) => ({
    label: el.shadowRoot!.querySelector(`label[for="${input.id}"]`)!.textContent.trim(),
    autocomplete: input.autocomplete,
    inputMode: input.inputMode,
  }));

/**
 * A date question is three typed fields (month, day, year), not a calendar picker: a
 * birthday is typed faster than it is found, and a cold page's first date input costs
 * Chromium tens of milliseconds of date formats. What is typed reaches the server as
 * YYYY-MM-DD, and the server judges it.
 */
describe('a date question: month, day and year, typed', () => {
  it('English: Month, Day, Year in a group named by the question, filled by the browser as a birthday; "9", "4", "1988" is accepted', async () => {
    const price = await createPrice({ visit_type: 'gym' });
    const el = mount((await createSession({ line_items: [{ price }] })).client_secret);
    await untilStep(el, 'consultation');
    expect(dateFields(el)).toEqual([
      { label: 'Month', autocomplete: 'bday-month', inputMode: 'numeric' },
      { label: 'Day', autocomplete: 'bday-day', inputMode: 'numeric' },
      { label: 'Year', autocomplete: 'bday-year', inputMode: 'numeric' },
    ]);
    expect(el.shadowRoot!.querySelector('input[type=date]')).toBeNull();
    // Single digits, as people type them: sent as 1988-09-04, which the rules approve.
    const answers = { ...sampleAnswers('gym', 'approved', await sandboxToday()), date_of_birth: '1988-9-4' };
    await answerQuestionnaire(el, questionnaireFor('gym'), answers);
    await click('Continue');
    await untilStep(el, 'decision');
    expect(heading(el)).toBe('You qualify');
  });

  it('a date missing its month and day: the server says so beside the question, and focus goes to its first field', async () => {
    const price = await createPrice({ visit_type: 'gym' });
    const el = mount((await createSession({ line_items: [{ price }] })).client_secret);
    await untilStep(el, 'consultation');
    const { date_of_birth: _dob, ...rest } = sampleAnswers('gym', 'approved', await sandboxToday());
    await answerQuestionnaire(el, questionnaireFor('gym'), rest);
    await userEvent.fill(page.getByRole('group', { name: 'What is your date of birth?' }).getByLabelText('Year', { exact: true }), '1988');
    await click('Continue');
    await until('the error beside the date of birth', () => !!el.shadowRoot!.getElementById('q-date_of_birth-error'));
    expect(el.shadowRoot!.getElementById('q-date_of_birth-error')!.textContent).toBe('Enter a real date in the past');
    await until('focus on the month', () => el.shadowRoot!.activeElement?.id === 'q-date_of_birth-month');
    expect(el.shadowRoot!.getElementById('q-date_of_birth-year')!.getAttribute('aria-invalid')).toBe('true');
  });

  it('Spanish: Día, Mes, Año, the order a Spanish date is written in', async () => {
    const price = await createPrice({ visit_type: 'gym' });
    const el = mount((await createSession({ line_items: [{ price }] })).client_secret, { locale: 'es' });
    await untilStep(el, 'consultation');
    await until('the questions in Spanish', () => dateFields(el)[0]?.label === 'Día');
    expect(dateFields(el).map((f) => f.label)).toEqual(['Día', 'Mes', 'Año']);
  });
});
