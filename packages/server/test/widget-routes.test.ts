import { expect, it, beforeAll } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { useFlexServer, type UpstreamMode } from '../../../test/support/flex-server.js';
import { CARDS, createPrice, createSession, sandboxToday, tokenFor } from '../../../test/support/checkout.js';
import { sampleAnswers } from '../../sandbox/src/consultations/samples.js';

for (const mode of ['embedded', 'http'] as UpstreamMode[]) {
  describeEachDatabase(`widget routes, upstream ${mode}`, (kind) => {
    const server = useFlexServer(kind, mode, { allowedOrigins: ['https://shop.example'], rateLimit: { perSession: 40, perIp: 1000 } });
    let gym: { price_id: string };

    beforeAll(async () => {
      gym = await createPrice(server.sandbox, { visit_type: 'gym' }, { unit_amount: 4999 });
    });

    const widget = (session: { checkout_session_id: string; client_secret: string }) => {
      const base = `/flex/sessions/${session.checkout_session_id}`;
      const key = session.client_secret;
      return {
        view: () => server.call('GET', base, { key }),
        status: () => server.call('GET', `${base}/status`, { key }),
        questionnaire: () => server.call('GET', `${base}/questionnaire`, { key }),
        consult: (answers: unknown) => server.call('POST', `${base}/consultation`, { key, body: { answers } }),
        details: (body: unknown) => server.call('POST', `${base}/details`, { key, body }),
        confirm: (token: string, idempotencyKey?: string) =>
          server.call('POST', `${base}/confirm`, {
            key,
            body: { confirmation_token: token },
            headers: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {},
          }),
        cancel: () => server.call('POST', `${base}/cancel`, { key }),
      };
    };

    async function readyToPay(email: string) {
      const session = await createSession(server.sandbox, { line_items: [{ price: gym.price_id }], setup_future_use: 'off_session' });
      const w = widget(session);
      const decided = await w.consult(sampleAnswers('gym', 'approved', await sandboxToday(server.sandbox)));
      expect(decided.status, JSON.stringify(decided.body)).toBe(200);
      expect((await w.details({ email, first_name: 'Pat', last_name: 'Payer' })).status).toBe(200);
      return { session, w };
    }

    it("reads the session's public view, scoped by its client secret", async () => {
      const session = await createSession(server.sandbox, { line_items: [{ price: gym.price_id, quantity: 2 }] });
      const view = await widget(session).view();
      expect(view.status).toBe(200);
      expect(view.body.checkout_session).toMatchObject({
        checkout_session_id: session.checkout_session_id,
        amount_total: 9998,
        currency: 'usd',
        mode: 'payment',
        visit_type: 'gym',
        consultation_required: true,
        status: 'open',
        line_items: [{ name: expect.any(String), quantity: 2, amount_total: 9998 }],
        payment: { publishable_key: 'fpk_test_sandbox', stripe_js_url: expect.stringMatching(/\/sandbox\/stripe\.js$/) },
      });
      if (mode === 'embedded') expect(view.body.checkout_session.payment.stripe_js_url).toBe('http://shop.test/sandbox/stripe.js');

      const other = await createSession(server.sandbox, { line_items: [{ price: gym.price_id }] });
      // Another session's secret, a wrong secret, a session that does not exist: one answer,
      // so a wrong secret never tells which session IDs exist (review finding 2, issue 15).
      const crossed = await server.call('GET', `/flex/sessions/${other.checkout_session_id}`, { key: session.client_secret });
      const forged = await server.call('GET', `/flex/sessions/${session.checkout_session_id}`, { key: `${session.checkout_session_id}_secret_notthesecret` });
      const unknownId = 'fcs_01ARZ3NDEKTSV4RRFFQ69G5FAV';
      const unknown = await server.call('GET', `/flex/sessions/${unknownId}`, { key: `${unknownId}_secret_notthesecret` });
      for (const refused of [crossed, forged, unknown]) {
        expect(refused.status).toBe(401);
        expect(refused.body).toEqual(forged.body);
      }
      expect(forged.body.detail[0].type).toBe('authentication_error');
      const none = await server.call('GET', `/flex/sessions/${session.checkout_session_id}`, { key: null });
      expect(none.status).toBe(401);
    });

    it('runs the consultation, details and payment, and replays a retried confirm without charging again', async () => {
      const { session, w } = await readyToPay('replay@example.com');
      const questionnaire = await w.questionnaire();
      expect(questionnaire.body.questionnaire.visit_type).toBe('gym');

      const token = await tokenFor(server.sandbox, CARDS.visa);
      const missingKey = await w.confirm(token);
      expect(missingKey.status).toBe(400);
      expect(missingKey.body.detail[0].loc).toEqual(['header', 'idempotency-key']);

      const first = await w.confirm(token, 'attempt-0001');
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ status: 'complete', checkout_session: { status: 'complete', completion: { card: { last4: '4242' } } } });
      const again = await w.confirm(token, 'attempt-0001');
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      const otherBody = await w.confirm(await tokenFor(server.sandbox, CARDS.visa), 'attempt-0001');
      expect(otherBody.status).toBe(409);

      const intents = (await server.sandbox('GET', `/v1/payment_intents?checkout_session=${session.checkout_session_id}`)).body.payment_intents;
      expect(intents).toHaveLength(1);
      expect((await w.status()).body).toMatchObject({ status: 'complete', payment_intent: { status: 'succeeded' } });
    });

    it("finding 5: a confirm with a wrong secret does not claim its Idempotency-Key: the shopper's confirm with that key pays", async () => {
      const { session, w } = await readyToPay('poison@example.com');
      const token = await tokenFor(server.sandbox, CARDS.visa);
      // Someone who saw the key (a log, a shared proxy) sends it first, with a forged secret.
      const forged = await server.call('POST', `/flex/sessions/${session.checkout_session_id}/confirm`, {
        key: `${session.checkout_session_id}_secret_notthesecret`,
        body: { confirmation_token: token },
        headers: { 'idempotency-key': 'poison-attempt-1' },
      });
      expect(forged.status).toBe(401);
      // The real shopper's confirm is carried out, not answered with the stored 401.
      const paid = await w.confirm(token, 'poison-attempt-1');
      expect(paid.status, JSON.stringify(paid.body)).toBe(200);
      expect(paid.body).toMatchObject({ status: 'complete', checkout_session: { status: 'complete' } });
      expect(paid.headers.get('idempotent-replayed')).toBeNull();
      // And the forger, sending it again, still gets the 401, not the shopper's answer.
      const again = await server.call('POST', `/flex/sessions/${session.checkout_session_id}/confirm`, {
        key: `${session.checkout_session_id}_secret_notthesecret`,
        body: { confirmation_token: token },
        headers: { 'idempotency-key': 'poison-attempt-1' },
      });
      expect(again.status).toBe(401);
      expect(again.body).not.toHaveProperty('checkout_session');
    });

    it('ten rapid confirms with one key charge once', async () => {
      const { session, w } = await readyToPay('rapid@example.com');
      const token = await tokenFor(server.sandbox, CARDS.visa);
      const answers = await Promise.all(Array.from({ length: 10 }, () => w.confirm(token, 'rapid-attempt-1')));
      for (const a of answers) expect(a.status, JSON.stringify(a.body)).toBe(200);
      expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
      const intents = (await server.sandbox('GET', `/v1/payment_intents?checkout_session=${session.checkout_session_id}`)).body.payment_intents;
      expect(intents.filter((pi: any) => pi.status === 'succeeded')).toHaveLength(1);
    });

    it('passes a decline on in words a shopper can act on, then takes another card', async () => {
      const { w } = await readyToPay('decline@example.com');
      const declined = await w.confirm(await tokenFor(server.sandbox, CARDS.insufficientFunds), 'decline-attempt-1');
      expect(declined.status).toBe(402);
      expect(declined.body.detail[0]).toMatchObject({ type: 'card_error', msg: expect.stringMatching(/insufficient funds/i) });
      const paid = await w.confirm(await tokenFor(server.sandbox, CARDS.visa), 'decline-attempt-2');
      expect(paid.body.status).toBe('complete');
    });

    it('3-D Secure: requires_action carries what Stripe.js needs', async () => {
      const { w } = await readyToPay('threeds@example.com');
      const answer = await w.confirm(await tokenFor(server.sandbox, CARDS.threeDSecure), 'threeds-attempt-1');
      expect(answer.body).toMatchObject({ status: 'requires_action', next_action: { client_secret: expect.stringMatching(/^fpi_/) } });
      // The challenge page talks to the sandbox's origin: through this server when embedded.
      const target = mode === 'embedded' ? server.call : server.sandbox;
      const done = await target('POST', '/v1/client/next_action/authenticate', {
        key: 'fpk_test_sandbox',
        body: { client_secret: answer.body.next_action.client_secret, result: 'complete' },
      });
      expect(done.body.intent.status).toBe('succeeded');
      expect((await w.view()).body.checkout_session.status).toBe('complete');
    });

    it('validates details and answers without echoing them', async () => {
      const session = await createSession(server.sandbox, { line_items: [{ price: gym.price_id }] });
      const w = widget(session);
      const bad = await w.details({ email: 'not-an-email', first_name: 'A', last_name: 'B' });
      expect(bad.status).toBe(422);
      expect(bad.body.detail[0].loc).toEqual(['body', 'email']);
      const wrong = await w.consult({ date_of_birth: '1990-02-30', conditions: ['lower_back_pain'] });
      expect(wrong.status).toBe(422);
      expect(JSON.stringify(wrong.body)).not.toContain('1990-02-30');
    });

    it('cancel expires the session; nothing can be confirmed after', async () => {
      const { w } = await readyToPay('cancel@example.com');
      const cancelled = await w.cancel();
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.checkout_session.status).toBe('expired');
      const late = await w.confirm(await tokenFor(server.sandbox, CARDS.visa), 'cancel-attempt-1');
      expect(late.status).toBe(409);
      expect(late.body.detail[0].type).toBe('session_expired');
    });

    it('guards: CORS for allowed origins only, 64 KB bodies, security headers', async () => {
      const session = await createSession(server.sandbox, { line_items: [{ price: gym.price_id }] });
      const allowed = await server.call('GET', `/flex/sessions/${session.checkout_session_id}`, {
        key: session.client_secret,
        headers: { origin: 'https://shop.example' },
      });
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
      const refused = await server.call('GET', `/flex/sessions/${session.checkout_session_id}`, {
        key: session.client_secret,
        headers: { origin: 'https://evil.example' },
      });
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
      expect(allowed.headers.get('x-content-type-options')).toBe('nosniff');
      const huge = await server.call('POST', `/flex/sessions/${session.checkout_session_id}/details`, {
        key: session.client_secret,
        body: { email: 'a@b.co', first_name: 'x'.repeat(70 * 1024), last_name: 'y' },
      });
      expect(huge.status).toBe(413);
      expect(huge.body.detail[0].type).toBe('payload_too_large');
      expect(allowed.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    });

    if (mode === 'embedded') {
      it("serves the sandbox's card frame with its own headers, so a merchant page on another origin can frame it", async () => {
        const frame = await server.call('GET', '/sandbox/card-frame');
        expect(frame.status).toBe(200);
        expect(frame.headers.get('x-frame-options')).toBeNull();
        expect(frame.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
        expect(frame.headers.get('content-security-policy')).not.toMatch(/frame-ancestors/);
      });
    }

    it('never puts a secret key, a card number or an answer in an answer or a log', () => {
      const all = JSON.stringify(server.answers.map((a) => a.body));
      expect(all).not.toMatch(/fsk_|whsec_/);
      const logs = server.logs.join('\n');
      expect(logs).not.toMatch(/fsk_|whsec_|4242424242424242|_secret_[A-Za-z0-9]/);
      expect(logs).not.toMatch(/date_of_birth|lower_back_pain|attestation/);
      expect(server.logs.length).toBeGreaterThan(10);
    });
  });
}
