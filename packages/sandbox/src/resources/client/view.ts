import type { CheckoutSession, ClientSession } from '@flex-checkout/protocol';
import type { Db } from '../../db/collection.js';
import { findValidLetter } from '../../consultations/letters.js';
import { questionnaireFor } from '../../consultations/questionnaires.js';
import { reasonIn } from '../../consultations/reason-in.js';
import { consultations } from '../../consultations/service.js';
import type { Language } from '../../language.js';
import { paymentIntents, paymentMethods, setupIntents } from '../../payments/store.js';
import { amountDueNow } from '../checkout/complete.js';
import { sessionSummary } from '../../pricing/summary.js';

export interface ViewContext {
  db: Db;
  now: number;
  publicUrl: string;
  publishableKey: string;
  /** The shopper's language, for the consultation's reason. */
  language: Language;
}

/**
 * The browser's view of a session: what the widget renders, nothing more. No answers, no
 * other customer's data, and the intent's client secret only while 3-D Secure waits on it.
 */
export async function clientView(ctx: ViewContext, session: CheckoutSession): Promise<ClientSession> {
  const letter =
    session.letter_of_medical_necessity_required && session.visit_type
      ? ((await findValidLetter(ctx.db, ctx.now, session.visit_type, {
          customer: session.customer,
          checkoutSession: session.checkout_session_id,
        })) ?? null)
      : null;
  const consultation = session.consultation ? await consultations.get(ctx.db, session.consultation) : undefined;
  const pi = session.payment_intent_id ? await paymentIntents.get(ctx.db, session.payment_intent_id) : undefined;
  const si = session.setup_intent ? await setupIntents.get(ctx.db, session.setup_intent) : undefined;
  const intent = pi ?? si;
  const pm = session.status === 'complete' && session.payment_method ? await paymentMethods.get(ctx.db, session.payment_method) : undefined;

  return {
    checkout: 'in-page',
    checkout_session_id: session.checkout_session_id,
    status: session.status,
    mode: session.mode,
    currency: session.currency,
    amount_total: session.amount_total,
    // The confirm's own rule: the browser shows what will be charged, never its own sum.
    amount_due_now: amountDueNow(session),
    amount_subtotal: session.amount_subtotal,
    total_details: session.total_details,
    ...(await sessionSummary(ctx.db, session)),
    line_items: session.line_items,
    visit_type: session.visit_type,
    hsa_fsa_eligible: session.hsa_fsa_eligible,
    letter_of_medical_necessity_required: session.letter_of_medical_necessity_required,
    consultation_required: session.letter_of_medical_necessity_required && !letter,
    // Until answers are in, the questions come with the view: one read shows the first step.
    questionnaire:
      session.letter_of_medical_necessity_required && !letter && !consultation && session.visit_type
        ? questionnaireFor(session.visit_type, ctx.language)
        : null,
    consultation: consultation
      ? { consultation_id: consultation.consultation_id, status: consultation.status, reason: reasonIn(consultation.reason, ctx.language) }
      : null,
    letter,
    setup_future_use: session.setup_future_use,
    defaults: session.defaults,
    customer_details: session.customer_details,
    expires_at: session.expires_at,
    success_url: session.success_url,
    cancel_url: session.cancel_url,
    payment_intent: intent
      ? {
          status: intent.status,
          last_payment_error: pi ? pi.last_payment_error : si!.last_setup_error,
          client_secret: intent.status === 'requires_action' ? intent.client_secret : null,
        }
      : null,
    completion:
      session.status === 'complete'
        ? {
            customer: session.customer!,
            payment_method: session.payment_method,
            card: pm?.card ?? null,
            payment_intent: session.payment_intent_id,
            setup_intent: session.setup_intent,
            subscription: session.subscription,
            amount_received: pi?.amount_received ?? 0,
            amount_authorized: pi?.status === 'requires_capture' ? pi.amount_capturable : 0,
          }
        : null,
    payment: { publishable_key: ctx.publishableKey, stripe_js_url: `${ctx.publicUrl}/sandbox/stripe.js` },
  };
}
