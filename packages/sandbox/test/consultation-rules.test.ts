import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConsultationAnswers, Questionnaire, VISIT_TYPES, type ConsultationStatus, type QuestionKind, type VisitType } from '@flex-checkout/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ATTESTATION, CONDITIONS, DATE_OF_BIRTH, NONE, STATE, US_STATES, definitionFor, questionnaireFor } from '../src/consultations/questionnaires.js';
import { ageOn, decide, validateAnswers } from '../src/consultations/rules.js';
import { sampleAnswers } from '../src/consultations/samples.js';

const TODAY = new Date('2025-06-01T12:00:00Z');
const OUTCOMES: ConsultationStatus[] = ['approved', 'denied', 'pending'];

/** Validates, then decides, as the consultation endpoint will. */
function outcome(visitType: VisitType, answers: ConsultationAnswers, today = TODAY) {
  const q = questionnaireFor(visitType);
  expect(validateAnswers(q, answers, today)).toEqual([]);
  return decide(q, answers, today);
}

/** The errors as `id: type`, which reads well in a failing assertion. */
function problems(visitType: VisitType, answers: ConsultationAnswers, today = TODAY) {
  return validateAnswers(questionnaireFor(visitType), answers, today).map((e) => `${e.loc[2]}: ${e.type}`);
}

const approvedGym = () => sampleAnswers('gym', 'approved', TODAY);

describe('questionnaires', () => {
  it.each(VISIT_TYPES)('%s parses with the protocol schema and keeps the shared shape', (visitType) => {
    const q = Questionnaire.parse(questionnaireFor(visitType));
    expect(q.visit_type).toBe(visitType);
    const first = q.questions[0]!;
    const last = q.questions.at(-1)!;
    expect(first).toMatchObject({ id: CONDITIONS, kind: 'multiple_choice', required: true, show_if: null });
    expect(first.options!.length).toBeGreaterThanOrEqual(4);
    expect(first.options!.at(-1)).toEqual({ value: NONE, label: 'None of these' });
    expect(last).toMatchObject({ id: ATTESTATION, kind: 'yes_no', required: true, show_if: null });
    expect(q.questions.find((x) => x.id === DATE_OF_BIRTH)).toMatchObject({ kind: 'date', required: true, show_if: null });
    expect(q.questions.find((x) => x.id === STATE)).toMatchObject({ kind: 'us_state', required: true, show_if: null });
    expect(q.questions.some((x) => x.show_if !== null)).toBe(true);
  });

  it.each(VISIT_TYPES)('%s is internally consistent', (visitType) => {
    const q = questionnaireFor(visitType);
    const ids = q.questions.map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    q.questions.forEach((question, i) => {
      // Choices and the US state carry their options (the state's list is US_STATES).
      const choice = question.kind === 'single_choice' || question.kind === 'multiple_choice' || question.kind === 'us_state';
      expect(question.options !== null, question.id).toBe(choice);
      if (question.kind === 'us_state') expect(question.options).toEqual(US_STATES);
      if (question.options) expect(new Set(question.options.map((o) => o.value)).size).toBe(question.options.length);
      expect(question.max_length !== null, question.id).toBe(question.kind === 'short_text');
      // A condition must look back at a question that can give the value it waits for.
      for (const c of question.show_if ?? []) {
        const target = q.questions.findIndex((x) => x.id === c.question);
        expect(target, `${question.id} depends on ${c.question}`).toBeGreaterThanOrEqual(0);
        expect(target).toBeLessThan(i);
        const t = q.questions[target]!;
        if (c.includes !== undefined) expect(t.options?.map((o) => o.value)).toContain(c.includes);
        if (typeof c.equals === 'string') expect(t.options?.map((o) => o.value)).toContain(c.equals);
        if (typeof c.equals === 'boolean') expect(t.kind).toBe('yes_no');
      }
    });
    // The review rule names questions that exist and are asked.
    for (const c of definitionFor(visitType).review.when) expect(ids).toContain(c.question);
  });

  it('uses every kind of question across the five', () => {
    const used = new Set(VISIT_TYPES.flatMap((v) => questionnaireFor(v).questions.map((x) => x.kind)));
    const all: QuestionKind[] = ['single_choice', 'multiple_choice', 'yes_no', 'date', 'short_text', 'us_state'];
    expect([...used].sort()).toEqual([...all].sort());
  });

  it('lists the 50 states and DC', () => {
    expect(US_STATES).toHaveLength(51);
    expect(new Set(US_STATES.map((s) => s.value)).size).toBe(51);
    expect(US_STATES).toContainEqual({ value: 'DC', label: 'District of Columbia' });
    for (const s of US_STATES) expect(s.value).toMatch(/^[A-Z]{2}$/);
  });

  it('hands out copies, so a caller cannot change the rules', () => {
    questionnaireFor('gym').questions[0]!.options!.push({ value: 'hacked', label: 'Hacked' });
    expect(questionnaireFor('gym').questions[0]!.options!.map((o) => o.value)).not.toContain('hacked');
  });
});

describe('sampleAnswers', () => {
  for (const visitType of VISIT_TYPES) {
    it.each(OUTCOMES)(`${visitType}: %s`, (expected) => {
      const answers = ConsultationAnswers.parse(sampleAnswers(visitType, expected, TODAY));
      expect(outcome(visitType, answers).status).toBe(expected);
    });
  }

  it('works on a leap day and on new year', () => {
    for (const day of ['2024-02-29T23:59:59Z', '2026-01-01T00:00:00Z']) {
      for (const v of VISIT_TYPES) expect(outcome(v, sampleAnswers(v, 'approved', new Date(day)), new Date(day)).status).toBe('approved');
    }
  });
});

describe('decide', () => {
  describe.each(VISIT_TYPES)('%s', (visitType) => {
    const approved = () => sampleAnswers(visitType, 'approved', TODAY);
    const { service, review } = definitionFor(visitType);

    it('approves a listed condition, an adult, attested, with no reason', () => {
      expect(outcome(visitType, approved())).toEqual({ status: 'approved', reason: null });
    });

    it('denies "None of these", saying no condition this visit treats was found', () => {
      const answers = { ...sampleAnswers(visitType, 'denied', TODAY) };
      expect(answers[CONDITIONS]).toEqual([NONE]);
      expect(outcome(visitType, answers)).toEqual({
        status: 'denied',
        reason: `The consultation found no condition that ${service} treats.`,
      });
    });

    it('denies the day before the 18th birthday and approves on the day', () => {
      const answers = { ...approved(), [DATE_OF_BIRTH]: '2007-06-01' };
      expect(outcome(visitType, answers, new Date('2025-05-31T23:59:59Z'))).toEqual({
        status: 'denied',
        reason: 'You must be 18 or older for this consultation.',
      });
      expect(outcome(visitType, answers, new Date('2025-06-01T00:00:00Z')).status).toBe('approved');
    });

    it('denies when the attestation is "no"', () => {
      expect(outcome(visitType, { ...approved(), [ATTESTATION]: false })).toEqual({
        status: 'denied',
        reason: 'You need to confirm that your answers are true and complete.',
      });
    });

    it('sends the documented combination to a clinician', () => {
      expect(outcome(visitType, sampleAnswers(visitType, 'pending', TODAY))).toEqual({ status: 'pending', reason: review.reason });
    });

    it('applies the rules in order: attestation, then none, then age, then review', () => {
      const pending = sampleAnswers(visitType, 'pending', TODAY);
      const minor = { ...pending, [DATE_OF_BIRTH]: '2010-01-01' };
      expect(outcome(visitType, minor).reason).toMatch(/18 or older/);
      const noneMinor = { ...sampleAnswers(visitType, 'denied', TODAY), [DATE_OF_BIRTH]: '2010-01-01' };
      expect(outcome(visitType, noneMinor).reason).toMatch(/no condition/);
      expect(outcome(visitType, { ...noneMinor, [ATTESTATION]: false }).reason).toMatch(/confirm/);
    });
  });

  it('counts a 29 February birthday as reached on 1 March in a common year', () => {
    expect(ageOn('2004-02-29', new Date('2022-02-28T12:00:00Z'))).toBe(17);
    expect(ageOn('2004-02-29', new Date('2022-03-01T00:00:00Z'))).toBe(18);
    expect(ageOn('2004-02-29', new Date('2024-02-29T00:00:00Z'))).toBe(20);
    const answers = { ...approvedGym(), [DATE_OF_BIRTH]: '2004-02-29' };
    expect(outcome('gym', answers, new Date('2022-02-28T12:00:00Z')).status).toBe('denied');
    expect(outcome('gym', answers, new Date('2022-03-01T12:00:00Z')).status).toBe('approved');
  });

  it('reads the pending question wherever it sits: skincare pregnancy, sleep sedatives with their detail', () => {
    const skin = { ...sampleAnswers('skincare', 'approved', TODAY), pregnant_or_breastfeeding: true };
    expect(outcome('skincare', skin).status).toBe('pending');
    const sleep = { ...sampleAnswers('sleep', 'approved', TODAY), takes_sedatives: true, sedatives_detail: 'Melatonin' };
    expect(outcome('sleep', sleep).status).toBe('pending');
  });
});

describe('validateAnswers', () => {
  /** Valid gym answers (obesity, so no follow-up question) with some changed; unknown types allowed on purpose. */
  const gymWith = (changes: Record<string, unknown>) => {
    const { back_pain_duration: _, ...answers } = approvedGym();
    return { ...answers, conditions: ['obesity'], ...changes } as ConsultationAnswers;
  };

  it('accepts every sample and reports nothing', () => {
    for (const v of VISIT_TYPES) for (const o of OUTCOMES) expect(problems(v, sampleAnswers(v, o, TODAY))).toEqual([]);
  });

  it('points at the question, in words for the shopper', () => {
    const { [STATE]: _, ...answers } = approvedGym();
    expect(validateAnswers(questionnaireFor('gym'), answers, TODAY)).toEqual([{ loc: ['body', 'answers', STATE], msg: 'Choose your state', type: 'missing' }]);
  });

  it('requires every shown required question, and counts blanks as missing', () => {
    expect(problems('gym', {})).toEqual([
      'conditions: missing',
      'date_of_birth: missing',
      'state: missing',
      'activity_level: missing',
      'heart_condition: missing',
      'attestation: missing',
    ]);
    expect(problems('gym', gymWith({ conditions: [], date_of_birth: '  ' }))).toEqual(['conditions: missing', 'date_of_birth: missing']);
    // An optional question may be left out or blank.
    const skin = sampleAnswers('skincare', 'approved', TODAY);
    expect(skin).not.toHaveProperty('current_treatments');
    expect(problems('skincare', { ...skin, current_treatments: '' })).toEqual([]);
  });

  it('makes a conditional question required once its condition holds', () => {
    const withoutBackPain = gymWith({});
    expect(problems('gym', withoutBackPain)).toEqual([]);
    expect(problems('gym', { ...withoutBackPain, conditions: ['obesity', 'lower_back_pain'] })).toEqual(['back_pain_duration: missing']);
    const sleep = sampleAnswers('sleep', 'approved', TODAY);
    expect(problems('sleep', { ...sleep, takes_sedatives: true })).toEqual(['sedatives_detail: missing']);
    const massage = sampleAnswers('massage', 'approved', TODAY);
    expect(problems('massage', { ...massage, recent_surgery: true })).toEqual(['surgery_date: missing']);
    expect(problems('massage', { ...massage, recent_surgery: true, surgery_date: '2025-01-20' })).toEqual([]);
  });

  it('refuses an answer to a hidden conditional question, and to an unknown one', () => {
    const answers = gymWith({ conditions: ['obesity'], back_pain_duration: 'over_3_months', favourite_colour: 'blue' });
    expect(validateAnswers(questionnaireFor('gym'), answers, TODAY)).toEqual([
      {
        loc: ['body', 'answers', 'back_pain_duration'],
        msg: 'This question does not apply to your other answers; leave it unanswered',
        type: 'extra_forbidden',
      },
      { loc: ['body', 'answers', 'favourite_colour'], msg: 'This question is not part of the questionnaire', type: 'extra_forbidden' },
    ]);
    const sleep = sampleAnswers('sleep', 'approved', TODAY);
    expect(problems('sleep', { ...sleep, sedatives_detail: 'None' })).toEqual(['sedatives_detail: extra_forbidden']);
    // Inherited names are not questions either.
    expect(problems('gym', JSON.parse('{"__proto__": "x"}') as ConsultationAnswers)).toContain('__proto__: extra_forbidden');
  });

  it('refuses an answer of the wrong JSON type for each kind', () => {
    const wrong = {
      conditions: 'lower_back_pain', // multiple_choice wants a list
      date_of_birth: 19880914, // date wants a string
      state: ['CO'], // us_state wants a string
      activity_level: ['rarely'], // single_choice wants a string
      heart_condition: 'no', // yes_no wants a boolean
      attestation: 1,
    };
    expect(problems('gym', gymWith(wrong))).toEqual([
      'conditions: type_error',
      'date_of_birth: type_error',
      'state: type_error',
      'activity_level: type_error',
      'heart_condition: type_error',
      'attestation: type_error',
    ]);
    const skin = sampleAnswers('skincare', 'approved', TODAY);
    expect(problems('skincare', { ...skin, current_treatments: true })).toEqual(['current_treatments: type_error']);
    expect(problems('gym', gymWith({ conditions: ['obesity', 3] }))).toEqual(['conditions: type_error']);
  });

  it('refuses choices outside the options, duplicates, and "None of these" with a condition', () => {
    const q = questionnaireFor('gym');
    const msgs = (changes: Record<string, unknown>) => validateAnswers(q, gymWith(changes), TODAY).map((e) => `${e.type}: ${e.msg}`);
    expect(msgs({ activity_level: 'daily' })).toEqual(['value_error: Choose one of the listed options']);
    expect(msgs({ conditions: ['obesity', 'gout'] })).toEqual(['value_error: Choose only from the listed options']);
    expect(msgs({ conditions: ['obesity', 'obesity'] })).toEqual(['value_error: Choose each option only once']);
    expect(msgs({ conditions: ['none', 'obesity'] })).toEqual(['value_error: Choose "None of these" on its own, or only the options that apply']);
  });

  it('limits short text to max_length', () => {
    const skin = sampleAnswers('skincare', 'approved', TODAY);
    expect(problems('skincare', { ...skin, current_treatments: 'x'.repeat(200) })).toEqual([]);
    expect(validateAnswers(questionnaireFor('skincare'), { ...skin, current_treatments: 'x'.repeat(201) }, TODAY)).toEqual([
      { loc: ['body', 'answers', 'current_treatments'], msg: 'Use at most 200 characters', type: 'value_error' },
    ]);
  });

  it('wants real dates, written YYYY-MM-DD, not in the future', () => {
    const msg = (date: string, today = TODAY) => validateAnswers(questionnaireFor('gym'), gymWith({ date_of_birth: date }), today).map((e) => e.msg);
    for (const bad of ['09/14/1988', '1988-9-14', '1988-09-14T00:00:00Z', 'yesterday']) {
      expect(msg(bad), bad).toEqual(['Enter a date as YYYY-MM-DD']);
    }
    for (const bad of ['1988-02-30', '2023-02-29', '1900-02-29', '1988-13-01', '1988-00-10', '1988-04-31', '2025-06-02']) {
      expect(msg(bad), bad).toEqual(['Enter a real date in the past']);
    }
    expect(msg('0988-09-14')).toEqual(['Enter a date in 1900 or later']);
    for (const good of ['2024-02-29', '2000-02-29', '1900-01-01', '2025-06-01']) expect(msg(good), good).toEqual([]);
    // The day is UTC's: just before midnight UTC, tomorrow is still in the future.
    expect(msg('2025-06-02', new Date('2025-06-01T23:59:59Z'))).toEqual(['Enter a real date in the past']);
    expect(msg('2025-06-02', new Date('2025-06-02T00:00:00Z'))).toEqual([]);
  });

  it('wants a state code from the list', () => {
    expect(problems('gym', gymWith({ state: 'DC' }))).toEqual([]);
    for (const bad of ['ca', 'PR', 'California', 'XX']) expect(problems('gym', gymWith({ state: bad })), bad).toEqual(['state: value_error']);
  });
});

describe('the documented examples (docs/consultations.md)', () => {
  const doc = readFileSync(fileURLToPath(new URL('../../../docs/consultations.md', import.meta.url)), 'utf8');
  const examples = [...doc.matchAll(/```json (\w+) (approved|denied|pending)\n([\s\S]*?)```/g)].map((m) => ({
    visitType: m[1] as VisitType,
    expected: m[2] as ConsultationStatus,
    answers: ConsultationAnswers.parse(JSON.parse(m[3]!)),
  }));

  it('gives one approved, one denied and one pending example per visit type', () => {
    expect(examples.map((e) => `${e.visitType} ${e.expected}`).sort()).toEqual(VISIT_TYPES.flatMap((v) => OUTCOMES.map((o) => `${v} ${o}`)).sort());
  });

  it('decides each example as documented on 2025-06-01', () => {
    for (const e of examples) expect(outcome(e.visitType, e.answers).status, `${e.visitType} ${e.expected}`).toBe(e.expected);
  });
});

describe('privacy', () => {
  afterEach(() => vi.restoreAllMocks());

  it('never calls console while validating or deciding', () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((m) => vi.spyOn(console, m));
    for (const v of VISIT_TYPES) {
      for (const o of OUTCOMES) {
        const answers = sampleAnswers(v, o, TODAY);
        validateAnswers(questionnaireFor(v), { ...answers, unknown: 'x', [DATE_OF_BIRTH]: 'bad' }, TODAY);
        decide(questionnaireFor(v), answers, TODAY);
      }
    }
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it('has no console call in its source', () => {
    const dir = fileURLToPath(new URL('../src/consultations/', import.meta.url));
    // Every source file of consultations/, translations included.
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files).toEqual(expect.arrayContaining(['rules.ts', join('questionnaires', 'gym.ts'), join('questionnaires', 'es', 'gym.ts')]));
    for (const f of files) expect(readFileSync(join(dir, f), 'utf8'), f).not.toMatch(/\bconsole\b/);
  });
});
