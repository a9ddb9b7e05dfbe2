/**
 * The languages the sandbox writes for shoppers (questionnaires, decision reasons, answer
 * validation messages). English is the language of record: stored consultations, events
 * and the secret-key objects keep it; other languages are a rendering of the same data.
 */
export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/** What a request that asks for no supported language gets. */
export const DEFAULT_LANGUAGE: Language = 'en';
