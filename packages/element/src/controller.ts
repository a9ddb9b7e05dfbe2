import type { ClientSession, ConsultationAnswers, HostedSession, StoredCardConsent, WidgetSession } from '@flex-checkout/protocol';
import type { Appearance, Stripe } from '@stripe/stripe-js';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { CheckoutApiError, createCheckoutApi, type CheckoutApi } from './api.js';
import type { FlexCancelDetail, FlexCheckoutEventMap, FlexErrorDetail } from './events.js';
import { storedCardTerms, type StoredCardTerms } from './consent.js';
import { money } from './format.js';
import { fill, type Locale, type Messages } from './i18n/index.js';
import { HostedWatch } from './hosted/watch.js';
import { loadStripeFor, PaymentForm } from './payment.js';
import { collect } from './questions.js';
import { createCheckoutStore, initialState, stepFor, type CheckoutState, type Step } from './store.js';

/** What the controller needs of `<flex-checkout>`. */
export interface CheckoutHost extends ReactiveControllerHost, HTMLElement {
  clientSecret: string;
  endpoint: string;
  redirect: 'never' | 'always';
  /** Who may charge a kept card, named in the terms above the button. */
  merchantName: string;
  /** The merchant's terms, linked under them. */
  termsUrl: string;
  readonly messages: Messages;
  /** The shopper's language as a BCP 47 tag (`en`, `es`). */
  readonly language: Locale;
  paymentAppearance(): Appearance;
  /** The hosted checkout's frame, while it is shown. */
  hostedFrame(): HTMLIFrameElement | null;
  /** Brings the hosted frame's top into view (each step of the hosted page starts there). */
  revealHostedFrame(): void;
  emit<K extends keyof FlexCheckoutEventMap>(type: K, detail: FlexCheckoutEventMap[K]['detail']): boolean;
}

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
 * Runs one checkout for the element: loads the session, moves through the steps, talks to
 * the server and to Stripe.js. Everything async can be aborted: a new client secret (or the
 * element leaving the page) cancels what the old one started, so no stale intent is ever
 * confirmed. The store is the one source of truth the element renders from.
 */
export class CheckoutController implements ReactiveController {
  readonly store = createCheckoutStore();
  private abort = new AbortController();
  private api: CheckoutApi | undefined;
  private stripe: Stripe | undefined;
  private payment: PaymentForm | undefined;
  /** The current payment attempt: its Idempotency-Key and card token, reused on a retry. */
  private attempt: { key: string; token: string; consent: StoredCardConsent | undefined } | null = null;
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;
  private hostedWatch: HostedWatch | undefined;
  private readyFired = false;
  private completeFired = false;
  /** The client secret the current run started with; undefined when none has started. */
  private started: string | undefined;

  constructor(private readonly host: CheckoutHost) {
    host.addController(this);
    this.store.subscribe(() => host.requestUpdate());
  }

  get state(): CheckoutState {
    return this.store.getState();
  }

  hostConnected(): void {
    // A client secret the element has when it connects (an attribute in the page, the
    // script-tag case): the session's read starts now, before the first render, so the
    // network and the rendering overlap.
    if (this.host.clientSecret && this.started !== this.host.clientSecret) void this.start();
    // Frameworks often set client-secret just after inserting the element: decide again once
    // the first update has taken every property in (a changed secret starts over cleanly).
    void this.host.updateComplete.then(() => {
      if (this.host.isConnected && this.started !== this.host.clientSecret) void this.start();
    });
  }

  hostDisconnected(): void {
    this.teardown();
    this.started = undefined;
  }

  /** Starts over for the host's current client secret. */
  async start(): Promise<void> {
    this.teardown();
    this.started = this.host.clientSecret;
    this.readyFired = false;
    this.completeFired = false;
    this.store.setState(initialState(), true);
    if (!this.host.clientSecret) {
      return this.fail({ code: 'missing_client_secret', message: 'Set the client-secret attribute.', recoverable: false });
    }
    this.abort = new AbortController();
    this.api = createCheckoutApi(this.host.endpoint, this.host.clientSecret, this.abort.signal, () => this.host.language);
    await this.refresh();
  }

  /**
   * Reads the session and goes where it says; on failure, offers to try again. A read
   * started for an earlier client secret ends silently: its failure (the abort itself, when
   * the secret changed mid-load, as React's StrictMode does on every mount) and its answer
   * both belong to a checkout that is no longer on screen.
   */
  async refresh(): Promise<void> {
    const api = this.api;
    if (!api) return;
    try {
      const session = await api.session();
      if (api !== this.api) return;
      await this.apply(session);
      if (!this.readyFired && api === this.api) {
        this.readyFired = true;
        this.host.emit('flex-ready', { checkoutSessionId: session.checkout_session_id, step: this.state.step });
      }
    } catch (error) {
      // Compared with the run this read belongs to, not the current one: start() has already
      // replaced the aborted controller by the time the aborted fetch rejects.
      if (api !== this.api) return;
      this.fail({ code: 'load_failed', message: this.host.messages.loadFailed, recoverable: true }, error);
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
    const t = this.host.messages;
    const { answers, missing } = collect(questionnaire, this.state.answers);
    if (missing.length > 0) {
      const fieldErrors = Object.fromEntries(
        missing.map((q) => [
          q.id,
          q.kind === 'multiple_choice' ? t.chooseAtLeastOne : q.kind === 'single_choice' || q.kind === 'yes_no' ? t.chooseOne : t.answerThis,
        ]),
      );
      this.store.setState({ fieldErrors, announcement: Object.values(fieldErrors)[0] ?? '' });
      return;
    }
    await this.busy(async (api) => {
      try {
        const result = await api.consult(answers);
        // Sent once: the answers leave memory now.
        this.store.setState({ answers: {}, session: result.checkout_session, decision: result.consultation });
        this.setStep('decision');
        this.host.emit('flex-consultation-complete', { status: result.consultation.status, visitType: session.visit_type });
      } catch (error) {
        if (error instanceof CheckoutApiError && error.status === 422) {
          const fieldErrors = Object.fromEntries(error.detail.map((d) => [String(d.loc[2] ?? d.loc.at(-1)), d.msg]));
          this.store.setState({ fieldErrors, announcement: error.detail[0]?.msg ?? '' });
          return;
        }
        throw error;
      }
    });
  }

  /** After an approval: on to the details. */
  async continueAfterDecision(): Promise<void> {
    this.store.setState({ decision: null });
    await this.refresh();
  }

  async submitDetails(input: DetailsInput): Promise<void> {
    const t = this.host.messages;
    const fieldErrors: Record<string, string> = {};
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email.trim())) fieldErrors.email = t.invalidEmail;
    if (!input.first_name.trim()) fieldErrors.first_name = t.answerThis;
    if (!input.last_name.trim()) fieldErrors.last_name = t.answerThis;
    if (input.phone.trim() && !/^\+?[0-9 ()\-.]{7,}$/.test(input.phone.trim())) fieldErrors.phone = t.invalidPhone;
    const address = input.address;
    if (address) {
      for (const field of ['line1', 'city', 'postal_code'] as const) if (!address[field].trim()) fieldErrors[field] = t.answerThis;
      // A US address needs its state to arrive; elsewhere the region is often not used.
      if (address.country === 'US' && !address.state.trim()) fieldErrors.state = t.answerThis;
    }
    if (Object.keys(fieldErrors).length > 0) {
      this.store.setState({ fieldErrors, announcement: Object.values(fieldErrors)[0]! });
      return;
    }
    await this.busy(async (api) => {
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
        await this.apply(shipped, true);
      } catch (error) {
        if (error instanceof CheckoutApiError && error.status === 422) {
          // The server's words beside their fields and read out, as the element's own are; the step focuses the first.
          this.store.setState({
            fieldErrors: Object.fromEntries(error.detail.map((d) => [String(d.loc.at(-1)), d.msg])),
            announcement: error.detail[0]?.msg ?? '',
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
    await this.busy(async (api) => {
      this.store.setState({ promoError: null });
      try {
        const session = await api.promotionCode(code === null ? null : code.trim());
        await this.apply(session, this.state.step === 'payment');
        // Read out what changed: the new total.
        this.store.setState({ announcement: `${this.host.messages.total}: ${money(session.amount_total, session.currency, this.host.language)}` });
      } catch (error) {
        if (error instanceof CheckoutApiError && error.status === 422) {
          // Any refusal reads the same to the shopper (unknown, used up, not for these items).
          const message = this.host.messages.promoInvalid;
          this.store.setState({ promoError: message, announcement: message });
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
    const t = this.host.messages;
    await this.busy(async (api) => {
      this.store.setState({ paymentError: null });
      if (!this.attempt) {
        const result = await this.payment!.token();
        if ('error' in result) {
          this.store.setState({ paymentError: result.error, announcement: result.error });
          return;
        }
        // The terms on screen as the button was pressed: the attempt (and its retries) carries them.
        this.attempt = { key: crypto.randomUUID(), token: result.token, consent: this.storedCardTerms()?.consent };
      }
      this.setStep('processing');
      this.store.setState({ announcement: this.state.session?.mode === 'setup' ? t.savingCard : t.processing });
      let answer;
      try {
        answer = await api.confirm(this.attempt.token, this.attempt.key, this.attempt.consent);
      } catch (error) {
        return this.afterFailedConfirm(api, error);
      }
      if (answer.status === 'requires_action' && answer.next_action) {
        this.store.setState({ announcement: t.authenticating });
        const challenge = await this.payment!.nextAction(answer.next_action.client_secret);
        this.attempt = null;
        if (challenge.error) {
          const view = await api.session();
          this.store.setState({ ...(view.checkout === 'in-page' ? { session: view } : {}), paymentError: t.cardAuthFailed, announcement: t.cardAuthFailed });
          this.setStep('payment');
          this.host.emit('flex-error', { code: 'authentication_failed', message: t.cardAuthFailed, recoverable: true });
          return;
        }
        await this.apply(await api.session(), true);
        return;
      }
      this.attempt = null;
      await this.apply(answer.checkout_session, true);
    });
  }

  private async afterFailedConfirm(api: CheckoutApi, error: unknown): Promise<void> {
    const t = this.host.messages;
    if (error instanceof CheckoutApiError && error.status === 402) {
      // Declined: the form stays as it is; the next try is a new attempt with a new token.
      this.attempt = null;
      const message = error.detail[0]?.msg ?? t.tryAgain;
      this.store.setState({ paymentError: message, announcement: message });
      this.setStep('payment');
      this.host.emit('flex-error', { code: 'card_declined', message, recoverable: true });
      return;
    }
    if (error instanceof CheckoutApiError && error.status === 429) {
      // Refused before it ran, so nothing is charged: say so in the server's words. The attempt
      // (its Idempotency-Key and token) is kept, so pressing Pay again after the wait resends it.
      const message = error.detail[0]?.msg ?? t.tryAgain;
      this.store.setState({ paymentError: message, announcement: message });
      this.setStep('payment');
      this.host.emit('flex-error', { code: 'rate_limited', message, recoverable: true });
      return;
    }
    if (error instanceof CheckoutApiError && error.transient) {
      // The answer was lost: ask where the payment stands before offering to try again.
      try {
        const status = await api.status();
        if (status.status === 'complete') return void (await this.apply(await api.session(), true));
      } catch {
        // still offline: keep the attempt for the retry
      }
      this.store.setState({ paymentError: t.lostConnection, announcement: t.lostConnection });
      this.setStep('payment');
      this.host.emit('flex-error', { code: 'connection_lost', message: t.lostConnection, recoverable: true });
      return;
    }
    this.attempt = null;
    throw error;
  }

  /** The stored-credential terms for the session on screen (null when the card is not kept): shown above the button, sent with the confirm. */
  storedCardTerms(): StoredCardTerms | null {
    const session = this.state.session;
    return session ? storedCardTerms(session, this.host.messages, this.host.language, this.host.merchantName, this.host.termsUrl) : null;
  }

  /** The shopper leaves: `flex-cancel` fires; false when the page prevented its default. */
  cancel(reason: FlexCancelDetail['reason']): boolean {
    const session = this.state.session;
    if (!session) return false;
    return this.host.emit('flex-cancel', { checkoutSessionId: session.checkout_session_id, reason });
  }

  /** The shopper's language changed: the card form follows, and the questionnaire on screen is fetched again in it (the answers keep: IDs do not change). */
  async relocalize(): Promise<void> {
    this.payment?.updateLocale(this.host.language);
    const api = this.api;
    if (!api || !this.state.questionnaire) return;
    try {
      const questionnaire = await api.questionnaire();
      if (api === this.api) this.store.setState({ questionnaire });
    } catch {
      // Keep the one on screen: it is still right, only in the other language.
    }
  }

  /** Rebuilds the payment form's look (theme changed). */
  restyle(): void {
    this.payment?.updateAppearance(this.host.paymentAppearance());
  }

  private async apply(view: WidgetSession, detailsDone = false): Promise<void> {
    if (view.checkout === 'hosted') return this.applyHosted(view);
    const session = view;
    const keepDecision = this.state.decision && session.status === 'open';
    const step: Step = keepDecision ? 'decision' : stepFor(session, detailsDone || this.state.step === 'payment' || this.state.step === 'processing');
    // A promo code changed what is due: an attempt made for the old amount is not retried for the new one.
    if (this.state.session?.amount_due_now !== session.amount_due_now) this.attempt = null;
    this.store.setState({ session, error: null });
    this.scheduleExpiry(session);
    const api = this.api;
    if (step === 'consultation' && !this.state.questionnaire) {
      // The view holds the questionnaire (one read); an upstream that sends none is asked for it.
      const questionnaire = session.questionnaire ?? (await api!.questionnaire());
      if (api !== this.api) return;
      this.store.setState({ questionnaire });
    }
    // The card form is made for what is due now (see PaymentForm.adjust).
    if (this.payment && !this.payment.adjust(session)) this.dropPayment();
    if (step === 'payment' || step === 'processing') await this.ensurePayment(session);
    else this.dropPayment();
    if (api !== this.api) return;
    this.setStep(step);
    if (step === 'complete') this.completed(session);
    if (step === 'expired') this.host.emit('flex-expired', { checkoutSessionId: session.checkout_session_id });
    if (step === 'processing' && session.payment_intent?.client_secret && this.payment && !this.state.busy) {
      // Reloaded during 3-D Secure: pick the challenge up again.
      const challenge = await this.payment.nextAction(session.payment_intent.client_secret);
      await this.apply(await this.api!.session(), true);
      if (challenge.error) this.store.setState({ paymentError: this.host.messages.cardAuthFailed });
    }
  }

  /**
   * A hosted session: the upstream's page in a frame until the server, reading the session
   * with the secret key, says it is complete or expired.
   */
  private applyHosted(view: HostedSession): void {
    this.store.setState({ hosted: view, session: null, error: null });
    this.scheduleExpiry(view);
    if (view.status !== 'open') {
      this.stopWatching();
      this.setStep(view.status);
      if (view.status === 'complete') this.completed(view);
      else this.host.emit('flex-expired', { checkoutSessionId: view.checkout_session_id });
      return;
    }
    if (this.state.step !== 'hosted') {
      const frame = this.host.redirect === 'always' || !view.redirect_url ? 'link' : 'loading';
      this.store.setState({ frame, frameHeight: null });
      this.setStep('hosted');
    }
    if (this.state.frame !== 'link' && view.redirect_url) this.watchHosted(view.redirect_url);
  }

  private watchHosted(redirectUrl: string): void {
    if (this.hostedWatch) return;
    const t = this.host.messages;
    this.hostedWatch = new HostedWatch(
      {
        frame: () => this.host.hostedFrame(),
        hostedOrigin: new URL(redirectUrl).origin,
        serverOrigin: new URL(this.host.endpoint, location.href).origin,
      },
      {
        check: async () => {
          const api = this.api;
          const answer = await api?.status().catch(() => null);
          if (!answer || api !== this.api) return null;
          if (answer.status !== 'open') await this.refresh();
          return answer.status;
        },
        canceled: () => this.hostedCanceled(),
        // Never smaller than a short step, never absurdly tall.
        height: (px) => this.store.setState({ frameHeight: Math.min(Math.max(Math.round(px), 320), 6000) }),
        blocked: (why) => {
          if (this.state.frame === 'blocked' || (why === 'timeout' && this.state.frame === 'shown')) return;
          this.store.setState({ frame: 'blocked', announcement: t.hostedBlocked });
          this.host.emit('flex-error', { code: 'hosted_unavailable', message: t.hostedBlocked, recoverable: true });
        },
        loaded: (first) => {
          // Its first load, or the first after the hosted page was started over (a cancel the
          // merchant's page kept here): shown. A later page in the frame: brought into view.
          if (this.state.frame === 'loading') this.store.setState({ frame: 'shown' });
          if (!first) this.host.revealHostedFrame();
        },
      },
    );
    this.hostedWatch.start();
  }

  /** The hosted frame's load event. */
  frameLoaded(): void {
    this.hostedWatch?.frameLoaded();
  }

  /**
   * The shopper canceled on the hosted page: `flex-cancel`, then the merchant's cancel_url
   * unless the page prevented it; without one the hosted page starts over in the frame.
   */
  private hostedCanceled(): void {
    const view = this.state.hosted;
    if (!view) return;
    const proceed = this.host.emit('flex-cancel', { checkoutSessionId: view.checkout_session_id, reason: 'hosted_canceled' });
    if (proceed && view.cancel_url) location.assign(view.cancel_url);
    else this.store.setState({ frameKey: this.state.frameKey + 1, frame: 'loading' });
  }

  private stopWatching(): void {
    this.hostedWatch?.stop();
    this.hostedWatch = undefined;
  }

  private async ensurePayment(session: ClientSession): Promise<void> {
    if (this.payment) return;
    const api = this.api;
    try {
      this.stripe ??= await loadStripeFor(session);
      // Another client secret took over while Stripe.js loaded: this session's form is not wanted.
      if (api !== this.api) return;
      this.payment = new PaymentForm(
        this.stripe,
        session,
        this.host,
        this.host.paymentAppearance(),
        (complete) => this.store.setState({ cardComplete: complete }),
        () => this.store.setState({ stripeFailed: true }),
      );
      this.store.setState({ stripeFailed: false });
    } catch (error) {
      if (api !== this.api) return;
      this.store.setState({ stripeFailed: true });
      this.host.emit('flex-error', { code: 'stripe_failed', message: this.host.messages.stripeFailed, recoverable: true });
      void error;
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

  private completed(session: ClientSession | HostedSession): void {
    if (this.completeFired) return;
    this.completeFired = true;
    clearTimeout(this.expiryTimer);
    const c = session.completion;
    const letter = session.checkout === 'in-page' ? session.letter : null;
    const redirectUrl =
      this.host.redirect === 'always' && session.success_url
        ? session.success_url.replaceAll('{CHECKOUT_SESSION_ID}', encodeURIComponent(session.checkout_session_id))
        : null;
    const proceed = this.host.emit('flex-complete', {
      checkoutSessionId: session.checkout_session_id,
      status: 'complete',
      customerId: c?.customer ?? null,
      paymentMethodId: c?.payment_method ?? null,
      paymentIntentId: c?.payment_intent ?? null,
      subscriptionId: c?.subscription ?? null,
      setupFutureUse: session.setup_future_use,
      letter: letter ? { visitType: letter.visit_type, expiresAt: letter.expires_at } : null,
      redirectUrl,
    });
    if (redirectUrl && proceed) location.assign(redirectUrl);
  }

  private scheduleExpiry(session: Pick<WidgetSession, 'status' | 'expires_at'>): void {
    clearTimeout(this.expiryTimer);
    if (session.status !== 'open') return;
    const ms = session.expires_at * 1000 - Date.now();
    // Timers cap at about 24.8 days; sessions live at most 24 hours.
    if (ms < 2 ** 31 - 1) this.expiryTimer = setTimeout(() => void this.refresh(), Math.max(0, ms) + 500);
  }

  private setStep(step: Step): void {
    const previous = this.state.step;
    if (previous === step) return;
    this.store.setState({ step, fieldErrors: {} });
    this.host.emit('flex-step-change', { step, previous });
  }

  /** One call at a time; an unexpected failure becomes the error step. */
  private async busy(work: (api: CheckoutApi) => Promise<void>): Promise<void> {
    const api = this.api;
    if (!api || this.state.busy) return;
    this.store.setState({ busy: true });
    try {
      await work(api);
    } catch (error) {
      // A call of a checkout that is no longer on screen fails quietly (see refresh).
      if (api !== this.api) return;
      if (error instanceof CheckoutApiError && error.status === 409) {
        // The session moved on without us (expired, or completed in another tab): show where it is.
        await this.refresh();
      } else {
        const message = error instanceof CheckoutApiError && error.detail[0] ? error.detail[0].msg : this.host.messages.loadFailed;
        this.fail({ code: 'request_failed', message, recoverable: true }, error);
      }
    } finally {
      if (api === this.api) this.store.setState({ busy: false });
    }
  }

  private fail(error: FlexErrorDetail, cause?: unknown): void {
    void cause;
    this.store.setState({ error, announcement: error.message });
    this.setStep('error');
    this.host.emit('flex-error', error);
  }

  private teardown(): void {
    this.stopWatching();
    this.abort.abort();
    this.api = undefined;
    this.attempt = null;
    clearTimeout(this.expiryTimer);
    this.dropPayment();
  }
}

export { fill };
