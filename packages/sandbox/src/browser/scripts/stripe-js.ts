/* Flex sandbox: a stand-in for Stripe.js. Test mode only; never load it in production. */
/**
 * The Stripe.js stand-in (`GET /sandbox/stripe.js`): a browser script that defines
 * `window.Stripe` with the part of Stripe.js the widget uses, under the same names and
 * shapes, so the widget runs unchanged against the sandbox (`@stripe/stripe-js`'s
 * `loadStripe` uses an existing `window.Stripe` and fetches nothing).
 *
 * It never sees a card number: the payment element is an iframe on the sandbox's origin
 * (card-frame.ts) and only the confirmation token's ID and preview come back out. The
 * 3-D Secure challenge is another sandbox iframe (challenge.ts) in a modal overlay.
 *
 * Messages between this script and the frames: docs/sandbox-card-frame.md.
 *
 * Compiled by the package's build and served as a classic script (the merchant's
 * `<script src>`, as Stripe's loader injects it; see browser-script.ts): it imports nothing,
 * and everything is inside the function below, so `window.Stripe` is the only name it leaves
 * in the page.
 */

// ---- What the stand-in takes and gives, in Stripe's shapes ---------------------------------

/** Stripe's `appearance` option, passed to the card frame as given. */
interface Appearance {
  readonly theme?: string;
  readonly variables?: Readonly<Record<string, string | number>>;
  readonly [option: string]: unknown;
}

/** `stripe.elements(options)`: amount and currency are shown on the 3-D Secure page. */
interface ElementsOptions {
  readonly mode?: string;
  readonly amount?: number;
  readonly currency?: string;
  readonly setupFutureUsage?: string;
  readonly appearance?: Appearance;
  readonly locale?: string;
  readonly [option: string]: unknown;
}

/** An error as Stripe.js gives it (`validation_error`, `card_error`, `api_error`, …). */
interface StripeError {
  readonly type: string;
  readonly code?: string;
  readonly message: string;
  readonly payment_intent?: Intent;
  readonly setup_intent?: Intent;
}

/** A confirmation token as the sandbox created it (the card frame passes it on). */
interface ConfirmationToken {
  readonly id: string;
  readonly object: 'confirmation_token';
  readonly [field: string]: unknown;
}

/** A payment or setup intent, as the challenge's endpoint answered it. */
interface Intent {
  readonly object?: string;
  readonly id?: string;
  readonly status?: string;
  readonly client_secret?: string;
  readonly [field: string]: unknown;
}

interface ElementEvent {
  readonly elementType: 'payment';
}
interface ChangeEvent extends ElementEvent {
  readonly complete: boolean;
  readonly empty: boolean;
  readonly collapsed: false;
  readonly value: { readonly type: 'card' };
}
interface LoadErrorEvent extends ElementEvent {
  readonly error: StripeError;
}
type ElementEventName = 'ready' | 'change' | 'focus' | 'blur' | 'loaderror';
type ElementHandler = (event: ElementEvent | ChangeEvent | LoadErrorEvent) => void;

type SubmitResult = { readonly error: StripeError } | Record<string, never>;
type ConfirmationTokenResult = { readonly confirmationToken: ConfirmationToken } | { readonly error: StripeError };
type NextActionResult = { readonly paymentIntent: Intent } | { readonly setupIntent: Intent } | { readonly error: StripeError };

/** The one name the stand-in gives the page: `window.Stripe`, as the page calls it. */
interface StripeGlobal {
  Stripe?: (publishableKey: string) => unknown;
}

// ---- Messages (docs/sandbox-card-frame.md) -------------------------------------------------

/** What the card frame answers to `submit` and `create-token` (or what stands in for it). */
interface FrameReply {
  readonly error?: StripeError | null;
  readonly confirmationToken?: ConfirmationToken;
}

/**
 * A message from one of the sandbox's frames. Who sent it (`flexSandbox`) and its `type` are
 * checked before anything is read; the fields the stand-in checks itself are `unknown`, the
 * ones it only passes on are typed as the protocol defines them.
 */
type FrameMessage =
  | { readonly flexSandbox: 'card-frame'; readonly type: 'ready' | 'resize'; readonly height: unknown }
  | { readonly flexSandbox: 'card-frame'; readonly type: 'change'; readonly complete: unknown; readonly empty: unknown }
  | { readonly flexSandbox: 'card-frame'; readonly type: 'focus' | 'blur' }
  | (FrameReply & { readonly flexSandbox: 'card-frame'; readonly type: 'submit-result' | 'token-result'; readonly requestId: unknown })
  | ChallengeReply;

/** The 3-D Secure challenge's answer. */
type ChallengeReply =
  | { readonly flexSandbox: 'challenge'; readonly type: 'result'; readonly result: 'complete' | 'fail'; readonly intent?: Intent }
  | { readonly flexSandbox: 'challenge'; readonly type: 'error'; readonly error?: StripeError };

type FrameListener = (data: FrameMessage) => void;

/** What the stand-in posts to the challenge with its `init`. */
interface ChallengeDetails {
  readonly clientSecret: string;
  readonly publishableKey: string;
  readonly amount: number | null;
  readonly currency: string | null;
}

(() => {
  // Classic scripts are sloppy by default: the build emits no directive for a module.
  'use strict';

  const host = window as unknown as StripeGlobal;

  // A page that already has Stripe.js (the real one, or this file twice) keeps what it has.
  if (host.Stripe) return;

  // The sandbox is wherever this script was served from. document.currentScript is only set
  // while a classic script first runs (async and defer included), so it is read now, once.
  const script = document.currentScript ?? document.querySelector<HTMLScriptElement>('script[src*="/sandbox/stripe.js"]');
  if (!script || !('src' in script) || !script.src) {
    console.error('Stripe.js (Flex sandbox): load this file with <script src="…/sandbox/stripe.js">; it could not find its own URL.');
    return;
  }
  const SANDBOX_ORIGIN = new URL(script.src, location.href).origin;
  const CARD_FRAME_URL = `${SANDBOX_ORIGIN}/sandbox/card-frame`;
  const CHALLENGE_URL = `${SANDBOX_ORIGIN}/sandbox/challenge`;
  const LOAD_TIMEOUT_MS = 15000;
  const REQUEST_TIMEOUT_MS = 60000;
  const AUTHENTICATION_FAILED = 'We are unable to authenticate your payment method. Please choose a different payment method and try again.';

  let counter = 0;
  const nextId = (prefix: string): string => prefix + String(++counter);
  const integrationError = (message: string): Error => new Error(`Stripe.js (Flex sandbox): ${message}`);

  /** A message that says which of the sandbox's frames it is from; its type is checked where it is read. */
  function isFrameMessage(data: unknown): data is FrameMessage {
    return typeof data === 'object' && data !== null && 'flexSandbox' in data && typeof data.flexSandbox === 'string';
  }

  /** An element that takes focus (HTML, SVG and MathML elements do). */
  function isFocusable(element: Element): element is Element & { focus(): void } {
    return 'focus' in element && typeof element.focus === 'function';
  }

  // ---- Messages from the sandbox's frames ------------------------------------------------
  // A message counts only when it comes from the sandbox's origin AND from a frame this
  // script created (each registers a listener under its window).
  const frameListeners = new Map<MessageEventSource | null, FrameListener>();
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (event.origin !== SANDBOX_ORIGIN) return;
    const listener = frameListeners.get(event.source);
    const data = event.data;
    if (listener && isFrameMessage(data)) listener(data);
  });

  // Messages to a frame go to the sandbox's origin only, so nothing (a client secret, a
  // key) can reach a page the frame was navigated to.
  function postToFrame(iframe: HTMLIFrameElement, type: string, payload?: object): void {
    if (!iframe.contentWindow) return;
    const message = { flexSandbox: 'stripe-js', type, ...payload };
    iframe.contentWindow.postMessage(message, SANDBOX_ORIGIN);
  }

  function makeIframe(src: string, title: string): HTMLIFrameElement {
    const iframe = document.createElement('iframe');
    iframe.name = nextId('__flexSandboxFrame');
    iframe.title = title;
    iframe.src = src;
    iframe.setAttribute('frameborder', '0');
    iframe.setAttribute('allowtransparency', 'true');
    iframe.setAttribute('scrolling', 'no');
    // color-scheme 'normal' keeps the frame transparent on a dark page: Chromium paints an
    // opaque backdrop behind a frame whose color scheme differs from its embedder's.
    Object.assign(iframe.style, { border: '0', display: 'block', background: 'transparent', colorScheme: 'normal' });
    return iframe;
  }

  // ---- The payment element ---------------------------------------------------------------
  class PaymentElement {
    private readonly _elements: Elements;
    private _handlers: Partial<Record<string, ElementHandler[]>> = {};
    private _wrapper: HTMLDivElement | null = null;
    private _iframe: HTMLIFrameElement | null = null;
    private _frameWindow: Window | null = null;
    private _ready = false;
    private _whenReady: (() => void)[] = [];
    private readonly _pending = new Map<string, (reply: FrameReply) => void>();
    private _loadTimer: ReturnType<typeof setTimeout> | undefined;
    private _destroyed = false;

    constructor(elements: Elements) {
      this._elements = elements;
    }

    mount(target: string | Node): this {
      if (this._destroyed) throw integrationError('This element was destroyed; create a new one.');
      if (this._wrapper) throw integrationError('This element is already mounted; unmount() it first.');
      const node = typeof target === 'string' ? document.querySelector(target) : target;
      if (!node || node.nodeType !== Node.ELEMENT_NODE) {
        throw integrationError('mount() takes a DOM element or a selector that matches one.');
      }

      const wrapper = document.createElement('div');
      wrapper.className = 'FlexSandboxElement';
      const iframe = makeIframe(CARD_FRAME_URL, 'Secure payment input frame');
      Object.assign(iframe.style, { width: '1px', minWidth: '100%', height: '0', overflow: 'hidden' });
      // The publishable key, the appearance and the language travel by postMessage, never in the URL.
      iframe.addEventListener('load', () => {
        postToFrame(iframe, 'init', {
          publishableKey: this._elements._stripe._key,
          appearance: this._elements._appearance(),
          locale: this._elements._locale(),
        });
      });
      wrapper.appendChild(iframe);
      node.appendChild(wrapper);
      this._wrapper = wrapper;
      this._iframe = iframe;
      // Kept: once the frame leaves the page its contentWindow reads null, and the listener
      // could no longer be found to remove (a leak on every unmount).
      this._frameWindow = iframe.contentWindow;
      frameListeners.set(this._frameWindow, (data) => this._onFrameMessage(data));

      this._loadTimer = setTimeout(() => {
        if (this._ready) return;
        this._emit('loaderror', {
          elementType: 'payment',
          error: { type: 'api_error', message: `The payment form could not be loaded from the sandbox at ${SANDBOX_ORIGIN}.` },
        });
      }, LOAD_TIMEOUT_MS);
      return this;
    }

    unmount(): this {
      if (!this._wrapper) return this;
      clearTimeout(this._loadTimer);
      frameListeners.delete(this._frameWindow);
      this._wrapper.remove();
      this._wrapper = this._iframe = this._frameWindow = null;
      this._ready = false;
      this._whenReady = [];
      // Whoever waits on the frame gets an answer rather than waiting forever.
      this._pending.forEach((settle) => settle({ error: { type: 'api_error', message: 'The payment element was unmounted.' } }));
      return this;
    }

    destroy(): void {
      this.unmount();
      this._destroyed = true;
      this._handlers = {};
      if (this._elements._element === this) this._elements._element = null;
    }

    on(event: ElementEventName, handler: ElementHandler): this {
      (this._handlers[event] = this._handlers[event] || []).push(handler);
      return this;
    }

    once(event: ElementEventName, handler: ElementHandler): this {
      const wrapped: ElementHandler = (payload) => {
        this.off(event, wrapped);
        handler(payload);
      };
      return this.on(event, wrapped);
    }

    off(event: ElementEventName, handler?: ElementHandler): this {
      if (!handler) delete this._handlers[event];
      else this._handlers[event] = (this._handlers[event] || []).filter((h) => h !== handler);
      return this;
    }

    private _emit(event: ElementEventName, payload: ElementEvent | ChangeEvent | LoadErrorEvent): void {
      (this._handlers[event] || []).slice().forEach((handler) => {
        try {
          handler(payload);
        } catch (error) {
          // One page handler's mistake must not stop the others (or the element).
          setTimeout(() => {
            throw error;
          });
        }
      });
    }

    private _onFrameMessage(data: FrameMessage): void {
      if (data.flexSandbox !== 'card-frame') return;
      switch (data.type) {
        case 'ready':
          this._resize(data.height);
          this._ready = true;
          clearTimeout(this._loadTimer);
          this._whenReady.splice(0).forEach((run) => run());
          this._emit('ready', { elementType: 'payment' });
          break;
        case 'resize':
          this._resize(data.height);
          break;
        case 'change':
          // Rebuilt field by field: the page gets exactly Stripe's fields, nothing else.
          this._emit('change', {
            elementType: 'payment',
            complete: data.complete === true,
            empty: data.empty === true,
            collapsed: false,
            value: { type: 'card' },
          });
          break;
        case 'focus':
        case 'blur':
          this._emit(data.type, { elementType: 'payment' });
          break;
        case 'submit-result':
        case 'token-result': {
          const settle = typeof data.requestId === 'string' ? this._pending.get(data.requestId) : undefined;
          if (settle) settle(data);
          break;
        }
      }
    }

    private _resize(height: unknown): void {
      if (this._iframe && typeof height === 'number' && height >= 0) this._iframe.style.height = `${Math.ceil(height)}px`;
    }

    _send(type: string, payload: object): void {
      const iframe = this._iframe;
      if (!iframe) return;
      if (this._ready) postToFrame(iframe, type, payload);
      else this._whenReady.push(() => postToFrame(iframe, type, payload));
    }

    /** Asks the frame something and resolves with its answer (or an api_error on timeout). */
    _request(type: 'submit' | 'create-token'): Promise<FrameReply> {
      if (!this._iframe) return Promise.reject(integrationError('Mount the payment element first.'));
      return new Promise((resolve) => {
        const requestId = nextId('req_');
        // Settled only later (an answer, the timeout, an unmount), when the timer is set.
        const settle = (reply: FrameReply): void => {
          clearTimeout(timer);
          this._pending.delete(requestId);
          resolve(reply);
        };
        const timer = setTimeout(() => {
          settle({ error: { type: 'api_error', message: 'The payment form did not answer in time.' } });
        }, REQUEST_TIMEOUT_MS);
        this._pending.set(requestId, settle);
        this._send(type, { requestId });
      });
    }
  }

  // ---- elements ----------------------------------------------------------------------------
  class Elements {
    readonly _stripe: StripeSandbox;
    readonly _options: ElementsOptions;
    _element: PaymentElement | null = null;
    _submitted = false;

    constructor(stripe: StripeSandbox, options: ElementsOptions | undefined) {
      this._stripe = stripe;
      this._options = { ...options };
    }

    _appearance(): Appearance {
      return this._options.appearance || {};
    }

    // Stripe's locale option ('auto' by default: the browser's language), as the frame takes it.
    _locale(): string {
      const locale = this._options.locale;
      return typeof locale === 'string' && locale !== 'auto' ? locale : navigator.language || 'en';
    }

    create(type: string): PaymentElement {
      if (type !== 'payment') {
        throw integrationError(`the sandbox provides the "payment" element only, not "${type}".`);
      }
      if (this._element) throw integrationError('Can only create one Element of type payment.');
      this._element = new PaymentElement(this);
      return this._element;
    }

    getElement(type: string): PaymentElement | null {
      return type === 'payment' ? this._element : null;
    }

    update(options: ElementsOptions | undefined): void {
      Object.assign(this._options, options);
      if (!options || !this._element) return;
      if (options.appearance) this._element._send('update', { appearance: this._appearance() });
      if (options.locale) this._element._send('update', { locale: this._locale() });
    }

    /** Validates the form; the frame shows each problem under its field, as Stripe does. */
    submit(): Promise<SubmitResult> {
      if (!this._element) {
        return Promise.reject(integrationError('Create and mount the payment element before elements.submit().'));
      }
      return this._element._request('submit').then((reply): SubmitResult => {
        if (reply.error) return { error: reply.error };
        this._submitted = true;
        return {};
      });
    }
  }

  // ---- stripe --------------------------------------------------------------------------------
  class StripeSandbox {
    readonly _key: string;
    private _lastElements: Elements | null = null;

    constructor(publishableKey: string) {
      this._key = publishableKey;
    }

    elements(options?: ElementsOptions): Elements {
      this._lastElements = new Elements(this, options);
      return this._lastElements;
    }

    createConfirmationToken(options?: { elements?: unknown; params?: unknown }): Promise<ConfirmationTokenResult> {
      const elements = options?.elements;
      if (!(elements instanceof Elements) || !elements._element) {
        return Promise.reject(integrationError('createConfirmationToken needs { elements } with a mounted payment element.'));
      }
      if (!elements._submitted) {
        console.warn(
          'Stripe.js (Flex sandbox): createConfirmationToken() was called without a successful elements.submit() first; real Stripe.js requires one.',
        );
      }
      // params (billing details, return_url…) are accepted and not used: the frame sends what was typed.
      return elements._element._request('create-token').then((reply): ConfirmationTokenResult => {
        if (reply.confirmationToken) return { confirmationToken: reply.confirmationToken };
        return { error: reply.error || { type: 'api_error', message: 'The payment form gave no answer.' } };
      });
    }

    handleNextAction(options?: { clientSecret?: unknown }): Promise<NextActionResult> {
      const clientSecret = options?.clientSecret;
      if (typeof clientSecret !== 'string' || !clientSecret.includes('_secret_')) {
        return Promise.reject(integrationError('handleNextAction takes { clientSecret } of a payment or setup intent.'));
      }
      if (openChallenge) return Promise.reject(integrationError('A 3D Secure challenge is already open.'));
      // The amount is shown on the challenge when known: from the last elements() options.
      const known: ElementsOptions = this._lastElements?._options || {};
      const details: ChallengeDetails = {
        clientSecret,
        publishableKey: this._key,
        amount: typeof known.amount === 'number' ? known.amount : null,
        currency: typeof known.currency === 'string' ? known.currency : null,
      };
      return new Promise((resolve) => {
        openChallenge = showChallenge(details, (reply) => {
          openChallenge = null;
          resolve(challengeOutcome(reply, clientSecret));
        });
      });
    }
  }

  // ---- 3-D Secure: the challenge in a modal overlay ------------------------------------------
  let openChallenge: { close: () => void } | null = null;

  /** Opens the overlay; calls back once with the challenge page's 'result' or 'error'. */
  function showChallenge(details: ChallengeDetails, onReply: (reply: ChallengeReply) => void): { close: () => void } {
    const previousFocus = document.activeElement;
    const overlay = document.createElement('div');
    overlay.setAttribute('role', 'dialog');
    overlay.setAttribute('aria-modal', 'true');
    overlay.setAttribute('aria-label', '3D Secure authentication');
    overlay.className = 'FlexSandboxChallenge';
    Object.assign(overlay.style, {
      position: 'fixed',
      inset: '0',
      zIndex: '2147483647',
      display: 'flex',
      alignItems: 'center',
      justifyContent: 'center',
      background: 'rgba(0, 0, 0, 0.5)',
      margin: '0',
      padding: '0',
    });
    const iframe = makeIframe(CHALLENGE_URL, '3D Secure authentication');
    Object.assign(iframe.style, {
      width: 'min(480px, calc(100vw - 32px))',
      height: 'min(420px, calc(100vh - 32px))',
      borderRadius: '8px',
      background: '#ffffff',
      boxShadow: '0 12px 40px rgba(0, 0, 0, 0.3)',
    });
    // Tab past either end of the challenge lands on a sentinel that sends focus back in:
    // the shopper cannot wander into the page behind while the bank is waiting.
    const sentinel = (): HTMLSpanElement => {
      const span = document.createElement('span');
      span.tabIndex = 0;
      span.addEventListener('focus', () => iframe.focus());
      return span;
    };
    overlay.append(sentinel(), iframe, sentinel());

    // The client secret goes to the challenge by postMessage (sandbox origin only), never in the URL.
    iframe.addEventListener('load', () => {
      postToFrame(iframe, 'init', details);
      iframe.focus();
    });
    // Escape must not close the overlay and leave the promise hanging, nor reach the page's
    // own dialogs underneath: the shopper answers the challenge with one of its buttons.
    const onKeydown = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      event.stopPropagation();
      iframe.focus();
    };
    document.addEventListener('keydown', onKeydown, true);

    document.body.appendChild(overlay);
    const frameWindow = iframe.contentWindow;
    const close = (): void => {
      frameListeners.delete(frameWindow);
      document.removeEventListener('keydown', onKeydown, true);
      overlay.remove();
      if (previousFocus && isFocusable(previousFocus)) previousFocus.focus();
    };
    frameListeners.set(frameWindow, (data) => {
      if (data.flexSandbox !== 'challenge' || (data.type !== 'result' && data.type !== 'error')) return;
      close();
      onReply(data);
    });
    iframe.focus();
    return { close };
  }

  /** What handleNextAction resolves with, in Stripe's shapes. */
  function challengeOutcome(reply: ChallengeReply, clientSecret: string): NextActionResult {
    if (reply.type === 'error') {
      return { error: reply.error || { type: 'api_error', message: 'The 3D Secure challenge failed.' } };
    }
    const intent: Intent = { ...reply.intent, client_secret: clientSecret };
    const setup = intent.object === 'setup_intent';
    if (reply.result === 'complete') return setup ? { setupIntent: intent } : { paymentIntent: intent };
    const error = setup
      ? { type: 'card_error', code: 'setup_intent_authentication_failure', message: AUTHENTICATION_FAILED, setup_intent: intent }
      : { type: 'card_error', code: 'payment_intent_authentication_failure', message: AUTHENTICATION_FAILED, payment_intent: intent };
    return { error };
  }

  // ---- window.Stripe -------------------------------------------------------------------------
  host.Stripe = function Stripe(publishableKey: unknown): StripeSandbox {
    if (typeof publishableKey !== 'string' || publishableKey === '') {
      throw integrationError('Stripe() takes your publishable key, e.g. Stripe("fpk_test_sandbox").');
    }
    return new StripeSandbox(publishableKey);
  };
})();

export {};
