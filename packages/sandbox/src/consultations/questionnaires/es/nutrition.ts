import type { VisitTranslation } from '../translation.js';

/** ../nutrition.ts in Spanish. */
export const nutrition: VisitTranslation = {
  title: 'Consulta de nutrición',
  description:
    'Unas preguntas para que un profesional de la salud decida si la asesoría nutricional es médicamente necesaria para usted. Le tomará unos dos minutos.',
  service: 'asesoría nutricional',
  review: 'Un profesional de la salud necesita revisar sus antecedentes de trastornos alimentarios antes de aprobar un programa de nutrición.',
  questions: {
    conditions: {
      label: '¿Cuáles de estas afecciones tiene?',
      options: {
        prediabetes: 'Prediabetes',
        type_2_diabetes: 'Diabetes tipo 2',
        high_cholesterol: 'Colesterol alto',
        hypertension: 'Presión arterial alta (hipertensión)',
        obesity: 'Obesidad (IMC mayor de 30)',
        celiac_disease: 'Enfermedad celíaca',
        ibs: 'Síndrome del intestino irritable (SII)',
        pcos: 'Síndrome de ovario poliquístico (SOP)',
        gout: 'Gota',
      },
    },
    diabetes_management: {
      label: '¿Cómo controla su diabetes actualmente?',
      options: {
        diet: 'Solo con dieta y ejercicio',
        tablets: 'Con pastillas, como la metformina',
        injections: 'Con insulina u otras inyecciones',
      },
    },
    goals: {
      label: '¿Con qué le gustaría recibir ayuda?',
      options: {
        weight: 'Bajar de peso',
        blood_sugar: 'Bajar mi nivel de azúcar en la sangre',
        cholesterol: 'Bajar mi colesterol',
        meal_planning: 'Planificar mis comidas',
        food_triggers: 'Identificar los alimentos que me causan síntomas',
      },
    },
    food_allergies: {
      label: '¿Tiene alergias a algún alimento, o hay alimentos que evita?',
      help: 'Opcional. Por ejemplo: cacahuates, mariscos, no como cerdo.',
    },
    eating_disorder: {
      label: '¿Alguna vez le han diagnosticado un trastorno alimentario o ha recibido tratamiento por uno?',
    },
  },
};
