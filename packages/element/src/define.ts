/**
 * Registers `<flex-checkout>`: the `define` entry (`@flex-checkout/element/define`) and the
 * script-tag file (`flex-checkout.js`) are this module. Safe to load twice: the second copy
 * leaves the first in place, and says so when the versions differ. Does nothing where there
 * is no custom element registry (server rendering without a DOM shim).
 */
import { FlexCheckout } from './flex-checkout.component.js';
import { VERSION } from './version.js';

export { FlexCheckout, VERSION };

type Versioned = CustomElementConstructor & { version?: string };

if (typeof customElements !== 'undefined') {
  const existing: Versioned | undefined = customElements.get('flex-checkout');
  if (!existing) {
    (FlexCheckout as unknown as Versioned).version = VERSION;
    customElements.define('flex-checkout', FlexCheckout);
  } else if (existing.version !== VERSION) {
    console.warn(`<flex-checkout> ${VERSION} was loaded, but ${existing.version ?? 'another version'} is already registered and stays in use.`);
  }
}
