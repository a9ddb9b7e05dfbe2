import type { VisitTranslation } from '../translation.js';

/** ../sleep.ts in Spanish. */
export const sleep: VisitTranslation = {
  title: 'Consulta sobre el sueño',
  description:
    'Unas preguntas para que un profesional de la salud decida si el tratamiento para el sueño es médicamente necesario para usted. Le tomará unos dos minutos.',
  service: 'un tratamiento para el sueño',
  review: 'Un profesional de la salud necesita revisar los medicamentos para dormir o para el dolor que usted toma antes de tomar una decisión.',
  questions: {
    conditions: {
      label: '¿Cuáles de estos trastornos del sueño tiene?',
      options: {
        insomnia: 'Insomnio (dificultad para dormirse o para seguir durmiendo)',
        sleep_apnea: 'Apnea obstructiva del sueño',
        restless_legs: 'Síndrome de piernas inquietas',
        circadian_rhythm: 'Trastorno del ritmo circadiano, como el trastorno del sueño por trabajo en turnos',
      },
    },
    uses_cpap: {
      label: '¿Usa una máquina CPAP u otro dispositivo recetado para la apnea del sueño?',
    },
    poor_nights_per_week: {
      label: '¿Cuántas noches a la semana duerme mal?',
      options: { '1_2': '1 o 2', '3_4': '3 o 4', '5_7': '5 o más' },
    },
    takes_sedatives: {
      label: '¿Toma analgésicos opioides, benzodiacepinas o pastillas para dormir recetadas?',
    },
    sedatives_detail: {
      label: '¿Cuáles y con qué frecuencia?',
      help: 'Por ejemplo: zolpidem 5 mg, la mayoría de las noches.',
    },
  },
};

/** cbtSleep: the sleep questions, named for the therapy. */
export const cbtSleep: VisitTranslation = {
  ...sleep,
  title: 'Consulta de terapia del sueño (TCC-I)',
  service: 'terapia cognitivo-conductual para el insomnio',
};
