import { createHash } from 'node:crypto';
import { ApiError, CustomerDetailsRequest, type CheckoutSession, type ClientSession } from '@flex-checkout/protocol';
import { Hono, type Context } from 'hono';
import { sandboxNow } from '../clock.js';
import { questionnaireFor } from '../consultations/questionnaires.js';
import { shownQuestions } from '../consultations/rules.js';
import { submitConsultation } from '../consultations/service.js';
import type { Db } from '../db/collection.js';
import type { Store } from '../db/open.js';
import type { SandboxEnv } from '../http/env.js';
import { limitBody } from '../http/body-limit.js';
import { negotiateLanguage } from '../http/language.js';
import { createConfirmationToken } from '../browser/tokens.js';
import { paymentIntents, setupIntents } from '../payments/store.js';
import { amountDueNow, authenticateNextAction, confirmOnSession, lockSession, type PayContext } from '../resources/checkout/complete.js';
import { setCustomerDetails } from '../resources/checkout/details.js';
import { sessions, settleExpiry } from '../resources/checkout/store.js';
import { clientView } from '../resources/client/view.js';
import { browserScript } from '../browser-script.js';
import { fill, hostedMessages, longDate, money, type HostedMessages } from './messages.js';
import { readCard } from './card.js';
import { HOSTED_PATH } from './urls.js';
import { HOSTED_STYLES } from './styles.js';
import { layout, type Html } from './views/layout.js';
import { authenticateForm, message } from './views/outcomes.js';
import { paymentForm, storedCardTerms, type PaymentFormState } from './views/payment.js';
import { answersFrom, conditionalCss, questionsForm } from './views/questions.js';
import { summary } from './views/summary.js';
import { html } from 'hono/html';
import { sessionSummary } from '../pricing/summary.js';
import { applyPromotionCode } from '../pricing/promotion.js';
import { acceptShippingAddress } from '../pricing/shipping.js';
import { readShipping, shippingState } from './shipping-form.js';
import { summaryMessages } from './summary-messages.js';
import { promoCodeForm } from './views/shipping.js';

/** A form post is a few kilobytes; anything larger is refused unread. */
const FORM_LIMIT = 64 * 1024;
const SCRIPT_PATH = '/pay/assets/hosted-page.js';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const originOf = (url: string | null) => {
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
};

/** Where a finished session sends the shopper: its success_url with `{CHECKOUT_SESSION_ID}` filled in. */
const successTarget = (session: CheckoutSession) =>
  session.success_url ? session.success_url.replaceAll('{CHECKOUT_SESSION_ID}', session.checkout_session_id) : null;

interface Page {
  /** A promo code the shopper typed that was refused, shown under the summary's code field. */
  promoError?: string;
  status?: 200 | 402 | 404 | 409 | 422;
  heading: string;
  body: Html;
  session?: CheckoutSession;
  css?: string;
}

/**
 * Flex's hosted checkout, as the sandbox plays it: `GET /pay/c/{id}` (a session's
 * `redirect_url`) shows the step the session is at — the consultation when a line needs a
 * letter and none covers it, then contact details and the card on one form, 3-D Secure when
 * the card asks for it — and a finished session goes to its `success_url` with
 * `{CHECKOUT_SESSION_ID}` filled in. Server-rendered forms: every step works without script.
 *
 * It uses the same functions as the API (consultations, the processor, confirm), so a
 * decision, a letter or a charge made here is the one the API reports. Any origin in
 * `frameAncestors` may frame it, as Flex's iframe guide allows a merchant's page to.
 */
export function hostedCheckoutRoutes(store: Store, frameAncestors: readonly string[]): Hono<SandboxEnv> {
  const render = async (c: Context<SandboxEnv>, page: Page) => {
    const t = hostedMessages(c.var.language);
    const css = HOSTED_STYLES + (page.css ?? '');
    const session = page.session;
    const text = String(
      await layout({
        language: c.var.language,
        t,
        heading: page.heading,
        ...(session && session.status === 'open' ? { summary: await summaryWithCode(store.db, session, c.var.language, page.promoError ?? null) } : {}),
        body: page.body,
        cancelUrl: session?.status === 'open' ? session.cancel_url : null,
        css,
        scriptUrl: SCRIPT_PATH,
        reportsHeight: c.var.profile !== 'flex',
      }),
    );
    // Forms post here and are redirected to the session's own URLs: only those may follow a post.
    const formTargets = ["'self'", ...new Set([originOf(session?.success_url ?? null), originOf(session?.cancel_url ?? null)].filter(Boolean))];
    c.header(
      'content-security-policy',
      [
        "default-src 'none'",
        `style-src ${sha256(css)}`,
        "script-src 'self'",
        "img-src 'self'",
        `form-action ${formTargets.join(' ')}`,
        `frame-ancestors ${frameAncestors.join(' ')}`,
        "base-uri 'none'",
      ].join('; '),
    );
    c.header('cache-control', 'no-store');
    c.header('referrer-policy', 'no-referrer');
    c.header('x-content-type-options', 'nosniff');
    return c.html(text, page.status ?? 200);
  };

  // The clock is read before a transaction begins: on SQLite the transaction holds the one connection.
  const payContext = (db: Db, c: Context<SandboxEnv>, now: number): PayContext => ({ db, dialect: store.dialect, now, publicUrl: c.var.publicUrl });
  const view = async (c: Context<SandboxEnv>, db: Db, now: number, session: CheckoutSession): Promise<ClientSession> =>
    clientView({ db, now, publicUrl: c.var.publicUrl, publishableKey: c.var.publishableKey, language: c.var.language }, session);
  const here = (session: CheckoutSession, step = '') => `${HOSTED_PATH}/${session.checkout_session_id}${step}`;

  /** A session to show, or the not-found page's answer. */
  const load = async (c: Context<SandboxEnv>): Promise<{ session: CheckoutSession; now: number } | Response> => {
    const now = await sandboxNow(store.db);
    const found = await sessions.get(store.db, c.req.param('id')!);
    if (!found) {
      const t = hostedMessages(c.var.language);
      return render(c, { status: 404, heading: t.notFoundTitle, body: message([t.notFoundBody]) });
    }
    return { session: await settleExpiry(store.db, found, now), now };
  };

  /** The step a session is at, as a page. */
  const show = async (c: Context<SandboxEnv>, session: CheckoutSession, now: number, payment: Partial<PaymentFormState> = {}) => {
    const t = hostedMessages(c.var.language);
    const language = c.var.language;
    if (session.status === 'expired') {
      return render(c, {
        session,
        heading: t.expiredTitle,
        body: message([t.expiredBody], session.cancel_url ? { href: session.cancel_url, label: t.backToStore } : null),
      });
    }
    if (session.status === 'complete') {
      const target = successTarget(session);
      if (target) return c.redirect(target, 303);
      return render(c, { session, heading: t.completeTitle, body: message([t.completeBody]) });
    }
    const state = await view(c, store.db, now, session);
    if (state.consultation_required) {
      const decided = state.consultation;
      if (decided && decided.status !== 'approved') {
        const back = session.cancel_url ? { href: session.cancel_url, label: t.backToStore } : null;
        return decided.status === 'denied'
          ? render(c, { session, heading: t.deniedTitle, body: message([decided.reason ?? '', t.deniedNext].filter(Boolean), back) })
          : render(c, { session, heading: t.pendingTitle, body: message([decided.reason ?? t.pendingBody], back) });
      }
      const questionnaire = questionnaireFor(session.visit_type!, language);
      return render(c, {
        session,
        heading: questionnaire.title || t.consultationTitle,
        css: conditionalCss(questionnaire),
        body: questionsForm(questionnaire, t, here(session, '/consultation'), {}, {}),
      });
    }
    if (state.payment_intent?.status === 'requires_action') return c.redirect(here(session, '/authenticate'), 303);
    return render(c, {
      status: payment.failure ? 402 : Object.keys(payment.errors ?? {}).length || Object.keys(payment.shipping?.state.errors ?? {}).length ? 422 : 200,
      session,
      heading: t.title,
      body: paymentForm(t, here(session, '/pay'), paymentState(t, session, state, language, payment)),
    });
  };

  const app = new Hono<SandboxEnv>();
  app.use('*', negotiateLanguage);
  app.use('*', limitBody(FORM_LIMIT, 'The form is larger than 64 KB'));

  app.get('/assets/hosted-page.js', (c) => {
    c.header('content-type', 'text/javascript; charset=utf-8');
    c.header('cache-control', 'public, max-age=300');
    c.header('x-content-type-options', 'nosniff');
    return c.body(browserScript('hosted/browser/hosted-page'));
  });

  app.get('/c/:id', async (c) => {
    const loaded = await load(c);
    if (loaded instanceof Response) return loaded;
    const notice = c.req.query('notice') === 'authentication_failed' ? hostedMessages(c.var.language).authFailed : null;
    return show(c, loaded.session, loaded.now, notice ? { failure: notice } : {});
  });

  app.post('/c/:id/consultation', async (c) => {
    const loaded = await load(c);
    if (loaded instanceof Response) return loaded;
    const form = await c.req.formData();
    const t = hostedMessages(c.var.language);
    const questionnaire = loaded.session.visit_type ? questionnaireFor(loaded.session.visit_type, c.var.language) : null;
    if (!questionnaire || loaded.session.status !== 'open') return c.redirect(here(loaded.session), 303);
    const given = answersFrom(questionnaire, (name) => form.getAll(name).filter((v): v is string => typeof v === 'string'));
    // Only what the shopper could see counts: a hidden question's leftover answer is dropped.
    const shown = new Set(shownQuestions(questionnaire, given).map((q) => q.id));
    const answers = Object.fromEntries(Object.entries(given).filter(([id]) => shown.has(id)));
    try {
      const now = await sandboxNow(store.db);
      await store.db.transaction().execute(async (trx) => {
        const ctx = payContext(trx, c, now);
        const session = await lockSession(ctx, loaded.session.checkout_session_id);
        const state = await view(c, trx, ctx.now, session);
        if (session.status !== 'open' || !state.consultation_required || state.consultation) return;
        const consultation = await submitConsultation(trx, ctx.now, session, answers, c.var.language);
        await sessions.update(trx, { ...session, consultation: consultation.consultation_id });
      });
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 422) throw error;
      const errors = Object.fromEntries(error.detail.map((d) => [String(d.loc[2] ?? d.loc.at(-1)), d.msg]));
      return render(c, {
        status: 422,
        session: loaded.session,
        heading: questionnaire.title || t.consultationTitle,
        css: conditionalCss(questionnaire),
        body: questionsForm(questionnaire, t, here(loaded.session, '/consultation'), answers, errors),
      });
    }
    return c.redirect(here(loaded.session), 303);
  });

  app.post('/c/:id/pay', async (c) => {
    const loaded = await load(c);
    if (loaded instanceof Response) return loaded;
    const t = hostedMessages(c.var.language);
    const form = await c.req.formData();
    const text = (name: string) => {
      const value = form.get(name);
      return typeof value === 'string' ? value.trim() : '';
    };
    const contact = { email: text('email'), first_name: text('first_name'), last_name: text('last_name'), phone: text('phone') || null };
    const errors: Record<string, string> = {};
    const details = CustomerDetailsRequest.safeParse(contact);
    if (!details.success) {
      for (const issue of details.error.issues) {
        const field = String(issue.path[0]);
        errors[field] ??= contact[field as keyof typeof contact]
          ? field === 'email'
            ? t.invalidEmail
            : field === 'phone'
              ? t.invalidPhone
              : t.required
          : t.required;
      }
    }
    const card = readCard({ number: text('number'), expiry: text('expiry'), cvc: text('cvc'), postal_code: text('postal_code') }, t);
    Object.assign(errors, card.errors);
    // The shipping address, when the session collects one (views/shipping.ts).
    const shipping = loaded.session.shipping_address_collection ? readShipping(loaded.session, c.var.language, text) : null;
    const refill = {
      contact: { ...contact, phone: contact.phone },
      ...(shipping ? { shipping: shippingState(loaded.session, c.var.language, shipping.state) } : {}),
    };
    if (Object.keys(errors).length > 0 || !details.success || !card.value || (shipping && !shipping.address))
      return show(c, loaded.session, loaded.now, { ...refill, errors });

    let outcome: Awaited<ReturnType<typeof confirmOnSession>> | null;
    try {
      const now = await sandboxNow(store.db);
      outcome = await store.db.transaction().execute(async (trx) => {
        const ctx = payContext(trx, c, now);
        const session = await lockSession(ctx, loaded.session.checkout_session_id);
        if (session.status !== 'open') return null;
        const detailed = await setCustomerDetails(trx, session, details.data);
        if (shipping?.address) await sessions.update(trx, acceptShippingAddress(ctx.now, detailed, shipping.address, ['body', 'shipping_details']));
        const token = await createConfirmationToken(trx, ctx.now, { payment_method_data: card.value! });
        // The terms this form showed above its button, recorded on the card when it is kept.
        return confirmOnSession(ctx, session.checkout_session_id, token.confirmation_token_id, storedCardTerms(t, session, c.var.language)?.consent);
      });
    } catch (error) {
      // A card the processor refuses before charging (a bad number, a past expiry): shown at its field.
      if (error instanceof ApiError && error.status === 422 && error.detail[0]?.type === 'card_error') {
        const field = String(error.detail[0].loc.at(-1));
        return show(c, loaded.session, loaded.now, {
          ...refill,
          errors: { [field === 'exp_year' || field === 'exp_month' ? 'expiry' : field]: error.detail[0].msg },
        });
      }
      throw error;
    }
    if (!outcome) return c.redirect(here(loaded.session), 303);
    if (outcome.status === 'declined') return show(c, outcome.session, loaded.now, { ...refill, failure: outcome.error.message });
    if (outcome.status === 'requires_action') return c.redirect(here(outcome.session, '/authenticate'), 303);
    return c.redirect(successTarget(outcome.session) ?? here(outcome.session), 303);
  });

  // A promo code typed under the summary (sessions with allow_promotion_codes): priced again, then back to the step.
  app.post('/c/:id/promotion_code', async (c) => {
    const loaded = await load(c);
    if (loaded instanceof Response) return loaded;
    const value = (await c.req.formData()).get('code');
    const code = typeof value === 'string' ? value.trim() : '';
    const now = await sandboxNow(store.db);
    const refused = await store.db.transaction().execute(async (trx) => {
      const session = await lockSession(payContext(trx, c, now), loaded.session.checkout_session_id);
      if (session.status !== 'open' || !session.allow_promotion_codes) return null;
      return applyPromotionCode(trx, session, code || null);
    });
    if (refused) {
      const t = hostedMessages(c.var.language);
      const session = (await sessions.get(store.db, loaded.session.checkout_session_id))!;
      const page = await show(c, session, now);
      // Shown again with the refusal under the field (the step itself is unchanged).
      if (page.status >= 300 && page.status < 400) return page;
      const state = await view(c, store.db, now, session);
      return render(c, {
        status: 422,
        session,
        promoError: summaryMessages(c.var.language).promoInvalid,
        heading: t.title,
        body: paymentForm(t, here(session, '/pay'), paymentState(t, session, state, c.var.language, {})),
      });
    }
    return c.redirect(here(loaded.session), 303);
  });

  app.get('/c/:id/authenticate', async (c) => {
    const loaded = await load(c);
    if (loaded instanceof Response) return loaded;
    const { session } = loaded;
    const secret = await pendingChallenge(store.db, session);
    if (session.status !== 'open' || !secret) return c.redirect(here(session), 303);
    const t = hostedMessages(c.var.language);
    const body = fill(t.authBody, { amount: money(amountDueNow(session), session.currency, c.var.language) });
    return render(c, { session, heading: t.authTitle, body: authenticateForm(t, here(session, '/authenticate'), body) });
  });

  app.post('/c/:id/authenticate', async (c) => {
    const loaded = await load(c);
    if (loaded instanceof Response) return loaded;
    const result = (await c.req.formData()).get('result') === 'complete' ? 'complete' : 'fail';
    const secret = await pendingChallenge(store.db, loaded.session);
    if (!secret) return c.redirect(here(loaded.session), 303);
    const now = await sandboxNow(store.db);
    await store.db.transaction().execute(async (trx) => authenticateNextAction(payContext(trx, c, now), secret, result));
    const session = (await sessions.get(store.db, loaded.session.checkout_session_id))!;
    if (session.status === 'complete') return c.redirect(successTarget(session) ?? here(session), 303);
    return c.redirect(`${here(session)}?notice=authentication_failed`, 303);
  });

  // A refused form is answered in words (the body was read to its end first, or the
  // connection is closed: see limitBody); anything else goes to the app's error handler.
  app.onError((error, c) => {
    if (error instanceof ApiError && error.status === 413) return c.text(error.detail[0]!.msg, 413);
    throw error;
  });
  return app;
}

/** The summary, and under it the promo code field when the session takes codes. */
async function summaryWithCode(db: Db, session: CheckoutSession, language: SandboxEnv['Variables']['language'], promoError: string | null): Promise<Html> {
  const extras = await sessionSummary(db, session);
  const t = hostedMessages(language);
  const code = extras.discounts.find((d) => d.code)?.code ?? null;
  return html`${summary(session, t, language, extras)}${session.allow_promotion_codes && session.mode !== 'setup' && !session.invoice ? promoCodeForm(summaryMessages(language), `${HOSTED_PATH}/${session.checkout_session_id}/promotion_code`, code, promoError) : ''}`;
}

/** The client secret of the intent waiting on 3-D Secure, if one is. */
async function pendingChallenge(db: Db, session: CheckoutSession): Promise<string | null> {
  const pi = session.payment_intent_id ? await paymentIntents.get(db, session.payment_intent_id) : undefined;
  if (pi?.status === 'requires_action') return pi.client_secret;
  const si = session.setup_intent ? await setupIntents.get(db, session.setup_intent) : undefined;
  return si?.status === 'requires_action' ? si.client_secret : null;
}

/** The payment form's words for this session: what the button says, whether the card is kept, the letter on file. */
function paymentState(
  t: HostedMessages,
  session: CheckoutSession,
  state: ClientSession,
  language: SandboxEnv['Variables']['language'],
  given: Partial<PaymentFormState>,
): PaymentFormState {
  const due = amountDueNow(session);
  const letter = state.letter;
  return {
    contact: given.contact ?? session.customer_details ?? session.defaults,
    errors: given.errors ?? {},
    failure: given.failure ?? null,
    notice: letter
      ? fill(t.letterOnFile, { visitType: t.visitTypes[letter.visit_type] ?? letter.visit_type, date: longDate(letter.expires_at, language) })
      : null,
    terms: storedCardTerms(t, session, language),
    shipping: given.shipping ?? shippingState(session, language),
    submitLabel: session.mode === 'setup' ? t.saveCard : due === 0 ? t.startTrial : fill(t.pay, { amount: money(due, session.currency, language) }),
  };
}
