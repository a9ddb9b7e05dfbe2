import type { CheckoutSession, Consultation, ConsultationAnswers } from '@flex-checkout/protocol';
import { toIso } from '../clock.js';
import { Collection, type Db } from '../db/collection.js';
import { ApiError, conflict, invalid } from '../http/errors.js';
import { emitEvent } from '../events/outbox.js';
import { newId } from '../ids.js';
import { DEFAULT_LANGUAGE, type Language } from '../language.js';
import { findValidLetter, issueLetter } from './letters.js';
import { questionnaireFor } from './questionnaires.js';
import { REASONS } from './reasons.js';
import { decide, validateAnswers } from './rules.js';

/**
 * Consultations as the API shows them. The answers live in their own column that no
 * endpoint reads back: the provider keeps the record, the merchant sees the decision.
 */
export const consultations = new Collection<Consultation>(
  'consultations',
  (c) => c.consultation_id,
  (c) => ({
    checkout_session_id: c.checkout_session,
    customer_id: c.customer,
    status: c.status,
  }),
);

export async function consultationForSession(db: Db, sessionId: string): Promise<Consultation | undefined> {
  return consultations.findBy(db, 'checkout_session_id', sessionId);
}

/**
 * Takes the answers once, decides by the sandbox's documented rules (docs/consultations.md)
 * and, when approved, issues a letter for the session's visit type. `language` is the one
 * problems with the answers are told in; the consultation itself is recorded in English.
 */
export async function submitConsultation(
  db: Db,
  now: number,
  session: CheckoutSession,
  answers: ConsultationAnswers,
  language: Language = DEFAULT_LANGUAGE,
): Promise<Consultation> {
  if (!session.letter_of_medical_necessity_required || !session.visit_type) {
    throw invalid(['path', 'id'], 'Nothing in this checkout needs a letter of medical necessity, so there is no consultation');
  }
  if (session.status !== 'open') throw conflict(['path', 'id'], `This checkout session is ${session.status}`);
  if (await consultationForSession(db, session.checkout_session_id)) {
    throw conflict(['body', 'answers'], 'The consultation for this checkout was already submitted; answers are taken once');
  }
  if (await findValidLetter(db, now, session.visit_type, { customer: session.customer })) {
    throw conflict(['body', 'answers'], `The customer already holds a valid letter for ${session.visit_type}; no consultation is needed`);
  }

  const questionnaire = questionnaireFor(session.visit_type);
  const problems = validateAnswers(questionnaire, answers, new Date(now), language);
  if (problems.length > 0) throw new ApiError(422, problems);
  const decision = decide(questionnaire, answers, new Date(now));

  const consultation: Consultation = {
    consultation_id: newId('consultation', now),
    checkout_session: session.checkout_session_id,
    customer: session.customer,
    visit_type: session.visit_type,
    status: decision.status,
    reason: decision.reason,
    letter: null,
    created_at: toIso(now),
    decided_at: decision.status === 'pending' ? null : toIso(now),
    test_mode: true,
  };
  if (decision.status === 'approved') consultation.letter = await issueLetterFor(db, now, consultation);
  await db
    .insertInto('consultations')
    .values({
      id: consultation.consultation_id,
      checkout_session_id: consultation.checkout_session,
      customer_id: consultation.customer,
      status: consultation.status,
      answers: JSON.stringify(answers),
      data: JSON.stringify(consultation),
    })
    .execute();
  await announceDecision(db, now, consultation);
  return consultation;
}

/**
 * `consultation.approved` / `consultation.denied`, once decided. The event holds the
 * decision and the letter, never an answer: the object is the one the API shows.
 */
async function announceDecision(db: Db, now: number, consultation: Consultation): Promise<void> {
  if (consultation.status === 'approved') await emitEvent(db, now, 'consultation.approved', consultation);
  if (consultation.status === 'denied') await emitEvent(db, now, 'consultation.denied', consultation);
}

function issueLetterFor(db: Db, now: number, consultation: Consultation) {
  return issueLetter(db, now, {
    consultation: consultation.consultation_id,
    visit_type: consultation.visit_type,
    customer: consultation.customer,
    checkout_session: consultation.checkout_session,
  });
}

/** A clinician's review of a pending consultation (the sandbox's test helper). */
export async function resolveConsultation(db: Db, now: number, consultation: Consultation, decision: 'approved' | 'denied'): Promise<Consultation> {
  if (consultation.status !== 'pending') {
    throw conflict(['path', 'id'], `This consultation was already ${consultation.status}; only a pending one can be resolved`);
  }
  const resolved: Consultation = {
    ...consultation,
    status: decision,
    reason: decision === 'denied' ? REASONS.en.clinicianDenied : null,
    decided_at: toIso(now),
  };
  if (decision === 'approved') resolved.letter = await issueLetterFor(db, now, resolved);
  await consultations.update(db, resolved);
  await announceDecision(db, now, resolved);
  return resolved;
}
