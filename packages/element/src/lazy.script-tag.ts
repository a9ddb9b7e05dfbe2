import type { Messages } from './i18n/index.js';
import type { HostedPart, InPagePart } from './lazy.js';
import { loadScript } from './load-script.js';
import * as runtime from './runtime.js';

/**
 * The script-tag build's lazy.ts (vite.config.ts puts it in that module's place). The parts are
 * files of their own beside flex-checkout.js (`flex-checkout.in-page.<hash>.js`,
 * `flex-checkout.hosted.<hash>.js`, `flex-checkout.es.<hash>.js`), each a classic script that hands its exports to the global
 * below. This file hands them runtime.ts (Lit and the shared helpers) the same way, so they
 * are not loaded twice. The names come from the build (vite.config.ts, through flex-checkout.parts.json).
 */
declare const __FLEX_PARTS__: { global: string; inPage: string; hosted: string; es: string };

interface Parts {
  runtime?: typeof runtime;
  /** Parts that ran before this file (script tags of the page's own), waiting for the runtime. */
  queue?: (() => void)[];
  inPage?: InPagePart;
  hosted?: HostedPart;
  /** The Spanish part's exports: its words are under `es`, as lazy.ts reads them. */
  es?: { es: Messages };
}

// The global is named for this version, so two versions on one page never mix their parts.
const parts = ((globalThis as unknown as Record<string, Parts>)[__FLEX_PARTS__.global] ??= {});
parts.runtime ??= runtime;
for (const run of parts.queue?.splice(0) ?? []) run();

/**
 * This file's own URL while it first runs (a classic script); the parts sit beside it. Loaded
 * as a module there is no such thing: the parts then come from the companion server, which
 * serves them beside flex-checkout.js at its endpoint.
 */
const script = document.currentScript as HTMLScriptElement | null;

function load<K extends 'inPage' | 'hosted' | 'es'>(name: K, file: string, from: string): Promise<NonNullable<Parts[K]>> {
  const loaded = parts[name];
  if (loaded) return Promise.resolve(loaded);
  const url = new URL(file, script?.src || new URL(`${from.replace(/\/+$/, '')}/`, location.href)).href;
  return loadScript(url, script?.nonce).then(() => parts[name] ?? Promise.reject(new Error(`${file} loaded but registered nothing`)));
}

export const loadInPage = (from: string): Promise<InPagePart> => load('inPage', __FLEX_PARTS__.inPage, from);

export const loadHosted = (from: string): Promise<HostedPart> => load('hosted', __FLEX_PARTS__.hosted, from);

export const loadSpanish = (from: string): Promise<Messages> => load('es', __FLEX_PARTS__.es, from).then((part) => part.es);
