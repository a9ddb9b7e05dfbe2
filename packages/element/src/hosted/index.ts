/**
 * The hosted checkout's part: what only a hosted session needs (its step, the frame with the
 * upstream's page, and the watch that tells when that page is done). The script-tag build
 * makes it a file of its own, loaded beside the first read of a hosted session (lazy.ts), so
 * an in-page checkout never downloads it and the script tag stays within its budget.
 */
import { defineStep } from '../runtime.js';
import { FlexCheckoutHosted } from './step.js';

export { HostedWatch } from './watch.js';

/** Registers the hosted step's tag (once, whoever loads first). */
export function registerHosted(): void {
  defineStep('flex-checkout-hosted', FlexCheckoutHosted);
}
