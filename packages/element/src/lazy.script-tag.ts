import type { Messages } from './i18n/index.js';
import type { InPagePart } from './lazy.js';
import * as runtime from './runtime.js';

/**
 * The script-tag build's lazy.ts (vite.config.ts puts it in that module's place). The parts are
 * files of their own beside flex-checkout.js (`flex-checkout.in-page.<hash>.js`,
 * `flex-checkout.es.<hash>.js`), each a classic script that hands its exports to the global
 * below. This file hands them runtime.ts (Lit and the shared helpers) the same way, so they
 * are not loaded twice. The names come from the build (vite.config.ts, through flex-checkout.parts.json).
 */
declare const __FLEX_PARTS__: { global: string; inPage: string; es: string };

interface Parts {
  runtime?: typeof runtime;
  inPage?: InPagePart;
  es?: Messages;
}

// The global is named for this version, so two versions on one page never mix their parts.
const parts = ((globalThis as unknown as Record<string, Parts>)[__FLEX_PARTS__.global] ??= {});
parts.runtime ??= runtime;

/**
 * This file's own URL while it first runs (a classic script); the parts sit beside it. Loaded
 * as a module there is no such thing: the parts then come from the companion server, which
 * serves them beside flex-checkout.js at its endpoint.
 */
const script = document.currentScript as HTMLScriptElement | null;
const loading = new Map<keyof Parts, Promise<unknown>>();

function load<K extends 'inPage' | 'es'>(name: K, file: string, from: string): Promise<NonNullable<Parts[K]>> {
  const loaded = parts[name];
  if (loaded) return Promise.resolve(loaded as NonNullable<Parts[K]>);
  let pending = loading.get(name) as Promise<NonNullable<Parts[K]>> | undefined;
  if (!pending) {
    pending = new Promise((resolve, reject) => {
      const tag = document.createElement('script');
      tag.src = new URL(file, script?.src || new URL(`${from.replace(/\/+$/, '')}/`, location.href)).href;
      // A page whose CSP allows scripts by nonce allows this one by the same nonce.
      if (script?.nonce) tag.nonce = script.nonce;
      // The first step waits for it: a script added by a script is otherwise fetched at low
      // priority, after the page's other requests (Chromium answered it last, after the session).
      tag.fetchPriority = 'high';
      tag.onload = () => (parts[name] ? resolve(parts[name]) : reject(new Error(`${file} loaded but registered nothing`)));
      tag.onerror = () => {
        // Offline, or blocked: the next attempt loads it afresh.
        loading.delete(name);
        tag.remove();
        reject(new Error(`${file} could not be loaded`));
      };
      document.head.append(tag);
    });
    loading.set(name, pending);
  }
  return pending;
}

export const loadInPage = (from: string): Promise<InPagePart> => load('inPage', __FLEX_PARTS__.inPage, from);

export const loadSpanish = (from: string): Promise<Messages> => load('es', __FLEX_PARTS__.es, from);
