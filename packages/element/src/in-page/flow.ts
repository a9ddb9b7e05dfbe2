import type { ClientSession, ConsultationAnswers, StoredCardConsent } from '@flex-checkout/protocol';
import type { Stripe } from '@stripe/stripe-js';
import type { CheckoutApi } from '../api.js';
import type { CheckoutController } from '../controller.js';
import type { FlexCancelDetail } from '../events.js';
import type { Messages } from '../i18n/index.js';
import { CheckoutApiError, money, said, stepFor } from '../runtime.js';
import type { Step } from '../store.js';
import { storedCardTerms, type StoredCardTerms } from './consent.js';
import { loadStripeFor, PaymentForm, paymentAppearance } from './payment.js';
import { collect } from './questions.js';

export interface DetailsInput {
  email: string;
  first_name: string;
  last_name: string;
  phone: string;
  /** The shipping address, when the session collects one. */
  address?: AddressInput;
}

export interface AddressInput {
  country: string;
  line1: string;
  line2: string;
  city: string;
  state: string;
  postal_code: string;
}

/**
 * The in-page checkout's steps, driven for the controller: the consultation, the details
 * and address, a promo code, and paying through Stripe.js (or the sandbox's stand-in). Loaded
 * only for an in-page session (see lazy.ts): a hosted checkout never downloads it.
 */
export class InPageFlow {
  private stripe: Stripe | undefined;
  private payment: PaymentForm | undefined;
  /** The current payment attempt: its Idempotency-Key and card token, reused on a retry. */
  private attempt: { key: string; token: string; consent: StoredCardConsent | undefined } | null = null;

  constructor(private readonly core: CheckoutController) {}

  private get store() {
    return this.core.store;
  }
  private get state() {
    return this.core.state;
  }
  private get host() {
    return this.core.host;
  }
  /** The words, the in-page ones among them: this part added its English when it loaded (index.ts), and another language comes whole. */
  private get t(): Messages {
    return this.core.host.messages as Messages;
  }

  /** Where an in-page view puts the shopper: the step, its questionnaire, the card form. */
  async apply(session: ClientSession, detailsDone = false): Promise<void> {
    const keepDecision = this.state.decision && session.status === 'open';
    const step: Step = keepDecision ? 'decision' : stepFor(session, detailsDone || this.state.step === 'payment' || this.state.step === 'processing');
    // A promo code changed what is due: an attempt made for the old amount is not retried for the new one.
    if (this.state.session?.amount_due_now !== session.amount_due_now) this.attempt = null;
    this.store.setState({ session, error: null });
    this.core.scheduleExpiry(session);
    const api = this.core.api;
    if (step === 'consultation' && !this.state.questionnaire) {
      // The view holds the questionnaire (one read); an upstream that sends none is asked for it.
      const questionnaire = session.questionnaire ?? (await api!.questionnaire());
      if (api !== this.core.api) return;
      this.store.setState({ questionnaire });
    }
    // The card form is made for what is due now (see PaymentForm.adjust).
    if (this.payment && !this.payment.adjust(session)) this.dropPayment();
    if (step === 'payment' || step === 'processing') await this.ensurePayment(session);
    else this.dropPayment();
    if (api !== this.core.api) return;
    this.core.setStep(step);
    if (step === 'complete') this.core.completed(session);
    if (step === 'expired') this.host.emit('flex-expired', { checkoutSessionId: session.checkout_session_id });
    if (step === 'processing' && session.payment_intent?.client_secret && this.payment && !this.state.busy) {
      // Reloaded during 3-D Secure: pick the challenge up again.
      const challenge = await this.payment.nextAction(session.payment_intent.client_secret);
      await this.core.apply(await this.core.api!.session(), true);
      if (challenge.error) this.store.setState({ paymentError: this.t.cardAuthFailed });
    }
  }

  answer(questionId: string, value: ConsultationAnswers[string] | undefined): void {
    const answers = { ...this.state.answers };
    if (value === undefined) delete answers[questionId];
    else answers[questionId] = value;
    const { [questionId]: _cleared, ...fieldErrors } = this.state.fieldErrors;
    this.store.setState({ answers, fieldErrors });
  }

  async submitConsultation(): Promise<void> {
    const { questionnaire, session } = this.state;
    if (!questionnaire || !session || this.state.busy) return;
    const t = this.t;
    const { answers, missing } = collect(questionnaire, this.state.answers);
    if (missing.length > 0) {
      const fieldErrors = Object.fromEntries(
        missing.map((q) => [
          q.id,
          q.kind === 'multiple_choice' ? t.chooseAtLeastOne : q.kind === 'single_choice' || q.kind === 'yes_no' ? t.chooseOne : t.answerThis,
        ]),
      );
      this.store.setState({ fieldErrors, ...said(this.state, Object.values(fieldErrors)[0] ?? '') });
      return;
    }
    await this.core.busy(async (api) => {
      try {
        const result = await api.consult(answers);
        // Sent once: the answers leave memory now, and what the live region last said about them goes too.
        this.store.setState({ answers: {}, session: result.checkout_session, decision: result.consultation, announcement: '' });
        this.core.setStep('decision');
        this.host.emit('flex-consultation-complete', { status: result.consultation.status, visitType: session.visit_type });
      } catch (error) {
        if (error instanceof CheckoutApiError && error.status === 422) {
          const fieldErrors = Object.fromEntries(error.detail.map((d) => [String(d.loc[2] ?? d.loc.at(-1)), d.msg]));
          this.store.setState({ fieldErrors, ...said(this.state, error.detail[0]?.msg ?? '') });
          return;
        }
        throw error;
      }
    });
  }

  /** After an approval: on to the details. */
  async continueAfterDecision(): Promise<void> {
    this.store.setState({ decision: null });
    await this.core.refresh();
  }

  async submitDetails(input: DetailsInput): Promise<void> {
    const t = this.t;
    const fieldErrors: Record<string, string> = {};
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email.trim())) fieldErrors.email = t.invalidEmail;
    if (!input.first_name.trim()) fieldErrors.first_name = t.fillIn;
    if (!input.last_name.trim()) fieldErrors.last_name = t.fillIn;
    if (input.phone.trim() && !/^\+?[0-9 ()\-.]{7,}$/.test(input.phone.trim())) fieldErrors.phone = t.invalidPhone;
    const address = input.address;
    if (address) {
      for (const field of ['line1', 'city', 'postal_code'] as const) if (!address[field].trim()) fieldErrors[field] = t.fillIn;
      // A US address needs its state to arrive; elsewhere the region is often not used.
      if (address.country === 'US' && !address.state.trim()) fieldErrors.state = t.fillIn;
    }
    if (Object.keys(fieldErrors).length > 0) {
      this.store.setState({ fieldErrors, ...said(this.state, Object.values(fieldErrors)[0]!) });
      return;
    }
    await this.core.busy(async (api) => {
      try {
        const session = await api.details({
          email: input.email.trim(),
          first_name: input.first_name.trim(),
          last_name: input.last_name.trim(),
          phone: input.phone.trim() || null,
        });
        const shipped = address
          ? await api.shippingDetails({
              country: address.country,
              line1: address.line1.trim(),
              line2: address.line2.trim() || null,
              city: address.city.trim(),
              state: address.state.trim() || null,
              postal_code: address.postal_code.trim(),
            })
          : session;
        this.store.setState({ announcement: '' });
        await this.apply(shipped, true);
      } catch (error) {
        if (error instanceof CheckoutApiError && error.status === 422) {
          // The server's words beside their fields and read out, as the element's own are; the step focuses the first.
          this.store.setState({
            fieldErrors: Object.fromEntries(error.detail.map((d) => [String(d.loc.at(-1)), d.msg])),
            ...said(this.state, error.detail[0]?.msg ?? ''),
          });
          return;
        }
        throw error;
      }
    });
  }

  /**
   * A promo code the shopper typed, or null to remove the one applied. The upstream prices the
   * session again; the summary, the button and the card form follow its new amounts.
   */
  async promotionCode(code: string | null): Promise<void> {
    if (code !== null && !code.trim()) return;
    await this.core.busy(async (api) => {
      this.store.setState({ promoError: null });
      try {
        const session = await api.promotionCode(code === null ? null : code.trim());
        await this.apply(session, this.state.step === 'payment');
        // Read out what changed: the new total.
        this.store.setState({ ...said(this.state, `${this.t.total}: ${money(session.amount_total, session.currency, this.host.language)}`) });
      } catch (error) {
        if (error instanceof CheckoutApiError && error.status === 422) {
          // Any refusal reads the same to the shopper (unknown, used up, not for these items).
          const message = this.t.promoInvalid;
          this.store.setState({ promoError: message, ...said(this.state, message) });
          return;
        }
        throw error;
      }
    });
  }

  /**
   * Pay (or subscribe, or save the card). One attempt at a time; the attempt's
   * Idempotency-Key and card token are kept until it ends, so a retry after a lost answer
   * is the same attempt and can never charge twice.
   */
  async pay(): Promise<void> {
    if (this.state.busy || !this.payment) return;
    const t = this.t;
    await this.core.busy(async (api) => {
      this.store.setState({ paymentError: null });
      if (!this.attempt) {
        const result = await this.payment!.token();
        if ('error' in result) {
          this.store.setState({ paymentError: result.error, ...said(this.state, result.error) });
          return;
        }
        // The terms on screen as the button was pressed: the attempt (and its retries) carries them.
        this.attempt = { key: crypto.randomUUID(), token: result.token, consent: this.storedCardTerms()?.consent };
      }
      this.core.setStep('processing');
      this.store.setState({ ...said(this.state, this.state.session?.mode === 'setup' ? t.savingCard : t.processing) });
      let answer;
      try {
        answer = await api.confirm(this.attempt.token, this.attempt.key, this.attempt.consent);
      } catch (error) {
        return this.afterFailedConfirm(api, error);
      }
      if (answer.status === 'requires_action' && answer.next_action) {
        this.store.setState({ ...said(this.state, t.authenticating) });
        const challenge = await this.payment!.nextAction(answer.next_action.client_secret);
        this.attempt = null;
        if (challenge.error) {
          const view = await api.session();
          this.store.setState({
            ...(view.checkout === 'in-page' ? { session: view } : {}),
            paymentError: t.cardAuthFailed,
            ...said(this.state, t.cardAuthFailed),
          });
          this.core.setStep('payment');
          this.host.emit('flex-error', { code: 'authentication_failed', message: t.cardAuthFailed, recoverable: true });
          return;
        }
        await this.core.apply(await api.session(), true);
        return;
      }
      this.attempt = null;
      await this.apply(answer.checkout_session, true);
    });
  }

  private async afterFailedConfirm(api: CheckoutApi, error: unknown): Promise<void> {
    const t = this.t;
    if (error instanceof CheckoutApiError && error.status === 402) {
      // Declined: the form stays as it is; the next try is a new attempt with a new token.
      this.attempt = null;
      const message = error.detail[0]?.msg ?? t.tryAgain;
      this.store.setState({ paymentError: message, ...said(this.state, message) });
      this.core.setStep('payment');
      this.host.emit('flex-error', { code: 'card_declined', message, recoverable: true });
      return;
    }
    if (error instanceof CheckoutApiError && error.status === 429) {
      // Refused before it ran, so nothing is charged: say so in the server's words. The attempt
      // (its Idempotency-Key and token) is kept, so pressing Pay again after the wait resends it.
      const message = error.detail[0]?.msg ?? t.tryAgain;
      this.store.setState({ paymentError: message, ...said(this.state, message) });
      this.core.setStep('payment');
      this.host.emit('flex-error', { code: 'rate_limited', message, recoverable: true });
      return;
    }
    if (error instanceof CheckoutApiError && error.transient) {
      // The answer was lost: ask where the payment stands before offering to try again.
      try {
        const status = await api.status();
        if (status.status === 'complete') return void (await this.core.apply(await api.session(), true));
      } catch {
        // still offline: keep the attempt for the retry
      }
      this.store.setState({ paymentError: t.lostConnection, ...said(this.state, t.lostConnection) });
      this.core.setStep('payment');
      this.host.emit('flex-error', { code: 'connection_lost', message: t.lostConnection, recoverable: true });
      return;
    }
    this.attempt = null;
    throw error;
  }

  /** The stored-credential terms for the session on screen (null when the card is not kept): shown above the button, sent with the confirm. */
  storedCardTerms(): StoredCardTerms | null {
    const session = this.state.session;
    return session ? storedCardTerms(session, this.t, this.host.language, this.host.merchantName, this.host.termsUrl) : null;
  }

  /** The shopper leaves after the consultation: `flex-cancel` fires; false when the page prevented its default. */
  cancel(reason: FlexCancelDetail['reason']): boolean {
    const session = this.state.session;
    if (!session) return false;
    return this.host.emit('flex-cancel', { checkoutSessionId: session.checkout_session_id, reason });
  }

  /** The shopper's language changed: the card form follows, and the questionnaire on screen is fetched again in it (the answers keep: IDs do not change). */
  async relocalize(): Promise<void> {
    this.payment?.updateLocale(this.host.language);
    const api = this.core.api;
    if (!api || !this.state.questionnaire) return;
    try {
      const questionnaire = await api.questionnaire();
      if (api === this.core.api) this.store.setState({ questionnaire });
    } catch {
      // Keep the one on screen: it is still right, only in the other language.
    }
  }

  /** Rebuilds the payment form's look (theme changed). */
  restyle(): void {
    this.payment?.updateAppearance(paymentAppearance(this.host));
  }

  private async ensurePayment(session: ClientSession): Promise<void> {
    if (this.payment) return;
    const api = this.core.api;
    try {
      this.stripe ??= await loadStripeFor(session);
      // Another client secret took over while Stripe.js loaded: this session's form is not wanted.
      if (api !== this.core.api) return;
      this.payment = new PaymentForm(
        this.stripe,
        session,
        this.host,
        () => this.t,
        paymentAppearance(this.host),
        (complete) => this.store.setState({ cardComplete: complete }),
        () => this.store.setState({ stripeFailed: true }),
      );
      this.store.setState({ stripeFailed: false });
    } catch {
      if (api !== this.core.api) return;
      this.store.setState({ stripeFailed: true });
      this.host.emit('flex-error', { code: 'stripe_failed', message: this.t.stripeFailed, recoverable: true });
    }
  }

  /** After Stripe.js failed to load: try again. */
  async retryPayment(): Promise<void> {
    const session = this.state.session;
    if (session) await this.ensurePayment(session);
  }

  private dropPayment(): void {
    this.payment?.destroy();
    this.payment = undefined;
  }

  /** The checkout on screen ends (a new client secret, the element removed). */
  teardown(): void {
    this.attempt = null;
    this.dropPayment();
  }
}
