import { randomBytes } from 'node:crypto';
import { VISIT_TYPES, type VisitType } from '@flex-checkout/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { useFlexServer, type UpstreamMode } from '../../../test/support/flex-server.js';
import { createPrice, createSession, sandboxToday } from '../../../test/support/checkout.js';
import { decisionWordsFor, questionnaireFor } from '../../sandbox/src/consultations/questionnaires.js';
import { REASONS } from '../../sandbox/src/consultations/reasons.js';
import { sampleAnswers } from '../../sandbox/src/consultations/samples.js';
import type { ServerStore } from '../src/storage/open.js';
import type { Upstream } from '../src/upstream.js';
import { clientSecrets } from '../src/checkout/client-secrets.js';
import { experiences } from '../src/checkout/experience.js';
import { widgetRoutes } from '../src/widget/routes.js';

const ES = { 'accept-language': 'es-US,es;q=0.9,en;q=0.5' };

for (const mode of ['embedded', 'http'] as UpstreamMode[]) {
  describeEachDatabase(`widget routes pass the shopper's language on, upstream ${mode}`, (kind) => {
    const server = useFlexServer(kind, mode, { rateLimit: { perSession: 100, perIp: 1000 } });
    const prices = {} as Record<VisitType, string>;

    beforeAll(async () => {
      for (const v of VISIT_TYPES) prices[v] = (await createPrice(server.sandbox, { visit_type: v })).price_id;
    });

    const widget = async (visitType: VisitType) => {
      const session = await createSession(server.sandbox, { line_items: [{ price: prices[visitType] }] });
      const base = `/flex/sessions/${session.checkout_session_id}`;
      const key = session.client_secret as string;
      return {
        questionnaire: (headers: Record<string, string> = {}) => server.call('GET', `${base}/questionnaire`, { key, headers }),
        consult: (answers: unknown, headers: Record<string, string> = {}) => server.call('POST', `${base}/consultation`, { key, headers, body: { answers } }),
        view: (headers: Record<string, string> = {}) => server.call('GET', base, { key, headers }),
        details: (headers: Record<string, string> = {}) =>
          server.call('POST', `${base}/details`, { key, headers, body: { email: 'ana@example.com', first_name: 'Ana', last_name: 'Ruiz' } }),
      };
    };

    it.each(VISIT_TYPES)("serves %s's questionnaire in the shopper's language, saying which", async (visitType) => {
      const w = await widget(visitType);
      const es = await w.questionnaire(ES);
      expect(es.status).toBe(200);
      expect(es.body.questionnaire).toEqual(questionnaireFor(visitType, 'es'));
      expect(es.headers.get('content-language')).toBe('es');
      expect(es.headers.get('vary')).toMatch(/\bAccept-Language\b/i);

      const en = await w.questionnaire();
      expect(en.body.questionnaire).toEqual(questionnaireFor(visitType, 'en'));
      expect(en.headers.get('content-language')).toBe('en');
      expect(en.headers.get('vary')).toMatch(/\bAccept-Language\b/i);
    });

    it("passes the consultation's reason and the session view's on in Spanish", async () => {
      const w = await widget('nutrition');
      const pending = await w.consult(sampleAnswers('nutrition', 'pending', await sandboxToday(server.sandbox)), ES);
      expect(pending.status, JSON.stringify(pending.body)).toBe(200);
      expect(pending.headers.get('content-language')).toBe('es');
      const review = decisionWordsFor('nutrition', 'es').review;
      expect(pending.body.consultation).toMatchObject({ status: 'pending', reason: review });
      expect(pending.body.checkout_session.consultation.reason).toBe(review);

      const view = await w.view(ES);
      expect(view.headers.get('content-language')).toBe('es');
      expect(view.body.checkout_session.consultation).toMatchObject({ status: 'pending', reason: review });
      const english = await w.view();
      expect(english.headers.get('content-language')).toBe('en');
      expect(english.body.checkout_session.consultation.reason).toBe(decisionWordsFor('nutrition', 'en').review);
      expect((await w.details(ES)).body.checkout_session.consultation.reason).toBe(review);
    });

    it('a denial reads in Spanish; the decision is the same as in English', async () => {
      const today = await sandboxToday(server.sandbox);
      const es = await (await widget('sleep')).consult(sampleAnswers('sleep', 'denied', today), ES);
      const en = await (await widget('sleep')).consult(sampleAnswers('sleep', 'denied', today));
      expect(es.body.consultation).toMatchObject({ status: 'denied', letter: null, reason: REASONS.es.noCondition(decisionWordsFor('sleep', 'es').service) });
      expect(en.body.consultation).toMatchObject({ status: 'denied', letter: null, reason: REASONS.en.noCondition(decisionWordsFor('sleep', 'en').service) });
    });

    it('passes answer problems on in Spanish, without the answer', async () => {
      const w = await widget('gym');
      const answers = { ...sampleAnswers('gym', 'approved', await sandboxToday(server.sandbox)), state: 'PR' };
      const refused = await w.consult(answers, ES);
      expect(refused.status).toBe(422);
      expect(refused.body.detail).toEqual([{ loc: ['body', 'answers', 'state'], msg: 'Elija un estado de EE. UU. de la lista', type: 'value_error' }]);
      expect(refused.headers.get('vary')).toMatch(/\bAccept-Language\b/i);
      // The decision was not taken: the shopper can answer again.
      expect((await w.consult({ ...answers, state: 'NY' }, ES)).body.consultation.status).toBe('approved');
    });
  });
}

describe('widget routes and an upstream that does not negotiate language', () => {
  /** An upstream that records what it was sent and answers without Content-Language, as Flex may. */
  function recordingUpstream() {
    const sent: Headers[] = [];
    const upstream: Upstream = {
      kind: 'http',
      description: 'recording',
      sandboxApp: null,
      fetch(_path, init) {
        sent.push(new Headers(init.headers));
        return Promise.resolve(
          new Response(JSON.stringify({ questionnaire: { visit_type: 'gym', title: 'T', description: 'D', questions: [] } }), {
            status: 200,
            headers: { 'content-type': 'application/json' },
          }),
        );
      },
      close: async () => {},
    };
    const app = widgetRoutes({
      upstream,
      store: {} as ServerStore,
      apiKey: 'fsk_test_x',
      readTimeoutMs: 10_000,
      secrets: clientSecrets(randomBytes(32)),
      // An upstream with the browser API: the in-page calls go to it.
      experiences: experiences(upstream, 'fsk_test_x', 'in-page'),
      restore: (url) => url,
    });
    return { sent, app };
  }
  const id = 'fcs_01JZ0000000000000000000000';
  const auth = { authorization: `Bearer ${id}_secret_abcdefgh12` };

  it("forwards the browser's Accept-Language as it came, and none when none came", async () => {
    const { sent, app } = recordingUpstream();
    const res = await app.request(`/sessions/${id}/questionnaire`, { headers: { ...auth, 'accept-language': 'es-MX,es;q=0.9' } });
    expect(res.status).toBe(200);
    expect(sent[0]!.get('accept-language')).toBe('es-MX,es;q=0.9');
    // Nothing to pass back: no Content-Language is made up; Vary still says the answer may differ.
    expect(res.headers.get('content-language')).toBeNull();
    expect(res.headers.get('vary')).toMatch(/\bAccept-Language\b/i);

    await app.request(`/sessions/${id}/questionnaire`, { headers: auth });
    expect(sent[1]!.has('accept-language')).toBe(false);
  });
});
