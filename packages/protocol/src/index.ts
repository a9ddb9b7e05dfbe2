/**
 * @flex-checkout/protocol: the types and zod schemas of everything that crosses a process
 * boundary in flex-checkout. Browser code imports types only (`import type`), so the schema
 * library never reaches the shopper's page; the one runtime rule it shares with the sandbox
 * (which questions are shown) is its own zod-free entry, `@flex-checkout/protocol/shown-questions`.
 * So are the servers' reading of a request body, `@flex-checkout/protocol/request-body`, and
 * the countries' names and order in an address form, `@flex-checkout/protocol/country-options`.
 */
export * from './errors.js';
export * from './common.js';
export * from './catalog.js';
export * from './customers.js';
export * from './checkout.js';
export * from './consultations.js';
export * from './shown-questions.js';
export * from './payments.js';
export * from './client.js';
export * from './events.js';
export * from './billing.js';
export * from './extensions.js';
export * from './flex-read.js';
export * from './shipping.js';
export * from './promotions.js';
export * from './money.js';
export * from './summary.js';
export * from './countries.js';
export * from './country-options.js';
