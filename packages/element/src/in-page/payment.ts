import type { ClientSession } from '@flex-checkout/protocol';
import type { Appearance, Stripe, StripeElements, StripePaymentElement } from '@stripe/stripe-js';
import { loadStripe } from '@stripe/stripe-js/pure/index.js';
import { loadScript } from '../runtime.js';
import { savesCard } from './consent.js';
import type { Locale, Messages } from '../i18n/index.js';

/** What the payment form needs of `<flex-checkout>`: a place in its light DOM, and the shopper's language. */
export type PaymentHost = HTMLElement & { readonly language: Locale };

/**
 * The payment frame's look: the element's `appearance` when the page sets one, else made from
 * the element's own tokens (`--flex-*`, resolved in its styles as `--_*`) and its theme. Here,
 * not on the element: only the in-page checkout has a payment frame.
 */
export function paymentAppearance(host: HTMLElement & { appearance: Appearance | undefined; theme: 'light' | 'dark' | 'auto' }): Appearance {
  if (host.appearance) return host.appearance;
  const css = getComputedStyle(host);
  const token = (name: string) => css.getPropertyValue(name).trim() || undefined;
  const dark = host.theme === 'dark' || (host.theme === 'auto' && matchMedia('(prefers-color-scheme: dark)').matches);
  return {
    theme: dark ? 'night' : 'stripe',
    variables: {
      colorPrimary: token('--_primary'),
      colorBackground: token('--_bg'),
      colorText: token('--_text'),
      colorDanger: token('--_danger'),
      fontFamily: token('--_font'),
      borderRadius: token('--_radius'),
    },
  };
}

/**
 * Stripe.js for this session: the sandbox's stand-in when the server names one, else the
 * real Stripe.js through `@stripe/stripe-js/pure` (which loads nothing until asked).
 */
export async function loadStripeFor(session: ClientSession): Promise<Stripe> {
  // The sandbox's Stripe.js stand-in, once per page; `loadStripe` then uses its `window.Stripe`.
  if (session.payment.stripe_js_url && !(globalThis as { Stripe?: unknown }).Stripe) await loadScript(session.payment.stripe_js_url);
  const stripe = await loadStripe(session.payment.publishable_key);
  if (!stripe) throw new Error('Failed to load Stripe.js');
  return stripe;
}

export type TokenResult = { token: string } | { error: string };

/**
 * The payment form: Stripe's Payment Element mounted in a light-DOM child of the host
 * (Elements cannot live in a shadow root), projected into the step through a `<slot>`.
 */
export class PaymentForm {
  readonly container: HTMLElement;
  private readonly elements: StripeElements;
  private readonly element: StripePaymentElement;

  /** What the card form was made for: the amount due now (0: a setup form). */
  private due: number;

  constructor(
    private readonly stripe: Stripe,
    session: ClientSession,
    host: PaymentHost,
    /** The words its errors are said in, read when one is (the in-page catalog, see flow.ts). */
    private readonly t: () => Messages,
    appearance: Appearance,
    onChange: (complete: boolean) => void,
    onLoadError: () => void,
  ) {
    // The upstream's number: what the confirm will charge (nothing in a trial or a setup).
    const due = (this.due = session.amount_due_now);
    // The card form speaks the checkout's language (its labels and its messages).
    const locale = host.language;
    this.elements =
      due > 0
        ? stripe.elements({
            mode: 'payment',
            amount: due,
            currency: session.currency,
            appearance,
            locale,
            ...(savesCard(session) ? { setupFutureUsage: 'off_session' as const } : {}),
          })
        : stripe.elements({ mode: 'setup', currency: session.currency, appearance, locale, setupFutureUsage: 'off_session' });
    this.element = this.elements.create('payment', { layout: 'tabs' });
    this.element.on('change', (event) => onChange(event.complete));
    this.element.on('loaderror', () => onLoadError());
    this.container = document.createElement('div');
    this.container.slot = 'payment';
    this.container.className = 'flex-checkout-payment';
    host.append(this.container);
    this.element.mount(this.container);
  }

  /** Validates the form and turns the card into a confirmation token (an ID, never the number). */
  async token(): Promise<TokenResult> {
    const submitted = await this.elements.submit();
    if (submitted.error) return { error: submitted.error.message ?? this.t().checkCard };
    const result = await this.stripe.createConfirmationToken({ elements: this.elements });
    if (result.error) return { error: result.error.message ?? this.t().checkCard };
    return { token: result.confirmationToken.id };
  }

  /** 3-D Secure: Stripe.js shows the bank's challenge; resolves when the shopper is done. */
  async nextAction(clientSecret: string): Promise<{ error?: string }> {
    const result = await this.stripe.handleNextAction({ clientSecret });
    return result.error ? { error: result.error.message ?? this.t().cardAuthFailed } : {};
  }

  /**
   * Follows a new amount due now (a promo code): the form keeps what the shopper typed. False
   * when it cannot (a payment form cannot become a setup form, or back): make it again then.
   */
  adjust(session: ClientSession): boolean {
    const due = session.amount_due_now;
    if (due === this.due) return true;
    if (due === 0 || this.due === 0) return false;
    void this.elements.update({ amount: due });
    this.due = due;
    return true;
  }

  updateAppearance(appearance: Appearance): void {
    void this.elements.update({ appearance });
  }

  /** The shopper's language changed: the card form follows. */
  updateLocale(locale: Locale): void {
    void this.elements.update({ locale });
  }

  destroy(): void {
    this.element.destroy();
    this.container.remove();
  }
}
