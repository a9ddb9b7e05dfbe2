import type { Appearance } from '@stripe/stripe-js';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { CheckoutController } from './controller.js';
import type { FlexCheckoutEventMap } from './events.js';
import { messages, resolveLocale, type Locale, type CoreMessages } from './i18n/index.js';
import { defineStep } from './steps/base.js';
import { FlexCheckoutOutcome } from './steps/outcome.js';
import { FlexCheckoutSummary } from './steps/summary.js';
import { summaryOf, type CheckoutState } from './store.js';
import { styles } from './styles.js';

/**
 * The whole Flex HSA/FSA checkout in the merchant's page: order summary, the consultation
 * that earns a letter of medical necessity, customer details, payment (Stripe's Payment
 * Element), 3-D Secure, and completion. Two experiences, one tag: in-page (every step native,
 * where the upstream offers a browser API, like the sandbox) or hosted (Flex's hosted
 * checkout framed inside the element, what Flex offers); the companion server says which.
 *
 * @example
 * ```html
 * <script src="/flex-checkout.js"></script>
 * <flex-checkout client-secret="fcs_…_secret_…" endpoint="/flex"></flex-checkout>
 * ```
 *
 * @fires flex-ready - The session loaded. `detail: {checkoutSessionId, step}`
 * @fires flex-step-change - The shopper moved to another step. `detail: {step, previous}`
 * @fires flex-consultation-complete - The consultation was decided. `detail: {status, visitType}` (never the answers)
 * @fires flex-complete - Paid, subscribed or saved. `detail: {checkoutSessionId, status, customerId, paymentMethodId, paymentIntentId, subscriptionId, setupFutureUse, letter, redirectUrl}`. Cancelable when it is about to redirect.
 * @fires flex-cancel - The shopper chose to go back to the store: after the consultation (`consultation_denied`, `consultation_pending`) or on the hosted page (`hosted_canceled`). `detail: {checkoutSessionId, reason}`. Cancelable: preventDefault keeps them on the page.
 * @fires flex-expired - The session expired. `detail: {checkoutSessionId}`
 * @fires flex-error - Something failed. `detail: {code, message, recoverable}`
 *
 * @slot payment - Filled by the element itself with the payment form's container (Stripe Elements cannot live in a shadow root).
 *
 * @csspart summary - The order summary.
 * @csspart consultation - The questionnaire.
 * @csspart decision - The consultation's outcome.
 * @csspart details - The customer details form.
 * @csspart payment - The payment step.
 * @csspart hosted - The hosted checkout (its frame, or the link to it).
 * @csspart status - Loading, complete, expired and error.
 * @csspart button - Every primary button.
 *
 * @cssprop [--flex-color-primary=#1d4ed8] - Buttons, links, focus rings (links and rings darkened on light, lightened on dark where the colour would not read).
 * @cssprop [--flex-color-on-primary=#ffffff] - Text on primary.
 * @cssprop [--flex-color-background=#ffffff] - Panels.
 * @cssprop [--flex-color-surface=#f6f7f9] - The summary and notices.
 * @cssprop [--flex-color-text=#111827] - Text.
 * @cssprop [--flex-color-muted=#4b5563] - Secondary text.
 * @cssprop [--flex-color-border=#c9ced6] - Borders and inputs.
 * @cssprop [--flex-color-danger=#b91c1c] - Errors.
 * @cssprop [--flex-color-success=#047857] - The HSA/FSA badge.
 * @cssprop [--flex-radius=8px] - Corner radius.
 * @cssprop [--flex-spacing=16px] - Base spacing.
 * @cssprop [--flex-font=system-ui] - Font family.
 */
export class FlexCheckout extends LitElement {
  static override styles = styles;
  static override properties = {
    clientSecret: { attribute: 'client-secret' },
    endpoint: {},
    locale: {},
    theme: { reflect: true },
    redirect: {},
    merchantName: { attribute: 'merchant-name' },
    termsUrl: { attribute: 'terms-url' },
    appearance: { attribute: false },
    sessionView: { attribute: 'session-view' },
    narrow: { state: true },
  };

  /** The checkout session's client secret (`fcs_…_secret_…`), from the merchant's backend. Required. */
  declare clientSecret: string;
  /** Where the companion server's widget routes are. Default `/flex`. */
  declare endpoint: string;
  /** `auto` (the page's language), `en` or `es`. */
  declare locale: string;
  /** `light`, `dark` or `auto` (the shopper's system setting). */
  declare theme: 'light' | 'dark' | 'auto';
  /** `never` (stay and emit `flex-complete`) or `always` (go to the session's success_url). */
  declare redirect: 'never' | 'always';
  /**
   * Your business's name as shoppers know it ("Juniper Wellness"). When the card is kept for
   * later charges, the terms above the pay button name you as who may charge it; without it
   * they say "this store". Recorded with the shopper's consent on the saved card.
   */
  declare merchantName: string;
  /** Your terms for saved cards and subscriptions (an http or https URL), linked under the terms. */
  declare termsUrl: string;
  /**
   * The session as the companion server's first read answers it, put in the page by your server
   * (`flex.renderElement()` or `flex.sessionView()`): JSON text, or the object as a property. The
   * checkout then starts on its first step without waiting for that read from the browser. A
   * view of another session, or one that does not parse, is ignored (the element reads instead).
   */
  declare sessionView: string | object | undefined;
  /** Stripe Elements appearance for the payment frame; by default derived from the `--flex-*` tokens. */
  declare appearance: Appearance | undefined;
  declare private narrow: boolean;

  private readonly checkout: CheckoutController;
  private resizeObserver: ResizeObserver | undefined;

  constructor() {
    super();
    this.clientSecret = '';
    this.endpoint = '/flex';
    this.locale = 'auto';
    this.theme = 'light';
    this.redirect = 'never';
    this.merchantName = '';
    this.termsUrl = '';
    this.appearance = undefined;
    this.narrow = false;
    for (const [tag, step] of STEPS) defineStep(tag, step);
    this.checkout = new CheckoutController(this);
  }

  get messages(): CoreMessages {
    return messages(this.resolvedLocale);
  }

  private get resolvedLocale(): Locale {
    return resolveLocale(this.locale);
  }

  /** The shopper's language, sent to the server for what it writes (questions, reasons). */
  get language(): Locale {
    return this.resolvedLocale;
  }

  override connectedCallback(): void {
    // The session's read goes out first, before Lit makes the shadow root and its styles (tens
    // of milliseconds on a cold page), so that work overlaps the network.
    this.checkout.startIfNew();
    super.connectedCallback();
    this.skeletonTimer ??= setTimeout(() => {
      this.skeletonDue = true;
      if (this.checkout.state.step === 'loading') this.requestUpdate();
    }, SKELETON_DELAY_MS);
    // Applied on the next frame: changing the layout inside the observer's own callback
    // would make it report again in the same frame (a "ResizeObserver loop" error).
    this.resizeObserver ??= new ResizeObserver(([entry]) => {
      const narrow = (entry?.contentRect.width ?? 800) < 480;
      if (narrow !== this.narrow) requestAnimationFrame(() => (this.narrow = narrow));
    });
    this.resizeObserver.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.skeletonTimer);
    this.skeletonTimer = undefined;
    this.resizeObserver?.disconnect();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A new client secret starts over cleanly: the old session's work is aborted first.
    if (changed.has('clientSecret') && changed.get('clientSecret') !== undefined && this.isConnected) void this.checkout.start();
    if ((changed.has('theme') || changed.has('appearance')) && this.hasUpdated) this.checkout.restyle();
    if (changed.has('locale') && this.hasUpdated) void this.checkout.relocalize();
  }

  protected override updated(): void {
    const step = this.checkout.state.step;
    if (step !== this.renderedStep) {
      // The first step after loading is where the shopper starts, not a move they made.
      const first = this.renderedStep === undefined || (this.renderedStep === 'loading' && !this.movedOn);
      this.renderedStep = step;
      if (step !== 'loading') this.movedOn = true;
      // Focus follows the shopper to each new step's heading (not on first load: the page owns
      // focus then, and moving it would scroll the page to the checkout).
      if (!first && step !== 'processing') void this.focusHeading(step);
    }
  }
  private renderedStep: string | undefined;
  /** Whether a step other than the loading one has been shown: after that, a new step is the shopper's doing. */
  private movedOn = false;

  /**
   * The step is its own element: its heading exists once it has rendered. A step that comes back
   * with an error (a declined card) marks it `data-focus`: focus goes there, so the error is what
   * is read, not the heading over it.
   */
  private async focusHeading(step: string): Promise<void> {
    const view = this.renderRoot.querySelector<LitElement>('.main > *');
    await view?.updateComplete;
    const find = (selector: string) => this.renderRoot.querySelector<HTMLElement>(`.main ${selector}`);
    if (this.checkout.state.step === step) (find('[data-focus]') ?? find('[data-heading]'))?.focus();
  }

  override render() {
    const state = this.checkout.state;
    // A first read that answers quickly goes straight to its step: until the skeleton is due no
    // layout is drawn, so no frame of an empty one is styled and laid out on the main thread the
    // read's answer then waits for. The live region is there from the start: what it says first
    // (a read that fails at once) is a change to it, which screen readers announce.
    const waiting = state.step === 'loading' && !this.skeletonDue;
    return html`${waiting ? nothing : this.layout(state)}
      <div class="sr-only" role="status" aria-live="polite" aria-atomic="true">${keyed(state.announced, state.announcement)}</div>`;
  }

  /** The summary beside the step on screen (the skeleton while loading). */
  private layout(state: CheckoutState) {
    const common = { controller: this.checkout, state, t: this.messages, locale: this.resolvedLocale };
    const step = state.step;
    const main =
      step === 'consultation'
        ? html`<flex-checkout-consultation .controller=${common.controller} .state=${state} .t=${common.t} .locale=${common.locale}></flex-checkout-consultation>`
        : step === 'decision'
          ? html`<flex-checkout-decision .controller=${common.controller} .state=${state} .t=${common.t} .locale=${common.locale}></flex-checkout-decision>`
          : step === 'details'
            ? html`<flex-checkout-details .controller=${common.controller} .state=${state} .t=${common.t} .locale=${common.locale}></flex-checkout-details>`
            : step === 'payment' || step === 'processing'
              ? html`<flex-checkout-pay .controller=${common.controller} .state=${state} .t=${common.t} .locale=${common.locale}></flex-checkout-pay>`
              : step === 'hosted'
                ? html`<flex-checkout-hosted .controller=${common.controller} .state=${state} .t=${common.t} .locale=${common.locale}></flex-checkout-hosted>`
                : html`<flex-checkout-outcome .controller=${common.controller} .state=${state} .t=${common.t} .locale=${common.locale}></flex-checkout-outcome>`;
    return html`<div class="layout" lang=${this.resolvedLocale}>
        ${
          (summaryOf(state)?.line_items.length ?? 0) > 0 && step !== 'error'
            ? html`<flex-checkout-summary class="summary-host" .controller=${common.controller} .state=${state} .t=${common.t} .locale=${common.locale} .narrow=${this.narrow}></flex-checkout-summary>`
            : step === 'loading'
              ? this.summarySkeleton()
              : nothing
        }
        <div class="main">${main}</div>
      </div>`;
  }

  /** Whether the loading skeleton may show yet (SKELETON_DELAY_MS after connecting). */
  private skeletonDue = false;
  private skeletonTimer: ReturnType<typeof setTimeout> | undefined;

  /** While loading, the summary's place is held at its final size, so nothing jumps when it arrives. */
  private summarySkeleton() {
    return html`<div class="summary-host" aria-hidden="true">
      <div class="panel summary skeleton">
        ${
          this.narrow
            ? html`<div class="bone summary-line"></div>`
            : html`<div class="bone summary-title"></div>
              <div class="bone tall"></div><div class="bone"></div><div class="bone"></div><div class="bone w60"></div>`
        }
      </div>
    </div>`;
  }

  /** The hosted checkout's frame, while it is shown. */
  hostedFrame(): HTMLIFrameElement | null {
    return this.renderRoot.querySelector<HTMLIFrameElement>('iframe.hosted-frame');
  }

  /** Each step of the hosted page starts at its top: bring it into view if the page scrolled past it. */
  revealHostedFrame(): void {
    const frame = this.hostedFrame();
    if (frame && frame.getBoundingClientRect().top < 0) frame.scrollIntoView({ block: 'start' });
  }

  /** Fires one of the element's events: bubbling, composed, cancelable. */
  emit<K extends keyof FlexCheckoutEventMap>(type: K, detail: FlexCheckoutEventMap[K]['detail']): boolean {
    const cancelable = type === 'flex-cancel' || (type === 'flex-complete' && !!(detail as { redirectUrl?: string | null }).redirectUrl);
    return this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
  }
}

/**
 * How long a first read may take before the loading skeleton is shown. Under it, the shopper
 * sees the first step at once; waits this short are better left without an indicator.
 */
const SKELETON_DELAY_MS = 150;

/** The steps every checkout may show; the others come with their part (in-page/index.ts, hosted/index.ts). */
const STEPS: [string, CustomElementConstructor][] = [
  ['flex-checkout-summary', FlexCheckoutSummary],
  ['flex-checkout-outcome', FlexCheckoutOutcome],
];

declare global {
  interface HTMLElementTagNameMap {
    'flex-checkout': FlexCheckout;
  }
}
