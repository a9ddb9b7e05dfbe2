import { ConfirmRequest, ConsultationSubmitRequest, CustomerDetailsRequest, type CheckoutSession, type ConfirmResult } from '@flex-checkout/protocol';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { questionnaireFor } from '../../consultations/questionnaires.js';
import { reasonIn } from '../../consultations/reason-in.js';
import { submitConsultation } from '../../consultations/service.js';
import { ApiError, conflict, invalid } from '../../http/errors.js';
import { bearer, requirePublishableKey, sameSecret } from '../../http/auth.js';
import type { SandboxEnv } from '../../http/env.js';
import { negotiateLanguage } from '../../http/language.js';
import { parseBody } from '../../http/validate.js';
import { authenticateNextAction, confirmOnSession, expiredError, type PayContext } from '../checkout/complete.js';
import { setCustomerDetails } from '../checkout/details.js';
import { sessions, settleExpiry } from '../checkout/store.js';
import { clientView } from './view.js';

export const payContext = (c: Context<SandboxEnv>): PayContext => ({
  db: c.var.db,
  dialect: c.var.store.dialect,
  now: c.var.now,
  publicUrl: c.var.publicUrl,
});
export const viewOf = (c: Context<SandboxEnv>, session: CheckoutSession) => clientView(c.var, session);

/** One answer for every secret that does not open the session in the path, so none tells which sessions exist. */
const refused = () => ApiError.one(401, ['header', 'authorization'], 'Invalid client secret for this checkout session', 'authentication_error');

/**
 * The session the client secret in `Authorization` opens. A secret opens exactly one
 * session; another session's secret, a wrong one and one for a session that does not exist
 * are all the same 401.
 */
export async function authorizedSession(c: Context<SandboxEnv>, { lock }: { lock: boolean }): Promise<CheckoutSession> {
  const id = c.req.param('id')!;
  const secret = bearer(c.req.header('authorization'), "the checkout session's client secret");
  const owner = /^(fcs_[0-9A-Z]{26})_secret_/.exec(secret)?.[1];
  if (!owner || owner !== id) throw refused();
  // Locked for writes: steps of one session (two tabs, a retry) take turns.
  const session = lock ? await sessions.getForUpdate(c.var.db, c.var.store.dialect, id) : await sessions.get(c.var.db, id);
  if (!session?.client_secret || !sameSecret(session.client_secret, secret)) throw refused();
  return settleExpiry(c.var.db, session, c.var.now);
}

export function requireOpen(session: CheckoutSession): void {
  if (session.status === 'expired') throw expiredError();
  if (session.status === 'complete') throw conflict(['path', 'id'], 'This checkout session is already complete');
}

export const AuthenticateRequest = z.strictObject({ client_secret: z.string().min(1).max(200), result: z.enum(['complete', 'fail']) });

/**
 * `/v1/client/*`: what the browser side calls (through the companion server). Sessions
 * are opened by their client secret; the 3-D Secure challenge by the publishable key.
 */
export const clientRoutes = new Hono<SandboxEnv>()
  // What a session's steps write for the shopper (questionnaire, reasons, answer problems)
  // follows Accept-Language; ids, values and decisions do not.
  .use('/checkout_sessions/*', negotiateLanguage)
  .get('/checkout_sessions/:id', async (c) => c.json({ checkout_session: await viewOf(c, await authorizedSession(c, { lock: false })) }))
  .get('/checkout_sessions/:id/questionnaire', async (c) => {
    const session = await authorizedSession(c, { lock: false });
    if (!session.letter_of_medical_necessity_required || !session.visit_type) {
      throw invalid(['path', 'id'], 'Nothing in this checkout needs a letter of medical necessity, so there is no questionnaire');
    }
    return c.json({ questionnaire: questionnaireFor(session.visit_type, c.var.language) });
  })
  .post('/checkout_sessions/:id/consultation', async (c) => {
    const session = await authorizedSession(c, { lock: true });
    requireOpen(session);
    const { answers } = await parseBody(c, ConsultationSubmitRequest);
    const consultation = await submitConsultation(c.var.db, c.var.now, session, answers, c.var.language);
    const updated = await sessions.update(c.var.db, { ...session, consultation: consultation.consultation_id });
    const { consultation_id, status, reason, letter } = consultation;
    return c.json({
      consultation: { consultation_id, status, reason: reasonIn(reason, c.var.language), letter },
      checkout_session: await viewOf(c, updated),
    });
  })
  .post('/checkout_sessions/:id/customer_details', async (c) => {
    const session = await authorizedSession(c, { lock: true });
    requireOpen(session);
    const updated = await setCustomerDetails(c.var.db, session, await parseBody(c, CustomerDetailsRequest));
    return c.json({ checkout_session: await viewOf(c, updated) });
  })
  .post('/checkout_sessions/:id/confirm', async (c) => {
    await authorizedSession(c, { lock: true });
    const { confirmation_token, consent } = await parseBody(c, ConfirmRequest);
    const attempt = await confirmOnSession(payContext(c), c.req.param('id'), confirmation_token, consent);
    if (attempt.status === 'declined') {
      // Returned, not thrown: the declined attempt is recorded on the payment intent.
      return c.json({ detail: [{ loc: ['body', 'confirmation_token'], msg: attempt.error.message, type: 'card_error' }] }, 402);
    }
    const result: ConfirmResult = {
      status: attempt.status,
      next_action: attempt.status === 'requires_action' ? { client_secret: attempt.clientSecret } : null,
      checkout_session: await viewOf(c, attempt.session),
    };
    return c.json(result);
  })
  .post('/next_action/authenticate', requirePublishableKey(), async (c) => {
    const { client_secret, result } = await parseBody(c, AuthenticateRequest);
    const intent = await authenticateNextAction(payContext(c), client_secret, result);
    const common = { status: intent.status };
    return c.json({
      intent:
        'payment_intent_id' in intent
          ? { object: 'payment_intent', id: intent.payment_intent_id, ...common, last_payment_error: intent.last_payment_error }
          : { object: 'setup_intent', id: intent.setup_intent_id, ...common, last_setup_error: intent.last_setup_error },
    });
  });
