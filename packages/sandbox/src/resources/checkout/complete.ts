import { createHash } from 'node:crypto';
import {
  LETTER_REQUIRED_ERROR,
  type CheckoutSession,
  type StoredCardConsent,
  type Customer,
  type PaymentError,
  type PaymentIntent,
  type PaymentMethod,
  type SetupIntent,
} from '@flex-checkout/protocol';
import type { Db } from '../../db/collection.js';
import type { Dialect } from '../../db/open.js';
import { ApiError, conflict, invalid, notFound } from '../../http/errors.js';
import { attachSessionLetters, findValidLetter } from '../../consultations/letters.js';
import { consultations } from '../../consultations/service.js';
import { markInvoicePaid } from '../../billing/invoices.js';
import { lockOpenableInvoice, lockSubscription, saveSubscription, settleSubscriptionAfter, startSubscription } from '../../billing/subscriptions.js';
import { emitEvent } from '../../events/outbox.js';
import { applyToPaymentIntent, applyToSetupIntent, newPaymentIntent, newSetupIntent } from '../../payments/intents.js';
import { AUTHENTICATION_FAILED, behaviourOf, process } from '../../payments/processor.js';
import { confirmationTokens, paymentIntents, paymentMethods, setupIntents } from '../../payments/store.js';
import { createCustomer, customers, updateCustomer } from '../customers.js';
import { sessions, settleExpiry } from './store.js';
import { afterPayment, authenticatedIntent, beforePayment } from './money-hooks.js';

/** What a payment step needs: the request's transaction, its clock and origin. */
export interface PayContext {
  db: Db;
  dialect: Dialect;
  now: number;
  publicUrl: string;
}

/** One on-session attempt's result. A decline is committed (the intent records it). */
export type Attempt =
  | { status: 'complete'; session: CheckoutSession }
  | { status: 'requires_action'; session: CheckoutSession; clientSecret: string }
  | { status: 'declined'; session: CheckoutSession; error: PaymentError };

/**
 * How much is charged now: nothing for a setup session; in a subscription's trial, only its
 * one-time lines (the recurring ones are first billed when the trial ends).
 */
export function amountDueNow(session: CheckoutSession): number {
  if (session.mode === 'setup') return 0;
  if (session.mode === 'subscription' && session.line_items.some((l) => l.recurring?.trial_period_days)) {
    // Shipping and the merchant's tax are paid with the checkout, trial or not.
    const extras = (session.total_details.amount_shipping ?? 0) + (session.total_details.amount_tax ?? 0);
    return session.line_items.filter((l) => !l.recurring).reduce((sum, l) => sum + l.amount_total, 0) + extras;
  }
  return session.amount_total;
}

/** Whether the card is kept for later off-session charges once this session succeeds. */
export const savesCard = (session: CheckoutSession) =>
  session.setup_future_use === 'off_session' || session.mode === 'subscription' || session.mode === 'setup';

/**
 * The stored-credential terms the shopper was shown, as the card's metadata: when they
 * agreed (the sandbox's time of the confirm that carried them, i.e. when the button under
 * the terms was pressed), a SHA-256 of the exact words, which template, and what it named.
 * The merchant reads them on the payment method to prove the agreement; the words can be
 * rebuilt from the version, locale and merchant name and checked against the hash.
 */
export function consentMetadata(consent: StoredCardConsent, now: number): Record<string, string> {
  return {
    consent_shown_at: new Date(now).toISOString(),
    consent_terms_sha256: createHash('sha256').update(consent.text, 'utf8').digest('hex'),
    consent_terms_version: consent.version,
    consent_locale: consent.locale,
    ...(consent.merchant_name ? { consent_merchant_name: consent.merchant_name } : {}),
    ...(consent.terms_url ? { consent_terms_url: consent.terms_url } : {}),
  };
}

/**
 * Locks the session for the rest of the transaction. Two confirms of one session (two
 * tabs, two server processes, a retried request) take turns here, and the second one sees
 * the first one's result: one charge, always.
 */
export async function lockSession(ctx: PayContext, id: string): Promise<CheckoutSession> {
  const session = await sessions.getForUpdate(ctx.db, ctx.dialect, id);
  if (!session) throw notFound(['path', 'id'], 'checkout session', id);
  return settleExpiry(ctx.db, session, ctx.now);
}

export function expiredError(): ApiError {
  return ApiError.one(409, ['path', 'id'], 'This checkout session has expired. Start a new checkout.', 'session_expired');
}

/**
 * Confirms an on-session checkout with the card a confirmation token names. `consent`: the
 * stored-credential terms shown above the button, recorded on the card when it is kept
 * (before the outcome, so a 3-D Secure card that completes later has them too).
 */
export async function confirmOnSession(ctx: PayContext, sessionId: string, tokenId: string, consent?: StoredCardConsent): Promise<Attempt> {
  let session = await lockSession(ctx, sessionId);
  if (session.status === 'complete') return { status: 'complete', session };
  if (session.status === 'expired') throw expiredError();

  let paymentMethod = await useToken(ctx, tokenId);
  if (consent && savesCard(session)) {
    paymentMethod = await paymentMethods.update(ctx.db, { ...paymentMethod, metadata: { ...paymentMethod.metadata, ...consentMetadata(consent, ctx.now) } });
  }
  await requireLetter(ctx, session);
  await requireOpenInvoice(ctx, session);
  await beforePayment(ctx, session);
  const customer = await resolveCustomer(ctx, session);
  session = { ...session, customer: customer.customer_id, customer_email: session.customer_email ?? customer.email };
  const due = amountDueNow(session);
  const outcome = process(await behaviourOf(ctx.db, paymentMethod.payment_method_id), { offSession: false, charge: due > 0 });

  let intent: PaymentIntent | SetupIntent;
  if (due > 0) {
    const existing = session.payment_intent_id ? await paymentIntents.get(ctx.db, session.payment_intent_id) : undefined;
    const pi = existing ?? (await paymentIntents.insert(ctx.db, newPaymentIntent(ctx.now, session, due, false)));
    intent = applyToPaymentIntent({ ...pi, customer: customer.customer_id }, outcome, paymentMethod.payment_method_id, ctx.publicUrl);
    await paymentIntents.update(ctx.db, intent);
    session = { ...session, payment_intent_id: intent.payment_intent_id };
  } else {
    const existing = session.setup_intent ? await setupIntents.get(ctx.db, session.setup_intent) : undefined;
    const si = existing ?? (await setupIntents.insert(ctx.db, newSetupIntent(ctx.now, session)));
    intent = applyToSetupIntent({ ...si, customer: customer.customer_id }, outcome, paymentMethod.payment_method_id, ctx.publicUrl);
    await setupIntents.update(ctx.db, intent);
    session = { ...session, setup_intent: intent.setup_intent_id };
  }

  if (outcome.kind === 'succeeded') return { status: 'complete', session: await finish(ctx, session, paymentMethod) };
  await sessions.update(ctx.db, session);
  if (outcome.kind === 'requires_action') return { status: 'requires_action', session, clientSecret: intent.client_secret };
  if ('payment_intent_id' in intent) await emitEvent(ctx.db, ctx.now, 'payment_intent.payment_failed', intent);
  const error = 'last_payment_error' in intent ? intent.last_payment_error! : intent.last_setup_error!;
  return { status: 'declined', session, error };
}

/**
 * The result of the 3-D Secure challenge for an intent (found by its client secret).
 * Authenticated: the intent succeeds and the session completes in the same transaction.
 * Failed: the intent goes back to `requires_payment_method` and the shopper can retry.
 */
export async function authenticateNextAction(ctx: PayContext, clientSecret: string, result: 'complete' | 'fail'): Promise<PaymentIntent | SetupIntent> {
  const pi = await paymentIntents.findBy(ctx.db, 'client_secret', clientSecret);
  const si = pi ? undefined : await setupIntents.findBy(ctx.db, 'client_secret', clientSecret);
  const found = pi ?? si;
  if (!found?.checkout_session) throw notFound(['body', 'client_secret'], 'intent', 'for that client secret');
  let session = await lockSession(ctx, found.checkout_session);
  // Re-read under the session's lock: a concurrent challenge may have finished it.
  const intent = pi ? await paymentIntents.get(ctx.db, pi.payment_intent_id) : await setupIntents.get(ctx.db, si!.setup_intent_id);
  if (!intent || intent.status !== 'requires_action') {
    throw conflict(['body', 'client_secret'], `This payment is ${intent?.status ?? 'gone'}; there is nothing to authenticate`);
  }
  if (session.status === 'expired') throw expiredError();

  const paymentMethod = (await paymentMethods.get(ctx.db, intent.payment_method!))!;
  if (result === 'fail') {
    const error = { ...AUTHENTICATION_FAILED, payment_method: paymentMethod.payment_method_id };
    if ('payment_intent_id' in intent) {
      const failed = await paymentIntents.update(ctx.db, { ...intent, status: 'requires_payment_method', next_action: null, last_payment_error: error });
      await emitEvent(ctx.db, ctx.now, 'payment_intent.payment_failed', failed);
      return failed;
    }
    return setupIntents.update(ctx.db, { ...intent, status: 'requires_payment_method', next_action: null, last_setup_error: error });
  }
  // The invoice may have been paid (a retry, POST /pay) while the challenge was open.
  await requireOpenInvoice(ctx, session);
  let done: PaymentIntent | SetupIntent;
  if ('payment_intent_id' in intent) {
    done = await paymentIntents.update(ctx.db, authenticatedIntent(intent, ctx.now));
  } else {
    done = await setupIntents.update(ctx.db, { ...intent, status: 'succeeded', next_action: null });
  }
  session = { ...session, customer: intent.customer ?? session.customer };
  await finish(ctx, session, paymentMethod);
  return done;
}

/**
 * An off-session session (`mode: "off_session"`): charges the customer's saved card at once,
 * with no browser. The session row exists already (same transaction); any failure throws
 * and leaves nothing behind.
 */
export async function chargeOffSession(ctx: PayContext, session: CheckoutSession): Promise<CheckoutSession> {
  const loc = ['body', 'checkout_session', 'payment_method'];
  const paymentMethod = await paymentMethods.get(ctx.db, session.payment_method!);
  // A card of another customer is "no such card" for this one: never reveal it exists.
  if (!paymentMethod || paymentMethod.customer !== session.customer) {
    throw notFound(loc, 'payment method for this customer', session.payment_method!);
  }
  await requireLetter(ctx, session);
  if (!paymentMethod.off_session) {
    throw invalid(
      loc,
      'This payment method is not verified for off-session payments. The customer must first complete an on-session checkout with setup_future_use: "off_session" (or a setup session) using it.',
    );
  }
  const outcome = process(await behaviourOf(ctx.db, paymentMethod.payment_method_id), { offSession: true, charge: true });
  if (outcome.kind !== 'succeeded') {
    const message = outcome.kind === 'declined' ? outcome.error.message : 'The card needs authentication.';
    const code = outcome.kind === 'declined' ? (outcome.error.decline_code ?? outcome.error.code) : 'authentication_required';
    throw ApiError.one(402, loc, `${message} (${code})`, 'card_error');
  }
  let pi = newPaymentIntent(ctx.now, session, session.amount_total, true);
  pi = applyToPaymentIntent({ ...pi, customer: session.customer }, outcome, paymentMethod.payment_method_id, ctx.publicUrl);
  await paymentIntents.insert(ctx.db, pi);
  if (pi.status === 'succeeded') await emitEvent(ctx.db, ctx.now, 'payment_intent.succeeded', pi);
  const completed: CheckoutSession = await afterPayment(ctx, { ...session, status: 'complete', payment_intent_id: pi.payment_intent_id });
  await sessions.update(ctx.db, completed);
  await emitEvent(ctx.db, ctx.now, 'checkout.session.completed', completed);
  return completed;
}

/** The card a confirmation token names; each token is good for one attempt. */
async function useToken(ctx: PayContext, tokenId: string): Promise<PaymentMethod> {
  const loc = ['body', 'confirmation_token'];
  const token = await confirmationTokens.get(ctx.db, tokenId);
  if (!token) throw notFound(loc, 'confirmation token', tokenId);
  if (Date.parse(token.expires_at) <= ctx.now) throw invalid(loc, 'This confirmation token has expired; enter the card again');
  const used = await ctx.db
    .updateTable('confirmation_tokens')
    .set({ used_at: ctx.now })
    .where('id', '=', tokenId)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (Number(used.numUpdatedRows) !== 1) throw invalid(loc, 'This confirmation token was already used; create a new one for each attempt');
  const row = await ctx.db.selectFrom('confirmation_tokens').select('payment_method_id').where('id', '=', tokenId).executeTakeFirstOrThrow();
  return (await paymentMethods.get(ctx.db, row.payment_method_id))!;
}

/** Flex's rule: a line item that needs a letter needs a valid one for its visit type. */
async function requireLetter(ctx: PayContext, session: CheckoutSession): Promise<void> {
  if (!session.letter_of_medical_necessity_required || !session.visit_type) return;
  const letter = await findValidLetter(ctx.db, ctx.now, session.visit_type, {
    customer: session.customer,
    checkoutSession: session.mode === 'off_session' ? null : session.checkout_session_id,
  });
  if (!letter) throw new ApiError(422, LETTER_REQUIRED_ERROR.detail);
}

/**
 * The one place that decides whose record a session's card, letters and consultation go
 * to: the customer the merchant created the session for, else a new customer (`fcus_`)
 * from the details step. Never an existing customer found by the email the shopper typed:
 * anyone can type anyone's email, and matching on it would let a stranger save a card as
 * that customer's default, file a letter under them and learn their ID. The merchant
 * recognises a returning shopper (it signed them in) and says so with `customer`.
 */
export async function resolveCustomer(ctx: PayContext, session: CheckoutSession): Promise<Customer> {
  if (session.customer) return (await customers.get(ctx.db, session.customer))!;
  const details = session.customer_details ?? (session.defaults.email ? session.defaults : null);
  if (!details?.email) throw invalid(['body', 'customer_details', 'email'], 'Enter your email address before paying');
  return createCustomer(ctx.db, ctx.now, details);
}

/**
 * An invoice session pays one open invoice: refused (409) once that invoice is paid or
 * void, before any card is charged. Locks it (its subscription first) until the end.
 */
async function requireOpenInvoice(ctx: PayContext, session: CheckoutSession): Promise<void> {
  if (!session.invoice) return;
  const invoice = await lockOpenableInvoice(ctx, session.invoice, ['body', 'checkout_session', 'invoice']);
  if (invoice.status !== 'open') {
    throw conflict(['path', 'id'], `The invoice this checkout pays is ${invoice.status}; there is nothing left to pay`);
  }
}

/**
 * Marks the session complete and gives the customer the card (and any letter) it earned,
 * then whatever the session was for: a subscription started, a subscription's new default
 * card, an invoice paid. Each change writes its event in this same transaction.
 */
async function finish(ctx: PayContext, session: CheckoutSession, paymentMethod: PaymentMethod): Promise<CheckoutSession> {
  const customerId = session.customer!;
  const card = await paymentMethods.update(ctx.db, {
    ...paymentMethod,
    customer: customerId,
    off_session: paymentMethod.off_session || savesCard(session),
  });
  if (paymentMethod.customer !== customerId) await emitEvent(ctx.db, ctx.now, 'payment_method.attached', card);
  await attachSessionLetters(ctx.db, session.checkout_session_id, customerId);
  if (session.consultation) {
    const consultation = await consultations.get(ctx.db, session.consultation);
    if (consultation && !consultation.customer) {
      await consultations.update(ctx.db, {
        ...consultation,
        customer: customerId,
        letter: consultation.letter && { ...consultation.letter, customer: customerId },
      });
    }
  }
  // The first card verified for off-session use becomes the customer's default.
  const customer = (await customers.get(ctx.db, customerId))!;
  if (card.off_session && !customer.default_payment_method) {
    await updateCustomer(ctx.db, ctx.now, { ...customer, default_payment_method: card.payment_method_id });
  }
  const pi = session.payment_intent_id ? await paymentIntents.get(ctx.db, session.payment_intent_id) : undefined;
  if (pi?.status === 'succeeded') await emitEvent(ctx.db, ctx.now, 'payment_intent.succeeded', pi);

  let completed: CheckoutSession = { ...session, status: 'complete', payment_method: card.payment_method_id };
  if (session.mode === 'subscription') {
    const subscription = await startSubscription(ctx, completed, card.payment_method_id);
    completed = { ...completed, subscription: subscription.subscription_id };
  }
  if (session.mode === 'setup' && session.subscription) {
    const subscription = await lockSubscription(ctx, session.subscription);
    if (subscription && subscription.status !== 'canceled') {
      await saveSubscription(ctx, subscription, { ...subscription, default_payment_method: card.payment_method_id });
    }
  }
  if (session.invoice && pi?.status === 'succeeded') {
    const invoice = await lockOpenableInvoice(ctx, session.invoice, ['body', 'checkout_session', 'invoice']);
    const paid = await markInvoicePaid(ctx, invoice, {
      paymentIntent: pi.payment_intent_id,
      paymentMethod: card.payment_method_id,
      checkoutSession: session.checkout_session_id,
    });
    await settleSubscriptionAfter(ctx, { invoice: paid, error: null, exhausted: false });
  }
  completed = await afterPayment(ctx, completed);
  await sessions.update(ctx.db, completed);
  await emitEvent(ctx.db, ctx.now, 'checkout.session.completed', completed);
  return completed;
}
