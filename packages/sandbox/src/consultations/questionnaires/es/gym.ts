import type { VisitTranslation } from '../translation.js';

/** ../gym.ts in Spanish. */
export const gym: VisitTranslation = {
  title: 'Consulta para gimnasio y acondicionamiento físico',
  description:
    'Unas preguntas para que un profesional de la salud decida si el ejercicio regular es médicamente necesario para usted. Le tomará unos dos minutos.',
  service: 'un programa de gimnasio o de ejercicio',
  review: 'Un profesional de la salud necesita revisar su salud cardíaca antes de aprobar un programa de ejercicio.',
  questions: {
    conditions: {
      label: '¿Cuáles de estas afecciones tiene?',
      options: {
        lower_back_pain: 'Dolor en la parte baja de la espalda',
        obesity: 'Obesidad (IMC mayor de 30)',
        prediabetes: 'Prediabetes',
        type_2_diabetes: 'Diabetes tipo 2',
        hypertension: 'Presión arterial alta (hipertensión)',
        high_cholesterol: 'Colesterol alto',
        osteoarthritis: 'Osteoartritis',
        osteoporosis: 'Osteoporosis',
        depression_anxiety: 'Depresión o ansiedad',
      },
    },
    back_pain_duration: {
      label: '¿Desde hace cuánto tiempo tiene dolor en la parte baja de la espalda?',
      options: {
        under_6_weeks: 'Menos de 6 semanas',
        '6_weeks_to_3_months': 'De 6 semanas a 3 meses',
        over_3_months: 'Más de 3 meses',
      },
    },
    activity_level: {
      label: '¿Con qué frecuencia hace actividad física actualmente?',
      options: {
        rarely: 'Casi nunca',
        '1_2_days': '1 o 2 días a la semana',
        '3_plus_days': '3 días o más a la semana',
      },
    },
    heart_condition: {
      label: '¿Alguna vez un médico le ha dicho que tiene una afección cardíaca, o siente dolor en el pecho cuando hace actividad física?',
      help: 'La presión arterial alta por sí sola no cuenta aquí.',
    },
  },
};
