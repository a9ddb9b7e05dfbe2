import { describe, expect, it } from 'vitest';
import { questionnaireFor } from '../src/consultations/questionnaires.js';
import { validateAnswers } from '../src/consultations/rules.js';

const VISIT_TYPES = ['gym', 'skincare', 'sleep', 'nutrition', 'massage'] as const;

/**
 * Review finding 16 (issue 15): the date question said "As YYYY-MM-DD" beside a native date
 * input that shows mm/dd/yyyy (or dd/mm/aaaa in Spanish). A date question is that native
 * input everywhere (the element and the hosted page); it shows the browser's own format and
 * sends YYYY-MM-DD by itself, so nothing the shopper reads beside it names a pattern.
 */
describe('finding 16: what a date question says matches what a native date input shows', () => {
  it('no date question, in English or Spanish, has help naming a format or an example date', () => {
    for (const visitType of VISIT_TYPES) {
      for (const language of ['en', 'es'] as const) {
        for (const question of questionnaireFor(visitType, language).questions.filter((q) => q.kind === 'date')) {
          expect(question.help ?? '', `${visitType} ${language} ${question.id}`).not.toMatch(/YYYY|AAAA|MM|DD|\d{4}-\d{2}/);
        }
      }
    }
    // What stays is worth reading.
    expect(questionnaireFor('massage', 'en').questions.find((q) => q.id === 'surgery_date')!.help).toBe('An approximate date is fine.');
    expect(questionnaireFor('gym', 'es').questions.find((q) => q.id === 'date_of_birth')!.help).toBeNull();
  });

  it('a missing date is asked for without a pattern, in either language', () => {
    const today = new Date('2026-03-01T12:00:00Z');
    const missingDate = (language: 'en' | 'es') =>
      validateAnswers(questionnaireFor('gym', language), {}, today, language).find((d) => d.loc.at(-1) === 'date_of_birth')!.msg;
    expect(missingDate('en')).toBe('Enter a date');
    expect(missingDate('es')).toBe('Escriba una fecha');
  });
});
