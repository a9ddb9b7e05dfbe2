import type { MiddlewareHandler } from 'hono';
import { languageDetector } from 'hono/language';
import { DEFAULT_LANGUAGE, LANGUAGES } from '../language.js';
import type { SandboxEnv } from './env.js';

// Hono's detector does the content negotiation: it reads Accept-Language by q-value (q=0
// refused), matches a regional tag to its language (es-MX, es-419 → es) and falls back to
// English. Only the header counts: no query string, no cookie set on the shopper.
const detect = languageDetector({
  supportedLanguages: [...LANGUAGES],
  fallbackLanguage: DEFAULT_LANGUAGE,
  order: ['header'],
  caches: false,
});

/**
 * Sets `c.var.language` from `Accept-Language` for the routes that write for shoppers, and
 * answers with `Vary: Accept-Language` (the same URL answers in several languages) and, on
 * success, `Content-Language`. Errors carry no `Content-Language`: most of their messages
 * are English whatever was asked (only the consultation's answer-validation messages follow
 * the language).
 */
export const negotiateLanguage: MiddlewareHandler<SandboxEnv> = async (c, next) => {
  await detect(c, next);
  c.header('Vary', 'Accept-Language', { append: true });
  if (c.res.status < 400) c.header('Content-Language', c.var.language);
};
