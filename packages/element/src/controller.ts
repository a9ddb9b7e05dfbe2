import type { HostedSession, WidgetSession, ClientSession } from '@flex-checkout/protocol';
import type { Appearance } from '@stripe/stripe-js';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { CheckoutApiError, createCheckoutApi, type CheckoutApi } from './api.js';
import type { FlexCheckoutEventMap, FlexErrorDetail } from './events.js';
import { addMessages, hasMessages, type Locale, type CoreMessages } from './i18n/index.js';
import type { HostedWatch } from './hosted/watch.js';
import type { InPageFlow } from './in-page/flow.js';
import { loadHosted, loadInPage, loadSpanish, type HostedPart } from './lazy.js';
import { createCheckoutStore, initialState, said, type CheckoutState, type Step } from './store.js';

/** What the controller needs of `<flex-checkout>`. */
export interface CheckoutHost extends ReactiveControllerHost, HTMLElement {
  clientSecret: string;
  endpoint: string;
  redirect: 'never' | 'always';
  /** Who may charge a kept card, named in the terms above the button. */
  merchantName: string;
  /** The merchant's terms, linked under them. */
  termsUrl: string;
  /** The first read's answer, when the page carries it (`session-view`). */
  sessionView: string | object | undefined;
  readonly messages: CoreMessages;
  /** The shopper's language as a BCP 47 tag (`en`, `es`). */
  readonly language: Locale;
  /** Stripe Elements appearance for the payment frame, when the page sets one. */
  appearance: Appearance | undefined;
  theme: 'light' | 'dark' | 'auto';
  /** The hosted checkout's frame, while it is shown. */
  hostedFrame(): HTMLIFrameElement | null;
  /** Brings the hosted frame's top into view (each step of the hosted page starts there). */
  revealHostedFrame(): void;
  emit<K extends keyof FlexCheckoutEventMap>(type: K, detail: FlexCheckoutEventMap[K]['detail']): boolean;
}

/**
 * Why the first read failed, for the shopper (`message`) and the page's developer (`status`,
 * `reason`). Nothing answering, a server error or a rate limit may pass: the shopper may try
 * again, told to check their connection only when nothing answered (a 5xx or 429 is the
 * payment service's side). Any other answer will not change by trying again (the page is set
 * up wrong: the client secret, the endpoint), so the shopper is told to start again from the store.
 */
function loadFailure(error: unknown, endpoint: string, t: CoreMessages): FlexErrorDetail {
  const status = error instanceof CheckoutApiError ? error.status : 0;
  const lasting = error instanceof CheckoutApiError && !error.transient;
  return {
    code: 'load_failed',
    message: lasting ? t.cannotOpen : status ? t.unavailable : t.loadFailed,
    recoverable: !lasting,
    status,
    reason: status ? `${endpoint} answered ${status}: ${(error as Error).message}` : undefined,
  };
}

/** A client secret the companion server minted for a hosted session (`…_secret_fch…`, see its client-secrets.ts). */
const looksHosted = (secret: string) => secret.includes('_secret_fch');

/**
 * The page's copy of the first read (`session-view`, JSON or an object), when it is a view of
 * this session; anything else is left for the read to replace. It decides nothing the server
 * would not: it is what the server answered the merchant's server for this secret, and every
 * step after it is the server's word again.
 */
function givenView(value: unknown, sessionId: string): WidgetSession | undefined {
  try {
    const view = (typeof value === 'string' ? JSON.parse(value) : value) as Partial<WidgetSession> | null | undefined;
    if (view?.checkout_session_id === sessionId && (view.checkout === 'in-page' || view.checkout === 'hosted')) return view as WidgetSession;
  } catch {
    // Not JSON: read the session instead.
  }
  return undefined;
}

/**
 * Runs one checkout for the element: loads the session, moves through the steps, talks to
 * the server. Everything async can be aborted: a new client secret (or the element leaving
 * the page) cancels what the old one started, so no stale intent is ever confirmed. The
 * store is the one source of truth the element renders from.
 *
 * The hosted checkout is driven here; the in-page steps by an InPageFlow (in-page/), loaded
 * the first time an in-page session is shown, so a hosted checkout never downloads them.
 */
export class CheckoutController implements ReactiveController {
  readonly store = createCheckoutStore();
  /** The in-page steps, once an in-page session has loaded them. */
  inPage: InPageFlow | undefined;
  /** The calls of the checkout on screen; replaced (and the old one's aborted) on each start. */
  api: CheckoutApi | undefined;
  private abort = new AbortController();
  private flow: Promise<InPageFlow> | undefined;
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;
  private hostedWatch: HostedWatch | undefined;
  private readyFired = false;
  private completeFired = false;
  /** A session found complete by the first read: its flex-complete waits for flex-ready. */
  private completeAfterReady: ClientSession | HostedSession | undefined;
  /** The session whose first view was taken from the page. */
  private viewTakenFor = '';
  /** The client secret the current run started with; undefined when none has started. */
  private started: string | undefined;

  constructor(readonly host: CheckoutHost) {
    host.addController(this);
    this.store.subscribe(() => host.requestUpdate());
  }

  get state(): CheckoutState {
    return this.store.getState();
  }

  /**
   * Starts the session's read for a client secret the element has when it connects (an
   * attribute in the page, the script-tag case). The element calls it before Lit's own
   * connection work, so the network overlaps making the shadow root and the first render;
   * for a secret already started it does nothing.
   */
  startIfNew(): void {
    if (this.host.clientSecret && this.started !== this.host.clientSecret) void this.start();
  }

  hostConnected(): void {
    this.startIfNew();
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
    this.completeAfterReady = undefined;
    this.store.setState(initialState(), true);
    if (!this.host.clientSecret) {
      return this.fail({ code: 'missing_client_secret', message: 'Set the client-secret attribute.', recoverable: false });
    }
    // What the first step will need, fetched beside the session's read rather than after it:
    // the in-page steps, or the hosted step for a secret the server minted for a hosted session.
    // Asked first: a static file, it is back before the read's answer (run once the main
    // thread is free, often just after that answer), instead of queueing behind it (Chromium
    // sent it up to 20 ms late when it was asked second).
    if (looksHosted(this.host.clientSecret)) void this.hosted().catch(() => undefined);
    else void this.inPageFlow().catch(() => undefined);
    this.abort = new AbortController();
    this.api = createCheckoutApi(this.host.endpoint, this.host.clientSecret, this.abort.signal, () => this.host.language);
    // Taken once per session: an element moved in the page starts again from a read, not from
    // the page's first view, which no longer says where the shopper is.
    const id = this.api.sessionId;
    const given = this.viewTakenFor === id ? undefined : givenView(this.host.sessionView, id);
    if (given) this.viewTakenFor = id;
    await this.refresh(given);
  }

  /**
   * Reads the session and goes where it says; on failure, offers to try again. A read
   * started for an earlier client secret ends silently: its failure (the abort itself, when
   * the secret changed mid-load, as React's StrictMode does on every mount) and its answer
   * both belong to a checkout that is no longer on screen. `given`: the page's copy of the
   * first read (session-view), used instead of asking, once.
   */
  async refresh(given?: WidgetSession): Promise<void> {
    const api = this.api;
    if (!api) return;
    try {
      // The shopper's language, when it is not built in, arrives beside the session.
      const [session] = await Promise.all([given ?? api.session(), this.messagesReady()]);
      if (api !== this.api) return;
      await this.apply(session);
      if (!this.readyFired && api === this.api) {
        this.readyFired = true;
        this.host.emit('flex-ready', { checkoutSessionId: session.checkout_session_id, step: this.state.step });
        const complete = this.completeAfterReady;
        this.completeAfterReady = undefined;
        if (complete) this.completed(complete);
      }
    } catch (error) {
      // Compared with the run this read belongs to, not the current one: start() has already
      // replaced the aborted controller by the time the aborted fetch rejects.
      if (api !== this.api) return;
      // The shopper's words may still be on their way (they load beside the read): the error is said in them.
      await this.messagesReady();
      if (api !== this.api) return;
      this.fail(loadFailure(error, this.host.endpoint, this.host.messages));
    }
  }

  /** The shopper's language changed: its words (loaded if need be), then the card form and the questionnaire follow. */
  async relocalize(): Promise<void> {
    await this.messagesReady();
    this.host.requestUpdate();
    await this.inPage?.relocalize();
  }

  /** Rebuilds the payment form's look (theme changed). */
  restyle(): void {
    this.inPage?.restyle();
  }

  /** The hosted view is shown here; an in-page one by the in-page steps, loaded first if need be. */
  async apply(view: WidgetSession, detailsDone = false): Promise<void> {
    if (view.checkout === 'hosted') return this.applyHosted(view);
    const api = this.api;
    const flow = await this.inPageFlow();
    if (api !== this.api) return;
    await flow.apply(view, detailsDone);
  }

  /** The in-page steps, loaded once (a failed load is tried again next time). */
  private inPageFlow(): Promise<InPageFlow> {
    this.flow ??= loadInPage(this.host.endpoint).then(
      (part) => {
        part.registerInPage();
        return (this.inPage = new part.InPageFlow(this));
      },
      (error: unknown) => {
        this.flow = undefined;
        throw error;
      },
    );
    return this.flow;
  }

  /**
   * The hosted step and its watch. Nothing is kept here: the loader keeps a loaded part and
   * forgets a failed load (lazy.ts, load-script.ts), and registering the step again is harmless.
   */
  private async hosted(): Promise<HostedPart> {
    const part = await loadHosted(this.host.endpoint);
    part.registerHosted();
    return part;
  }

  /** English is built in; Spanish is loaded the first time it is wanted (English if it cannot be). */
  private async messagesReady(): Promise<void> {
    const locale = this.host.language;
    if (hasMessages(locale)) return;
    try {
      addMessages(locale, await loadSpanish(this.host.endpoint));
    } catch {
      // The checkout still works, in English.
    }
  }

  /**
   * A hosted session: the upstream's page in a frame until the server, reading the session
   * with the secret key, says it is complete or expired. The hosted step and its watch come
   * with their part, loaded (beside the first read, see start) only for an open session.
   */
  private async applyHosted(view: HostedSession): Promise<void> {
    const api = this.api;
    const part = view.status === 'open' ? await this.hosted() : null;
    if (api !== this.api) return;
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
      // No frame to watch: a shopper who paid in another tab is seen when this one shows again.
      if (frame === 'link') document.addEventListener('visibilitychange', () => void (document.hidden || this.refresh()), { signal: this.abort.signal });
    }
    if (part && this.state.frame !== 'link' && view.redirect_url) this.watchHosted(part, view.redirect_url);
  }

  private watchHosted(part: HostedPart, redirectUrl: string): void {
    if (this.hostedWatch) return;
    const t = this.host.messages;
    this.hostedWatch = new part.HostedWatch(
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
          this.store.setState({ frame: 'blocked', ...said(this.state, t.hostedBlocked) });
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

  /** @internal The session is complete: `flex-complete`, once, and the redirect when asked for. */
  completed(session: ClientSession | HostedSession): void {
    if (this.completeFired) return;
    // A checkout opened already paid: ready first (the element's first event), then complete.
    if (!this.readyFired) {
      this.completeAfterReady = session;
      return;
    }
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

  /** @internal Reads the session again when it expires, so the shopper sees it end. */
  scheduleExpiry(session: Pick<WidgetSession, 'status' | 'expires_at'>): void {
    clearTimeout(this.expiryTimer);
    if (session.status !== 'open') return;
    const ms = session.expires_at * 1000 - Date.now();
    // Timers cap at about 24.8 days; sessions live at most 24 hours.
    if (ms < 2 ** 31 - 1) this.expiryTimer = setTimeout(() => void this.refresh(), Math.max(0, ms) + 500);
  }

  /** @internal Moves the shopper to a step, and says so (`flex-step-change`). */
  setStep(step: Step): void {
    const previous = this.state.step;
    if (previous === step) return;
    this.store.setState({ step, fieldErrors: {} });
    this.host.emit('flex-step-change', { step, previous });
  }

  /** @internal One call at a time; an unexpected failure becomes the error step. */
  async busy(work: (api: CheckoutApi) => Promise<void>): Promise<void> {
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
        this.fail({ code: 'request_failed', message, recoverable: true });
      }
    } finally {
      if (api === this.api) this.store.setState({ busy: false });
    }
  }

  private fail(error: FlexErrorDetail): void {
    // What the page's developer needs and the shopper does not: the server's own words. Never
    // the client secret or what the shopper typed (the server's messages name fields, not values).
    if (error.reason) console.warn(`<flex-checkout> ${error.reason}`);
    this.store.setState({ error, ...said(this.state, error.message) });
    this.setStep('error');
    this.host.emit('flex-error', error);
  }

  private teardown(): void {
    this.stopWatching();
    this.abort.abort();
    this.api = undefined;
    clearTimeout(this.expiryTimer);
    this.inPage?.teardown();
  }
}
