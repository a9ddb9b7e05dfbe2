/**
 * `<flex-checkout>` in React 19's JSX, typed. Opt in with
 * `import type {} from '@flex-checkout/element/types/react';` (React 19 sets a custom
 * element's known properties and listens for `on<event-name>` props: `onflex-complete`).
 * `@flex-checkout/react` is the wrapper for React 18 and 19 with camelCase callbacks.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { FlexCheckoutEventMap } from '../events.js';
import type { FlexCheckout } from '../flex-checkout.component.js';

/** `onflex-ready`, `onflex-complete`, …: each receives the element's typed CustomEvent. */
export type FlexCheckoutJsxEvents = {
  [K in keyof FlexCheckoutEventMap as `on${K}`]?: (event: FlexCheckoutEventMap[K]) => void;
};

export interface FlexCheckoutJsxProps extends DetailedHTMLProps<HTMLAttributes<FlexCheckout>, FlexCheckout>, FlexCheckoutJsxEvents {
  'client-secret'?: string;
  clientSecret?: string;
  endpoint?: string;
  locale?: string;
  theme?: FlexCheckout['theme'];
  redirect?: FlexCheckout['redirect'];
  appearance?: FlexCheckout['appearance'];
}

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'flex-checkout': FlexCheckoutJsxProps;
    }
  }
}
