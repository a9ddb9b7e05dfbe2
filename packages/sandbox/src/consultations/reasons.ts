import type { Language } from '../language.js';

/** The decision reasons every visit type shares; each visit type's review reason lives with its questionnaire. */
export interface ReasonTexts {
  notAttested: string;
  /** `service` is the visit type's service in the same language ("massage therapy"). */
  noCondition: (service: string) => string;
  underAge: (age: number) => string;
  /** A clinician's denial of a pending consultation (the resolve test helper). */
  clinicianDenied: string;
}

/**
 * Reasons in each language. The English is what the sandbox records on a consultation (and
 * what events and the secret-key API show); `reasonIn` renders a recorded reason in the
 * shopper's language.
 */
export const REASONS: Record<Language, ReasonTexts> = {
  en: {
    notAttested: 'You need to confirm that your answers are true and complete.',
    noCondition: (service) => `The consultation found no condition that ${service} treats.`,
    underAge: (age) => `You must be ${age} or older for this consultation.`,
    clinicianDenied: 'After review, a clinician could not issue a letter for this visit type.',
  },
  es: {
    notAttested: 'Debe confirmar que sus respuestas son verdaderas y completas.',
    noCondition: (service) => `La consulta no encontró ninguna afección que pueda atenderse con ${service}.`,
    underAge: (age) => `Debe tener ${age} años o más para esta consulta.`,
    clinicianDenied: 'Después de revisar sus respuestas, un profesional de la salud no pudo emitir una carta para este tipo de consulta.',
  },
};
