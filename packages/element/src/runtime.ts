/**
 * What the lazily loaded parts (in-page/, hosted/, the Spanish catalog) take from the main file, as one
 * module. They import values from here only (types from anywhere): in the script-tag build
 * the main file hands this module over whole (lazy.script-tag.ts) and the parts' own files
 * are built with it left out, so Lit and the shared helpers are loaded once.
 */
export { html, nothing, css } from 'lit';
export { ifDefined } from 'lit/directives/if-defined.js';
export { keyed } from 'lit/directives/keyed.js';
export { StepElement, defineStep } from './steps/base.js';
export { longDate, money, recurringPrice } from './format.js';
export { addEnglish, fill, plural } from './i18n/index.js';
export { CheckoutApiError } from './api.js';
export { said, stepFor } from './store.js';
export { loadScript } from './load-script.js';
