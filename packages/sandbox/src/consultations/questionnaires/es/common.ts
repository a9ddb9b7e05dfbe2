import type { QuestionText } from '../translation.js';
import { US_STATES_ES } from './us-states.js';

/**
 * The Spanish words of the questions every visit type asks (see ../common.ts). Written as
 * a US health provider writes to patients: plain words, "usted", "profesional de la salud"
 * for clinician. Date questions have no help about a format: the native date input shows
 * the browser's own.
 */
export const COMMON_ES: {
  /** The label and the visit type's own conditions come from each visit type's file. */
  conditions: Omit<QuestionText, 'label'>;
  date_of_birth: QuestionText;
  state: QuestionText;
  attestation: QuestionText;
} = {
  conditions: {
    help: 'Elija todas las afecciones que un médico le haya diagnosticado o por las que esté recibiendo tratamiento.',
    options: { none: 'Ninguna de estas' },
  },
  date_of_birth: {
    label: '¿Cuál es su fecha de nacimiento?',
  },
  state: {
    label: '¿En qué estado vive?',
    help: 'El profesional de la salud que revise sus respuestas debe tener licencia en ese estado.',
    options: US_STATES_ES,
  },
  attestation: {
    label: 'Confirmo que mis respuestas son verdaderas y completas.',
    help: 'Un profesional de la salud se basa en estas respuestas para redactar su carta de necesidad médica.',
  },
};
