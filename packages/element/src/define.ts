/**
 * Registers `<flex-checkout>`. Safe to load twice: the second copy leaves the first in
 * place and says so if the versions differ.
 */
import { FlexCheckout } from './flex-checkout.component.js';

export const VERSION = '0.1.0';
export { FlexCheckout };

const registry = globalThis.customElements;
if (registry) {
  const existing = registry.get('flex-checkout') as (CustomElementConstructor & { version?: string }) | undefined;
  if (!existing) {
    (FlexCheckout as unknown as { version: string }).version = VERSION;
    registry.define('flex-checkout', FlexCheckout);
  } else if (existing.version !== VERSION) {
    console.warn(`<flex-checkout> ${VERSION} was loaded, but ${existing.version ?? 'another version'} is already registered and stays in use.`);
  }
}
