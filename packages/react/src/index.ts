'use client';
/**
 * `@flex-checkout/react`: `<FlexCheckout>` for React 18 and 19, through `@lit/react`.
 *
 * @example
 * ```tsx
 * import { FlexCheckout } from '@flex-checkout/react';
 *
 * <FlexCheckout clientSecret={secret} endpoint="/flex" locale="es"
 *   onComplete={(e) => router.push(`/thanks/${e.detail.checkoutSessionId}`)} />
 * ```
 *
 * Safe in server rendering (Next.js server components and SSR): on the server it renders
 * the tag with its attributes and nothing else; in the browser the element upgrades and
 * starts, before or after hydration. `'use client'` above lets a Next.js server component
 * render it directly (it holds a ref and a layout effect, which run only in the browser).
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import '@flex-checkout/element/define';
import type { FlexCheckoutEventMap } from '@flex-checkout/element';

export type {
  FlexCompleteDetail,
  FlexConsultationCompleteDetail,
  FlexCancelDetail,
  FlexErrorDetail,
  FlexReadyDetail,
  FlexStepChangeDetail,
  FlexCheckoutEventMap,
} from '@flex-checkout/element';

type Element = HTMLElementTagNameMap['flex-checkout'];

const events = {
  onReady: 'flex-ready' as EventName<FlexCheckoutEventMap['flex-ready']>,
  onStepChange: 'flex-step-change' as EventName<FlexCheckoutEventMap['flex-step-change']>,
  onConsultationComplete: 'flex-consultation-complete' as EventName<FlexCheckoutEventMap['flex-consultation-complete']>,
  onComplete: 'flex-complete' as EventName<FlexCheckoutEventMap['flex-complete']>,
  onCancel: 'flex-cancel' as EventName<FlexCheckoutEventMap['flex-cancel']>,
  onExpired: 'flex-expired' as EventName<FlexCheckoutEventMap['flex-expired']>,
  onError: 'flex-error' as EventName<FlexCheckoutEventMap['flex-error']>,
};

/**
 * Only `appearance` (an object) is set as a property by `@lit/react`; the strings travel as
 * attributes. That way the server-rendered HTML already carries `client-secret`,
 * `endpoint`, … and an element that upgrades before hydration starts on the right session
 * and server instead of reporting a missing client secret.
 */
class PropertiesSetByReact extends (globalThis.HTMLElement ?? (class {} as typeof HTMLElement)) {
  declare appearance: Element['appearance'];
}
Object.defineProperty(PropertiesSetByReact.prototype, 'appearance', { value: undefined, writable: true });

const Inner = createComponent({
  react: React,
  tagName: 'flex-checkout',
  elementClass: PropertiesSetByReact,
  events,
  displayName: 'FlexCheckoutElement',
});

type Callbacks = { [K in keyof typeof events]?: (event: (typeof events)[K] extends EventName<infer E> ? E : never) => void };

export interface FlexCheckoutProps extends Callbacks, Omit<React.HTMLAttributes<Element>, keyof Callbacks | 'children'> {
  /** The checkout session's client secret (`fcs_…_secret_…`), from your backend. */
  clientSecret: string;
  /** Where the companion server's widget routes are. Default `/flex`. */
  endpoint?: string;
  /** `auto` (the page's language), `en` or `es`. Default `auto`. */
  locale?: string;
  /** `light`, `dark` or `auto`. Default `light`. */
  theme?: Element['theme'];
  /** `never` (stay and call onComplete) or `always` (go to the session's success_url). Default `never`. */
  redirect?: Element['redirect'];
  /** Stripe Elements appearance for the payment frame; by default derived from the `--flex-*` tokens. */
  appearance?: Element['appearance'];
  /**
   * The session's first view, from `flex.sessionView()` on your server (a server component or
   * SSR): rendered into the tag's `session-view` attribute, so the checkout starts on its first
   * step without reading the session from the browser first.
   */
  sessionView?: object;
}

/** The checkout. `ref` is the `<flex-checkout>` element. */
export const FlexCheckout = React.forwardRef<Element, FlexCheckoutProps>(function FlexCheckout(
  { clientSecret, endpoint = '/flex', locale = 'auto', theme = 'light', redirect = 'never', sessionView, ...rest },
  ref,
) {
  // Always given (defaults included), so React never removes one of these attributes.
  const attributes = {
    'client-secret': clientSecret,
    endpoint,
    locale,
    theme,
    redirect,
    ...(sessionView ? { 'session-view': JSON.stringify(sessionView) } : {}),
  };
  return React.createElement(Inner, { ...rest, ...attributes, ref } as React.ComponentProps<typeof Inner>);
});
