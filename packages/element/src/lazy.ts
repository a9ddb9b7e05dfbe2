import type { Messages } from './i18n/index.js';
import type * as HostedModule from './hosted/index.js';
import type * as InPageModule from './in-page/index.js';

/**
 * The parts of the element loaded when first needed: the in-page steps (only an in-page
 * session needs them), the hosted step (only a hosted session) and the Spanish words. Here, as the ES modules npm ships, they are
 * dynamic imports: a merchant's bundler makes them chunks of its own. The script-tag file is
 * built with lazy.script-tag.ts in this module's place, which loads its own part files.
 *
 * `from` is the companion server's endpoint: where the script-tag build finds its part files
 * when it cannot tell its own URL (loaded as a module). Unused here.
 */
export type InPagePart = typeof InPageModule;
export type HostedPart = typeof HostedModule;

export const loadInPage = (_from: string): Promise<InPagePart> => import('./in-page/index.js');

export const loadHosted = (_from: string): Promise<HostedPart> => import('./hosted/index.js');

export const loadSpanish = (_from: string): Promise<Messages> => import('./i18n/es.js').then((part) => part.es);
