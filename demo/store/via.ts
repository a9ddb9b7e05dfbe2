/**
 * How the checkout page renders <flex-checkout>: the script tag (the store's default), the
 * React or Vue wrapper (the /react and /vue pages), or the script tag in the hosted checkout
 * (/hosted: the sandbox's hosted page framed in the element, as a store on Flex's API sees
 * it). Carried as `?via=` from page to page.
 */
export type Via = 'element' | 'react' | 'vue' | 'hosted';

export const parseVia = (value: string | undefined): Via => (value === 'react' || value === 'vue' || value === 'hosted' ? value : 'element');

/** The query string that keeps `via` on the next page ('' for the default). */
export const viaQuery = (via: Via): string => (via === 'element' ? '' : `?via=${via}`);

/** The catalog page for a way of checking out. */
export const viaHome = (via: Via): string => (via === 'element' ? '/' : `/${via}`);

export const VIA_NAMES: Record<Via, string> = {
  element: 'the <flex-checkout> script tag',
  react: '@flex-checkout/react',
  vue: '@flex-checkout/vue',
  hosted: 'the hosted checkout (as on Flex today)',
};
