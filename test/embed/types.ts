/**
 * Type-level tests, checked by `npm run typecheck` (part of `npm test`): the element's JSX,
 * Vue and wrapper types accept what a merchant writes and refuse what is wrong. A
 * `@ts-expect-error` that stops erring fails the type-check.
 */
import type {} from '@flex-checkout/element/types/react';
import type {} from '@flex-checkout/element/types/vue';
import type { JSX } from 'react';
import type { GlobalComponents } from 'vue';
import type { FlexCheckoutProps } from '@flex-checkout/react';
import { FlexCheckout as VueFlexCheckout } from '@flex-checkout/vue';

// React 19 JSX: <flex-checkout client-secret=… theme="dark" onflex-complete={…} />
type JsxProps = JSX.IntrinsicElements['flex-checkout'];
export const jsx: JsxProps = {
  'client-secret': 'fcs_…_secret_…',
  theme: 'dark',
  'onflex-complete': (event) => void (event.detail.checkoutSessionId satisfies string),
  'onflex-error': (event) => void (event.detail.recoverable satisfies boolean),
};
// @ts-expect-error theme is light, dark or auto
export const jsxBadTheme: JsxProps = { theme: 'blue' };
// @ts-expect-error a flex-step-change detail has no checkoutSessionId
export const jsxBadEvent: JsxProps = { 'onflex-step-change': (event) => event.detail.checkoutSessionId };

// Vue templates: <flex-checkout client-secret=… @flex-complete=…>
type VueElement = InstanceType<GlobalComponents['flex-checkout']>;
export const vueProps: VueElement['$props'] = { 'client-secret': 'fcs_…_secret_…', locale: 'es', theme: 'auto' };
// @ts-expect-error theme is light, dark or auto
export const vueBadTheme: VueElement['$props'] = { theme: 'blue' };

// @flex-checkout/react: clientSecret is required, callbacks get typed events.
export const reactProps: FlexCheckoutProps = { clientSecret: 'fcs_…', onComplete: (e) => void (e.detail.letter?.expiresAt satisfies string | undefined) };
// @ts-expect-error clientSecret is required
export const reactMissingSecret: FlexCheckoutProps = { endpoint: '/flex' };

// @flex-checkout/vue: typed props and emits.
type WrapperInstance = InstanceType<typeof VueFlexCheckout>;
export const vueWrapperProps: WrapperInstance['$props'] = {
  clientSecret: 'fcs_…',
  theme: 'dark',
  onComplete: (e) => void (e.detail.status satisfies 'complete'),
};
// @ts-expect-error theme is light, dark or auto
export const vueWrapperBadTheme: WrapperInstance['$props'] = { clientSecret: 'fcs_…', theme: 'blue' };
// @ts-expect-error the wrapper emits 'complete', not the element's 'flex-complete'
export const vueWrapperBadEvent: WrapperInstance['$props'] = { clientSecret: 'fcs_…', 'onFlex-complete': () => {} };
