/**
 * The in-page checkout: its steps' elements, registered by registerInPage() once the part has
 * loaded, and the flow that drives them (flow.ts). Everything here takes Lit and the shared helpers from
 * ../runtime.js only, so the script-tag build can make it a file of its own (see lazy.ts).
 */
import { addEnglish, defineStep } from '../runtime.js';
import { enInPage } from './en.js';
import { FlexCheckoutConsultation } from './steps/consultation.js';
import { FlexCheckoutDecision } from './steps/decision.js';
import { FlexCheckoutDetails } from './steps/details.js';
import { FlexCheckoutPay } from './steps/pay.js';
import { FlexCheckoutPromo } from './steps/promo.js';

export { InPageFlow } from './flow.js';

/**
 * Registers the steps and adds the English they show (Spanish comes whole, see lazy.ts), before
 * any of them renders; again is harmless. A call, not statements run on import: a merchant's
 * bundler may drop an imported module's top-level effects (package.json `sideEffects`).
 */
export function registerInPage(): void {
  addEnglish(enInPage);
  defineStep('flex-checkout-consultation', FlexCheckoutConsultation);
  defineStep('flex-checkout-decision', FlexCheckoutDecision);
  defineStep('flex-checkout-details', FlexCheckoutDetails);
  defineStep('flex-checkout-pay', FlexCheckoutPay);
  defineStep('flex-checkout-promo', FlexCheckoutPromo);
}
