import { VISIT_TYPES, type Question, type Questionnaire } from '@flex-checkout/protocol';
import { describe, expect, it } from 'vitest';
import { questionnaireFor } from '../../sandbox/src/consultations/questionnaires.js';
import { shownQuestions as sandboxRule, validateAnswers } from '../../sandbox/src/consultations/rules.js';
import { sampleAnswers } from '../../sandbox/src/consultations/samples.js';
import { collect, shownQuestions as elementRule } from '../src/in-page/questions.js';

const ask = (q: Partial<Question> & Pick<Question, 'id' | 'kind'>): Question => ({
  label: q.id,
  help: null,
  required: true,
  options: null,
  show_if: null,
  max_length: null,
  ...q,
});

/** A chain: the third question depends on the second, which depends on the first. */
const chain: Questionnaire = {
  visit_type: 'sleep',
  title: 'Chain',
  description: '',
  questions: [
    ask({ id: 'snores', kind: 'yes_no' }),
    ask({
      id: 'how_often',
      kind: 'single_choice',
      options: [
        { value: 'nightly', label: 'Nightly' },
        { value: 'weekly', label: 'Weekly' },
      ],
      show_if: [{ question: 'snores', equals: true }],
    }),
    ask({ id: 'partner_says', kind: 'short_text', show_if: [{ question: 'how_often', equals: 'nightly' }] }),
  ],
};
const ids = (questions: Question[]) => questions.map((q) => q.id);
const today = new Date('2026-03-01T12:00:00Z');

/**
 * Review finding 13 (issue 15), its second half: the element (`isShown`) and the sandbox
 * (`shownQuestions`) decided by different rules which consultation questions are shown. Now
 * both import one function from protocol, so what is on screen is what the server checks.
 */
describe('finding 13: the element and the sandbox show consultation questions by one rule', () => {
  it('is the same function, from protocol, in both', () => {
    expect(elementRule).toBe(sandboxRule);
  });

  it('a question that depends on a hidden question is hidden too, and its leftover answer is not sent', () => {
    // The shopper said yes, chose "nightly", typed an answer, then changed the first answer to no.
    const answers = { snores: false, how_often: 'nightly', partner_says: 'Loudly' };
    expect(ids(elementRule(chain, answers))).toEqual(['snores']);
    const sent = collect(chain, answers);
    expect(sent).toEqual({ answers: { snores: false }, missing: [] });
    expect(validateAnswers(chain, sent.answers, today)).toEqual([]);
  });

  it('an answer of only spaces is no answer, on both sides', () => {
    const answers = { snores: true, how_often: 'nightly', partner_says: '   ' };
    expect(ids(collect(chain, answers).missing)).toEqual(['partner_says']);
    expect(validateAnswers(chain, answers, today).map((d) => [d.loc.at(-1), d.type])).toEqual([['partner_says', 'missing']]);
  });

  it("what the element sends for every questionnaire's sample answers is exactly what the sandbox accepts", () => {
    for (const visitType of VISIT_TYPES) {
      for (const outcome of ['approved', 'denied', 'pending'] as const) {
        const questionnaire = questionnaireFor(visitType);
        const answers = sampleAnswers(visitType, outcome, today);
        const sent = collect(questionnaire, answers);
        expect(sent.missing, `${visitType} ${outcome}`).toEqual([]);
        expect(sent.answers, `${visitType} ${outcome}`).toEqual(answers);
        expect(validateAnswers(questionnaire, sent.answers, today), `${visitType} ${outcome}`).toEqual([]);
      }
    }
  });
});
