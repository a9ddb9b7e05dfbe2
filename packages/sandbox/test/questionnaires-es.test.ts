import { ConsultationAnswers, Questionnaire, VISIT_TYPES, type ConsultationStatus, type Question, type VisitType } from '@flex-checkout/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { useSandbox } from '../../../test/support/sandbox.js';
import { createPrice, createSession, sandboxToday } from '../../../test/support/checkout.js';
import { DATE_OF_BIRTH, NONE, US_STATES, decisionWordsFor, definitionFor, questionnaireFor } from '../src/consultations/questionnaires.js';
import { reasonIn } from '../src/consultations/reason-in.js';
import { REASONS } from '../src/consultations/reasons.js';
import { ADULT_AGE, decide, validateAnswers } from '../src/consultations/rules.js';
import { sampleAnswers } from '../src/consultations/samples.js';
import { translateQuestionnaire } from '../src/consultations/questionnaires/translation.js';

const TODAY = new Date('2025-06-01T12:00:00Z');
const OUTCOMES: ConsultationStatus[] = ['approved', 'denied', 'pending'];
const spanishOrder = new Intl.Collator('es').compare;

/** Everything but the words: what answers and the decision rules depend on. */
function structureOf(q: Questionnaire) {
  return {
    visit_type: q.visit_type,
    questions: q.questions.map((x: Question) => ({
      id: x.id,
      kind: x.kind,
      required: x.required,
      show_if: x.show_if,
      max_length: x.max_length,
      // The states are listed alphabetically in each language; every other list keeps its order.
      options: x.options && (x.kind === 'us_state' ? x.options.map((o) => o.value).sort() : x.options.map((o) => o.value)),
    })),
  };
}

/** Every word a shopper reads, with where it is. */
function wordsOf(q: Questionnaire): [string, string][] {
  return [
    ['title', q.title],
    ['description', q.description],
    ...q.questions.flatMap((x): [string, string][] => [
      [`${x.id}.label`, x.label],
      ...(x.help === null ? [] : ([[`${x.id}.help`, x.help]] as [string, string][])),
      ...(x.options ?? []).map((o): [string, string] => [`${x.id}.${o.value}`, o.label]),
    ]),
  ];
}

// Words that are the same in English and Spanish (besides state names like Texas).
const SAME_IN_BOTH = new Set(['Prediabetes', 'Osteoporosis', 'Psoriasis', 'Melasma']);

describe('the Spanish questionnaires', () => {
  it.each(VISIT_TYPES)('%s has exactly the English structure: ids, kinds, required, show_if, option values', (visitType) => {
    const en = questionnaireFor(visitType, 'en');
    const es = Questionnaire.parse(questionnaireFor(visitType, 'es'));
    expect(structureOf(es)).toEqual(structureOf(en));
    expect(es.questions.map((x) => x.id)).toEqual(en.questions.map((x) => x.id));
  });

  it.each(VISIT_TYPES)('%s is in Spanish: every title, label, help and option, none left in English', (visitType) => {
    const en = new Map(wordsOf(questionnaireFor(visitType, 'en')));
    const es = questionnaireFor(visitType, 'es');
    const stateNames = new Set(US_STATES.map((s) => s.label));
    const unchanged = wordsOf(es).filter(([where, words]) => words === en.get(where) && !SAME_IN_BOTH.has(words) && !stateNames.has(words));
    expect(unchanged).toEqual([]);
    for (const [where, words] of wordsOf(es)) expect(words.trim(), where).not.toBe('');

    expect(es.questions[0]!.options!.at(-1)).toEqual({ value: NONE, label: 'Ninguna de estas' });
    expect(es.questions.at(-1)).toMatchObject({ id: 'attestation', label: 'Confirmo que mis respuestas son verdaderas y completas.' });
    expect(es.questions.find((x) => x.id === DATE_OF_BIRTH)!.label).toBe('¿Cuál es su fecha de nacimiento?');
  });

  it('names the states in Spanish where the names differ, listed in Spanish alphabetical order', () => {
    const states = questionnaireFor('gym', 'es').questions.find((x) => x.kind === 'us_state')!.options!;
    const byCode = Object.fromEntries(states.map((s) => [s.value, s.label]));
    expect(byCode).toMatchObject({
      NY: 'Nueva York',
      NC: 'Carolina del Norte',
      SC: 'Carolina del Sur',
      ND: 'Dakota del Norte',
      PA: 'Pensilvania',
      HI: 'Hawái',
      LA: 'Luisiana',
      NM: 'Nuevo México',
      WV: 'Virginia Occidental',
      DC: 'Distrito de Columbia',
      TX: 'Texas',
      CA: 'California',
    });
    expect(states).toHaveLength(51);
    expect(states.map((s) => s.label)).toEqual([...states.map((s) => s.label)].sort(spanishOrder));
    // Carolina del Norte is looked for under C in Spanish, not under N as in English.
    expect(states.findIndex((s) => s.value === 'NC')).toBeLessThan(states.findIndex((s) => s.value === 'CO'));
  });

  it('hands out copies: changing one does not change the next', () => {
    questionnaireFor('gym', 'es').questions[0]!.options!.push({ value: 'hacked', label: 'Pirateado' });
    expect(questionnaireFor('gym', 'es').questions[0]!.options!.map((o) => o.value)).not.toContain('hacked');
  });

  it('a translation that misses a word, or has one for a question that does not exist, is refused by name', () => {
    const english = questionnaireFor('sleep', 'en');
    const complete = {
      title: 't',
      description: 'd',
      questions: Object.fromEntries(
        english.questions.map((x) => [
          x.id,
          {
            label: `l ${x.id}`,
            ...(x.help === null ? {} : { help: 'h' }),
            ...(x.options ? { options: Object.fromEntries(x.options.map((o) => [o.value, `o ${o.value}`])) } : {}),
          },
        ]),
      ),
    };
    const where = { where: 'es/sleep' };
    expect(translateQuestionnaire(english, complete, where).questions[0]!.label).toBe('l conditions');

    const without = (f: (q: typeof complete.questions) => void) => {
      const copy = structuredClone(complete);
      f(copy.questions);
      return () => translateQuestionnaire(english, copy, where);
    };
    expect(without((q) => delete q.uses_cpap)).toThrow(/es\/sleep: question "uses_cpap" has no words/);
    expect(without((q) => delete q.conditions!.options!.insomnia)).toThrow(/option "conditions.insomnia" has no label/);
    expect(without((q) => (q.conditions!.options!.narcolepsy = 'Narcolepsia'))).toThrow(/labels option "narcolepsy"/);
    expect(without((q) => (q.dreams = { label: 'Sueños' }))).toThrow(/question "dreams", which the questionnaire does not have/);
    expect(without((q) => delete q.sedatives_detail!.help)).toThrow(/"sedatives_detail" has no help text/);
    expect(without((q) => (q.uses_cpap!.help = 'extra'))).toThrow(/"uses_cpap" has help text the English does not have/);
    expect(without((q) => (q.takes_sedatives!.label = ''))).toThrow(/"takes_sedatives" has no label/);
  });
});

describe('decision reasons in Spanish', () => {
  it.each(VISIT_TYPES)('%s: every reason the rules give is recorded in English and shown in Spanish', (visitType) => {
    const q = questionnaireFor(visitType);
    const { service, review } = definitionFor(visitType);
    const es = decisionWordsFor(visitType, 'es');
    const denied = decide(q, sampleAnswers(visitType, 'denied', TODAY), TODAY);
    const pending = decide(q, sampleAnswers(visitType, 'pending', TODAY), TODAY);
    const minor = decide(q, { ...sampleAnswers(visitType, 'approved', TODAY), [DATE_OF_BIRTH]: '2010-01-01' }, TODAY);
    const unattested = decide(q, { ...sampleAnswers(visitType, 'approved', TODAY), attestation: false }, TODAY);

    expect(denied.reason).toBe(`The consultation found no condition that ${service} treats.`);
    expect(reasonIn(denied.reason, 'es')).toBe(`La consulta no encontró ninguna afección que pueda atenderse con ${es.service}.`);
    expect(pending.reason).toBe(review.reason);
    expect(reasonIn(pending.reason, 'es')).toBe(es.review);
    expect(es.review).toMatch(/^Un profesional de la salud necesita revisar /);
    expect(reasonIn(minor.reason, 'es')).toBe(`Debe tener ${ADULT_AGE} años o más para esta consulta.`);
    expect(reasonIn(unattested.reason, 'es')).toBe('Debe confirmar que sus respuestas son verdaderas y completas.');
    for (const d of [denied, pending, minor, unattested]) expect(reasonIn(d.reason, 'en')).toBe(d.reason);
  });

  it("shows the clinician's denial in Spanish, null as null, and an unknown reason as recorded", () => {
    expect(reasonIn(REASONS.en.clinicianDenied, 'es')).toBe(REASONS.es.clinicianDenied);
    expect(reasonIn(null, 'es')).toBeNull();
    expect(reasonIn('A reason from a later sandbox.', 'es')).toBe('A reason from a later sandbox.');
  });
});

describe('answer problems in Spanish', () => {
  it('finds the same problems in either language, told in the language asked for', () => {
    const q = questionnaireFor('gym');
    const bad = {
      ...sampleAnswers('gym', 'approved', TODAY),
      conditions: ['none', 'obesity'],
      date_of_birth: '2999-01-01',
      state: 'PR',
      activity_level: 'sometimes',
      unknown: 'x',
    };
    const en = validateAnswers(q, bad, TODAY, 'en');
    const es = validateAnswers(q, bad, TODAY, 'es');
    expect(es.map(({ loc, type }) => ({ loc, type }))).toEqual(en.map(({ loc, type }) => ({ loc, type })));
    expect(Object.fromEntries(es.map((e) => [e.loc[2], e.msg]))).toEqual({
      conditions: 'Elija "Ninguna de estas" por sí sola, o solo las opciones que correspondan',
      // Answered, but shown only with lower back pain among the conditions.
      back_pain_duration: 'Esta pregunta no corresponde según sus otras respuestas; déjela sin responder',
      date_of_birth: 'Escriba una fecha real que ya haya pasado',
      state: 'Elija un estado de EE. UU. de la lista',
      activity_level: 'Elija una de las opciones de la lista',
      unknown: 'Esta pregunta no forma parte del cuestionario',
    });
    expect(validateAnswers(q, bad, TODAY)).toEqual(en);
    const missing = validateAnswers(q, {}, TODAY, 'es').map((e) => e.msg);
    expect(missing).toEqual(expect.arrayContaining(['Elija al menos una opción', 'Escriba una fecha', 'Elija su estado', 'Responda sí o no']));
  });
});

describeEachDatabase('the sandbox in Spanish, by Accept-Language', (kind) => {
  const sandbox = useSandbox(kind);
  const prices = {} as Record<VisitType, string>;
  const ES = { 'accept-language': 'es-MX,es;q=0.9,en;q=0.8' };

  beforeAll(async () => {
    for (const v of VISIT_TYPES) prices[v] = (await createPrice(sandbox.call, { visit_type: v })).price_id;
  });

  const open = async (visitType: VisitType) => {
    const session = await createSession(sandbox.call, { line_items: [{ price: prices[visitType] }] });
    const base = `/v1/client/checkout_sessions/${session.checkout_session_id}`;
    const key = session.client_secret as string;
    return {
      session,
      questionnaire: (headers: Record<string, string> = {}) => sandbox.call('GET', `${base}/questionnaire`, { key, headers }),
      consult: (answers: unknown, headers: Record<string, string> = {}) => sandbox.call('POST', `${base}/consultation`, { key, headers, body: { answers } }),
      view: (headers: Record<string, string> = {}) => sandbox.call('GET', base, { key, headers }),
      details: (headers: Record<string, string> = {}) =>
        sandbox.call('POST', `${base}/customer_details`, { key, headers, body: { email: 'ana@example.com', first_name: 'Ana', last_name: 'Ruiz' } }),
    };
  };

  it.each(VISIT_TYPES)("serves %s's questionnaire in Spanish to the browser, with Content-Language and Vary", async (visitType) => {
    const browser = await open(visitType);
    const es = await browser.questionnaire(ES);
    expect(es.status).toBe(200);
    expect(es.headers.get('content-language')).toBe('es');
    expect(es.headers.get('vary')).toMatch(/\bAccept-Language\b/i);
    expect(es.body.questionnaire).toEqual(questionnaireFor(visitType, 'es'));
    expect(es.body.questionnaire.questions[0].options.at(-1).label).toBe('Ninguna de estas');
    expect(structureOf(es.body.questionnaire)).toEqual(structureOf(questionnaireFor(visitType, 'en')));

    const en = await browser.questionnaire();
    expect(en.headers.get('content-language')).toBe('en');
    expect(en.headers.get('vary')).toMatch(/\bAccept-Language\b/i);
    expect(en.body.questionnaire).toEqual(questionnaireFor(visitType, 'en'));
  });

  it('negotiates the language from Accept-Language: Spanish only when an es tag is preferred among the two', async () => {
    const browser = await open('gym');
    const cases: [string, 'en' | 'es'][] = [
      ['es', 'es'],
      ['ES', 'es'],
      ['es-419', 'es'],
      ['es-US,en;q=0.5', 'es'],
      ['fr-FR,fr;q=0.9,es;q=0.5', 'es'],
      ['en;q=0.4,es;q=0.6', 'es'],
      ['en-US,en;q=0.9,es;q=0.8', 'en'],
      ['es;q=0,en', 'en'],
      ['es;q=0', 'en'],
      ['fr', 'en'],
      ['*', 'en'],
      ['', 'en'],
      ['not a language tag;;;', 'en'],
    ];
    const title = { en: questionnaireFor('gym', 'en').title, es: questionnaireFor('gym', 'es').title };
    for (const [header, expected] of cases) {
      const answer = await browser.questionnaire({ 'accept-language': header });
      expect(answer.status, header).toBe(200);
      expect(answer.headers.get('content-language'), header).toBe(expected);
      expect(answer.body.questionnaire.title, header).toBe(title[expected]);
    }
  });

  it('serves the secret-key questionnaires in Spanish too', async () => {
    for (const v of VISIT_TYPES) {
      const es = await sandbox.call('GET', `/v1/questionnaires/${v}`, { headers: { 'accept-language': 'es' } });
      expect(es.status).toBe(200);
      expect(es.headers.get('content-language')).toBe('es');
      expect(es.headers.get('vary')).toMatch(/\bAccept-Language\b/i);
      expect(es.body.questionnaire).toEqual(questionnaireFor(v, 'es'));
      const en = await sandbox.call('GET', `/v1/questionnaires/${v}`);
      expect(en.headers.get('content-language')).toBe('en');
      expect(en.body.questionnaire).toEqual(questionnaireFor(v, 'en'));
    }
    const unknown = await sandbox.call('GET', '/v1/questionnaires/dental', { headers: { 'accept-language': 'es' } });
    expect(unknown.status).toBe(422);
    expect(unknown.headers.get('content-language')).toBeNull();
    expect(unknown.headers.get('vary')).toMatch(/\bAccept-Language\b/i);
  });

  describe.each(VISIT_TYPES)('%s', (visitType) => {
    it.each(OUTCOMES)('%s: answered from the Spanish questionnaire, decided as in English, the reason in Spanish', async (outcome) => {
      const today = await sandboxToday(sandbox.call);
      const answers = ConsultationAnswers.parse(sampleAnswers(visitType, outcome, today));
      // Every answer is one a Spanish reader can give: each value is among the Spanish options.
      const spanish = (await (await open(visitType)).questionnaire(ES)).body.questionnaire as Questionnaire;
      for (const [id, value] of Object.entries(answers)) {
        const question = spanish.questions.find((x) => x.id === id)!;
        for (const v of Array.isArray(value) ? value : [value]) {
          if (question.options)
            expect(
              question.options.map((o) => o.value),
              `${id}=${v}`,
            ).toContain(v);
        }
      }

      const inSpanish = await open(visitType);
      const inEnglish = await open(visitType);
      const es = await inSpanish.consult(answers, ES);
      const en = await inEnglish.consult(answers);
      expect(es.status, JSON.stringify(es.body)).toBe(200);
      expect(en.status, JSON.stringify(en.body)).toBe(200);
      expect(es.headers.get('content-language')).toBe('es');
      expect(en.headers.get('content-language')).toBe('en');

      const decisionOf = (body: any) => ({
        status: body.consultation.status,
        letter: body.consultation.letter && { visit_type: body.consultation.letter.visit_type, status: body.consultation.letter.status },
        consultation_required: body.checkout_session.consultation_required,
      });
      expect(es.body.consultation.status).toBe(outcome);
      expect(decisionOf(es.body)).toEqual(decisionOf(en.body));

      const words = decisionWordsFor(visitType, 'es');
      const expectedEs = { approved: null, denied: REASONS.es.noCondition(words.service), pending: words.review }[outcome];
      expect(es.body.consultation.reason).toBe(expectedEs);
      expect(en.body.consultation.reason).toBe(decide(questionnaireFor(visitType), answers, today).reason);
      expect(es.body.checkout_session.consultation.reason).toBe(expectedEs);

      // The view reads the recorded reason in the language of each request.
      const viewEs = await inSpanish.view(ES);
      expect(viewEs.headers.get('content-language')).toBe('es');
      expect(viewEs.body.checkout_session.consultation).toMatchObject({ status: outcome, reason: expectedEs });
      expect((await inSpanish.view()).body.checkout_session.consultation.reason).toBe(en.body.consultation.reason);
      expect((await inEnglish.view(ES)).body.checkout_session.consultation.reason).toBe(expectedEs);

      // The record stays in English, whatever the shopper read: the secret-key API and the events.
      const record = await sandbox.call('GET', `/v1/consultations/${es.body.consultation.consultation_id}`, { headers: ES });
      expect(record.body.consultation.reason).toBe(en.body.consultation.reason);
      if (outcome !== 'pending') {
        const events = (await sandbox.call('GET', `/v1/events?type=consultation.${outcome}&limit=100`)).body.events as any[];
        const event = events.find((e) => e.object.consultation_id === es.body.consultation.consultation_id);
        expect(event.object.reason).toBe(en.body.consultation.reason);
      }
    });
  });

  it('a shopper choosing by the Spanish labels is approved with a letter, as in English', async () => {
    const browser = await open('gym');
    const q = (await browser.questionnaire(ES)).body.questionnaire as Questionnaire;
    const pick = (id: string, label: string) => q.questions.find((x) => x.id === id)!.options!.find((o) => o.label === label)!.value;
    const answers = {
      conditions: [pick('conditions', 'Dolor en la parte baja de la espalda'), pick('conditions', 'Presión arterial alta (hipertensión)')],
      date_of_birth: '1988-09-14',
      state: pick('state', 'Nueva York'),
      back_pain_duration: pick('back_pain_duration', 'Más de 3 meses'),
      activity_level: pick('activity_level', 'Casi nunca'),
      heart_condition: false,
      attestation: true,
    };
    expect(answers).toMatchObject({
      conditions: ['lower_back_pain', 'hypertension'],
      state: 'NY',
      back_pain_duration: 'over_3_months',
      activity_level: 'rarely',
    });
    const decided = await browser.consult(answers, ES);
    expect(decided.body.consultation).toMatchObject({ status: 'approved', reason: null, letter: { visit_type: 'gym', status: 'valid' } });
    expect(decided.body.checkout_session.consultation_required).toBe(false);

    const english = await open('gym');
    const enDecided = await english.consult(answers);
    expect(enDecided.body.consultation).toMatchObject({ status: 'approved', reason: null, letter: { visit_type: 'gym', status: 'valid' } });
  });

  it('tells answer problems in Spanish, and keeps nothing', async () => {
    const browser = await open('massage');
    const answers = { ...sampleAnswers('massage', 'approved', await sandboxToday(sandbox.call)), date_of_birth: '2999-12-31' };
    const refused = await browser.consult(answers, ES);
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toEqual([{ loc: ['body', 'answers', 'date_of_birth'], msg: 'Escriba una fecha real que ya haya pasado', type: 'value_error' }]);
    expect(refused.headers.get('vary')).toMatch(/\bAccept-Language\b/i);
    expect(JSON.stringify(refused.body)).not.toContain('2999-12-31');
    const english = await browser.consult(answers);
    expect(english.body.detail).toEqual([{ loc: ['body', 'answers', 'date_of_birth'], msg: 'Enter a real date in the past', type: 'value_error' }]);
    expect((await sandbox.call('GET', `/v1/consultations?checkout_session=${browser.session.checkout_session_id}`)).body.consultations).toEqual([]);
  });

  it("shows a clinician's denial in Spanish on every answer that carries the session view", async () => {
    const browser = await open('skincare');
    const pending = await browser.consult(sampleAnswers('skincare', 'pending', await sandboxToday(sandbox.call)), ES);
    expect(pending.body.consultation).toMatchObject({ status: 'pending', reason: decisionWordsFor('skincare', 'es').review });
    const id = pending.body.consultation.consultation_id;
    const resolved = await sandbox.call('POST', `/v1/test_helpers/consultations/${id}/resolve`, { body: { decision: 'denied' } });
    expect(resolved.body.consultation.reason).toBe(REASONS.en.clinicianDenied);

    expect((await browser.view(ES)).body.checkout_session.consultation).toMatchObject({ status: 'denied', reason: REASONS.es.clinicianDenied });
    const details = await browser.details(ES);
    expect(details.status).toBe(200);
    expect(details.headers.get('content-language')).toBe('es');
    expect(details.body.checkout_session.consultation.reason).toBe(REASONS.es.clinicianDenied);
    expect((await browser.details()).body.checkout_session.consultation.reason).toBe(REASONS.en.clinicianDenied);
  });
});
