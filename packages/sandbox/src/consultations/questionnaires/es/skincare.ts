import type { VisitTranslation } from '../translation.js';

/** ../skincare.ts in Spanish. */
export const skincare: VisitTranslation = {
  title: 'Consulta para el cuidado de la piel',
  description:
    'Unas preguntas para que un profesional de la salud decida si el tratamiento de la piel es médicamente necesario para usted. Le tomará unos dos minutos.',
  service: 'un tratamiento para la piel',
  review: 'Un profesional de la salud necesita revisar qué tratamientos para la piel son seguros durante el embarazo o la lactancia.',
  questions: {
    conditions: {
      label: '¿Cuáles de estas afecciones de la piel tiene?',
      options: {
        acne: 'Acné',
        rosacea: 'Rosácea',
        eczema: 'Eccema (dermatitis atópica)',
        psoriasis: 'Psoriasis',
        melasma: 'Melasma',
        actinic_keratosis: 'Queratosis actínica (zonas ásperas por daño solar)',
        hyperhidrosis: 'Sudoración excesiva (hiperhidrosis)',
      },
    },
    acne_severity: {
      label: '¿Cómo describiría su acné?',
      options: {
        mild: 'Principalmente puntos negros y puntos blancos',
        moderate: 'Granos rojos y granos con pus',
        severe: 'Bultos dolorosos en lo profundo de la piel, o cicatrices',
      },
    },
    current_treatments: {
      label: '¿Qué productos o medicamentos usa actualmente para la piel?',
      help: 'Opcional. Por ejemplo: limpiador con peróxido de benzoílo, crema de tretinoína.',
    },
    pregnant_or_breastfeeding: {
      label: '¿Está embarazada, amamantando o planea un embarazo en los próximos 3 meses?',
    },
  },
};
