import type { VisitTranslation } from '../translation.js';

/** ../massage.ts in Spanish. */
export const massage: VisitTranslation = {
  title: 'Consulta para terapia de masaje',
  description:
    'Unas preguntas para que un profesional de la salud decida si la terapia de masaje es médicamente necesaria para usted. Le tomará unos dos minutos.',
  service: 'terapia de masaje',
  review:
    'Un profesional de la salud necesita revisar sus antecedentes de coágulos de sangre o su uso de anticoagulantes antes de aprobar la terapia de masaje.',
  questions: {
    conditions: {
      label: '¿Cuáles de estas afecciones tiene?',
      options: {
        chronic_neck_pain: 'Dolor crónico de cuello',
        chronic_back_pain: 'Dolor crónico de espalda',
        fibromyalgia: 'Fibromialgia',
        tension_headaches: 'Dolores de cabeza por tensión o migrañas',
        osteoarthritis: 'Osteoartritis',
        plantar_fasciitis: 'Fascitis plantar',
        muscle_injury: 'Una distensión muscular o lesión deportiva de la que se está recuperando',
      },
    },
    pain_impact: {
      label: '¿Cuánto interfiere el dolor con su vida diaria?',
      options: { a_little: 'Un poco', moderately: 'Moderadamente', a_lot: 'Mucho' },
    },
    recent_surgery: {
      label: '¿Le han hecho alguna cirugía en los últimos 6 meses?',
    },
    surgery_date: {
      label: '¿Cuándo fue su cirugía?',
      help: 'Una fecha aproximada está bien.',
    },
    blood_clots: {
      label: '¿Alguna vez ha tenido un coágulo de sangre (como una trombosis venosa profunda) o toma anticoagulantes?',
    },
  },
};
