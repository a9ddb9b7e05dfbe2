/**
 * The Stripe.js stand-in (`GET /sandbox/stripe.js`): a plain browser script that defines
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
 * Kept in `String.raw` so it is served exactly as written (no build step): it must contain
 * no backtick and no dollar-brace.
 */
export const stripeJsSource = String.raw`/* Flex sandbox: a stand-in for Stripe.js. Test mode only; never load it in production. */
(function () {
  'use strict';

  // A page that already has Stripe.js (the real one, or this file twice) keeps what it has.
  if (window.Stripe) return;

  // The sandbox is wherever this script was served from. document.currentScript is only set
  // while a classic script first runs (async and defer included), so it is read now, once.
  var script = document.currentScript || document.querySelector('script[src*="/sandbox/stripe.js"]');
  if (!script || !script.src) {
    console.error('Stripe.js (Flex sandbox): load this file with <script src="…/sandbox/stripe.js">; it could not find its own URL.');
    return;
  }
  var SANDBOX_ORIGIN = new URL(script.src, location.href).origin;
  var CARD_FRAME_URL = SANDBOX_ORIGIN + '/sandbox/card-frame';
  var CHALLENGE_URL = SANDBOX_ORIGIN + '/sandbox/challenge';
  var LOAD_TIMEOUT_MS = 15000;
  var REQUEST_TIMEOUT_MS = 60000;
  var AUTHENTICATION_FAILED =
    'We are unable to authenticate your payment method. Please choose a different payment method and try again.';

  var counter = 0;
  var nextId = function (prefix) { return prefix + String(++counter); };
  var integrationError = function (message) { return new Error('Stripe.js (Flex sandbox): ' + message); };

  // ---- Messages from the sandbox's frames ------------------------------------------------
  // A message counts only when it comes from the sandbox's origin AND from a frame this
  // script created (each registers a listener under its window).
  var frameListeners = new Map();
  window.addEventListener('message', function (event) {
    if (event.origin !== SANDBOX_ORIGIN) return;
    var listener = frameListeners.get(event.source);
    var data = event.data;
    if (listener && data && typeof data.flexSandbox === 'string') listener(data);
  });

  // Messages to a frame go to the sandbox's origin only, so nothing (a client secret, a
  // key) can reach a page the frame was navigated to.
  function postToFrame(iframe, type, payload) {
    if (!iframe.contentWindow) return;
    var message = Object.assign({ flexSandbox: 'stripe-js', type: type }, payload || {});
    iframe.contentWindow.postMessage(message, SANDBOX_ORIGIN);
  }

  function makeIframe(src, title) {
    var iframe = document.createElement('iframe');
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
    constructor(elements) {
      this._elements = elements;
      this._handlers = {};
      this._wrapper = null;
      this._iframe = null;
      this._ready = false;
      this._whenReady = [];
      this._pending = new Map();
      this._loadTimer = 0;
      this._destroyed = false;
    }

    mount(target) {
      if (this._destroyed) throw integrationError('This element was destroyed; create a new one.');
      if (this._wrapper) throw integrationError('This element is already mounted; unmount() it first.');
      var node = typeof target === 'string' ? document.querySelector(target) : target;
      if (!node || node.nodeType !== 1) throw integrationError('mount() takes a DOM element or a selector that matches one.');

      var wrapper = document.createElement('div');
      wrapper.className = 'FlexSandboxElement';
      var iframe = makeIframe(CARD_FRAME_URL, 'Secure payment input frame');
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
          error: { type: 'api_error', message: 'The payment form could not be loaded from the sandbox at ' + SANDBOX_ORIGIN + '.' },
        });
      }, LOAD_TIMEOUT_MS);
      return this;
    }

    unmount() {
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

    destroy() {
      this.unmount();
      this._destroyed = true;
      this._handlers = {};
      if (this._elements._element === this) this._elements._element = null;
    }

    on(event, handler) {
      (this._handlers[event] = this._handlers[event] || []).push(handler);
      return this;
    }

    once(event, handler) {
      var wrapped = (payload) => { this.off(event, wrapped); handler(payload); };
      return this.on(event, wrapped);
    }

    off(event, handler) {
      if (!handler) delete this._handlers[event];
      else this._handlers[event] = (this._handlers[event] || []).filter((h) => h !== handler);
      return this;
    }

    _emit(event, payload) {
      (this._handlers[event] || []).slice().forEach((handler) => {
        try {
          handler(payload);
        } catch (error) {
          // One page handler's mistake must not stop the others (or the element).
          setTimeout(() => { throw error; });
        }
      });
    }

    _onFrameMessage(data) {
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
          var settle = this._pending.get(data.requestId);
          if (settle) settle(data);
          break;
        }
      }
    }

    _resize(height) {
      if (this._iframe && typeof height === 'number' && height >= 0) this._iframe.style.height = Math.ceil(height) + 'px';
    }

    _send(type, payload) {
      if (!this._iframe) return;
      if (this._ready) postToFrame(this._iframe, type, payload);
      else this._whenReady.push(() => postToFrame(this._iframe, type, payload));
    }

    /** Asks the frame something and resolves with its answer (or an api_error on timeout). */
    _request(type) {
      if (!this._iframe) return Promise.reject(integrationError('Mount the payment element first.'));
      return new Promise((resolve) => {
        var requestId = nextId('req_');
        var timer = 0;
        var settle = (reply) => {
          clearTimeout(timer);
          this._pending.delete(requestId);
          resolve(reply);
        };
        timer = setTimeout(() => {
          settle({ error: { type: 'api_error', message: 'The payment form did not answer in time.' } });
        }, REQUEST_TIMEOUT_MS);
        this._pending.set(requestId, settle);
        this._send(type, { requestId: requestId });
      });
    }
  }

  // ---- elements ----------------------------------------------------------------------------
  class Elements {
    constructor(stripe, options) {
      this._stripe = stripe;
      this._options = Object.assign({}, options);
      this._element = null;
      this._submitted = false;
    }

    _appearance() {
      return this._options.appearance || {};
    }

    // Stripe's locale option ('auto' by default: the browser's language), as the frame takes it.
    _locale() {
      var locale = this._options.locale;
      return typeof locale === 'string' && locale !== 'auto' ? locale : navigator.language || 'en';
    }

    create(type) {
      if (type !== 'payment') throw integrationError('the sandbox provides the "payment" element only, not "' + type + '".');
      if (this._element) throw integrationError('Can only create one Element of type payment.');
      this._element = new PaymentElement(this);
      return this._element;
    }

    getElement(type) {
      return type === 'payment' ? this._element : null;
    }

    update(options) {
      Object.assign(this._options, options);
      if (!options || !this._element) return;
      if (options.appearance) this._element._send('update', { appearance: this._appearance() });
      if (options.locale) this._element._send('update', { locale: this._locale() });
    }

    /** Validates the form; the frame shows each problem under its field, as Stripe does. */
    submit() {
      if (!this._element) return Promise.reject(integrationError('Create and mount the payment element before elements.submit().'));
      return this._element._request('submit').then((reply) => {
        if (reply.error) return { error: reply.error };
        this._submitted = true;
        return {};
      });
    }
  }

  // ---- stripe --------------------------------------------------------------------------------
  class StripeSandbox {
    constructor(publishableKey) {
      this._key = publishableKey;
      this._lastElements = null;
    }

    elements(options) {
      this._lastElements = new Elements(this, options);
      return this._lastElements;
    }

    createConfirmationToken(options) {
      var elements = options && options.elements;
      if (!(elements instanceof Elements) || !elements._element) {
        return Promise.reject(integrationError('createConfirmationToken needs { elements } with a mounted payment element.'));
      }
      if (!elements._submitted) {
        console.warn('Stripe.js (Flex sandbox): createConfirmationToken() was called without a successful elements.submit() first; real Stripe.js requires one.');
      }
      // params (billing details, return_url…) are accepted and not used: the frame sends what was typed.
      return elements._element._request('create-token').then((reply) => {
        if (reply.confirmationToken) return { confirmationToken: reply.confirmationToken };
        return { error: reply.error || { type: 'api_error', message: 'The payment form gave no answer.' } };
      });
    }

    handleNextAction(options) {
      var clientSecret = options && options.clientSecret;
      if (typeof clientSecret !== 'string' || clientSecret.indexOf('_secret_') < 0) {
        return Promise.reject(integrationError('handleNextAction takes { clientSecret } of a payment or setup intent.'));
      }
      if (openChallenge) return Promise.reject(integrationError('A 3D Secure challenge is already open.'));
      // The amount is shown on the challenge when known: from the last elements() options.
      var known = (this._lastElements && this._lastElements._options) || {};
      var details = {
        clientSecret: clientSecret,
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
  var openChallenge = null;

  /** Opens the overlay; calls back once with the challenge page's 'result' or 'error'. */
  function showChallenge(details, onReply) {
    var previousFocus = document.activeElement;
    var overlay = document.createElement('div');
    overlay.setAttribute('role', 'dialog');
    overlay.setAttribute('aria-modal', 'true');
    overlay.setAttribute('aria-label', '3D Secure authentication');
    overlay.className = 'FlexSandboxChallenge';
    Object.assign(overlay.style, {
      position: 'fixed', inset: '0', zIndex: '2147483647', display: 'flex', alignItems: 'center',
      justifyContent: 'center', background: 'rgba(0, 0, 0, 0.5)', margin: '0', padding: '0',
    });
    var iframe = makeIframe(CHALLENGE_URL, '3D Secure authentication');
    Object.assign(iframe.style, {
      width: 'min(480px, calc(100vw - 32px))', height: 'min(420px, calc(100vh - 32px))',
      borderRadius: '8px', background: '#ffffff', boxShadow: '0 12px 40px rgba(0, 0, 0, 0.3)',
    });
    // Tab past either end of the challenge lands on a sentinel that sends focus back in:
    // the shopper cannot wander into the page behind while the bank is waiting.
    var sentinel = function () {
      var span = document.createElement('span');
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
    var onKeydown = function (event) {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      event.stopPropagation();
      iframe.focus();
    };
    document.addEventListener('keydown', onKeydown, true);

    document.body.appendChild(overlay);
    var frameWindow = iframe.contentWindow;
    frameListeners.set(frameWindow, (data) => {
      if (data.flexSandbox !== 'challenge' || (data.type !== 'result' && data.type !== 'error')) return;
      close();
      onReply(data);
    });
    iframe.focus();

    function close() {
      frameListeners.delete(frameWindow);
      document.removeEventListener('keydown', onKeydown, true);
      overlay.remove();
      if (previousFocus && typeof previousFocus.focus === 'function') previousFocus.focus();
    }
    return { close: close };
  }

  /** What handleNextAction resolves with, in Stripe's shapes. */
  function challengeOutcome(reply, clientSecret) {
    if (reply.type === 'error') {
      return { error: reply.error || { type: 'api_error', message: 'The 3D Secure challenge failed.' } };
    }
    var intent = Object.assign({}, reply.intent, { client_secret: clientSecret });
    var setup = intent.object === 'setup_intent';
    if (reply.result === 'complete') return setup ? { setupIntent: intent } : { paymentIntent: intent };
    var error = {
      type: 'card_error',
      code: setup ? 'setup_intent_authentication_failure' : 'payment_intent_authentication_failure',
      message: AUTHENTICATION_FAILED,
    };
    error[setup ? 'setup_intent' : 'payment_intent'] = intent;
    return { error: error };
  }

  // ---- window.Stripe -------------------------------------------------------------------------
  window.Stripe = function Stripe(publishableKey) {
    if (typeof publishableKey !== 'string' || publishableKey === '') {
      throw integrationError('Stripe() takes your publishable key, e.g. Stripe("fpk_test_sandbox").');
    }
    return new StripeSandbox(publishableKey);
  };
})();
`;
