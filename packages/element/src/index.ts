/**
 * `@flex-checkout/element`: the `<flex-checkout>` class without registering it (import
 * `@flex-checkout/element/define` for that). Safe to import during server rendering.
 */
export { FlexCheckout } from './flex-checkout.component.js';
export type * from './events.js';
export type { Step } from './store.js';
