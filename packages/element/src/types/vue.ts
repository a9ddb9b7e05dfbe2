/**
 * `<flex-checkout>` in Vue templates, typed (Volar / vue-tsc). Opt in with
 * `import type {} from '@flex-checkout/element/types/vue';` and tell the compiler it is a
 * custom element (`compilerOptions.isCustomElement: (tag) => tag === 'flex-checkout'`).
 * `@flex-checkout/vue` is the wrapper component with typed props and emits.
 */
import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';
import type { FlexCheckoutEventMap } from '../events.js';
import type { FlexCheckout } from '../flex-checkout.component.js';

/** What a template may set on the element: attributes or properties. */
export interface FlexCheckoutVueAttributes {
  'client-secret'?: string;
  clientSecret?: string;
  endpoint?: string;
  locale?: string;
  theme?: FlexCheckout['theme'];
  redirect?: FlexCheckout['redirect'];
  appearance?: FlexCheckout['appearance'];
}

/** Vue's recipe for typing a non-Vue custom element (vuejs.org, "Web Components"). */
export type FlexCheckoutVueElement = new () => FlexCheckout & {
  $props: HTMLAttributes & FlexCheckoutVueAttributes & PublicProps;
  $emit: EmitFn<{ [K in keyof FlexCheckoutEventMap]: (event: FlexCheckoutEventMap[K]) => void }>;
};

declare module 'vue' {
  interface GlobalComponents {
    'flex-checkout': FlexCheckoutVueElement;
  }
}
