import type { Language } from '../language.js';

/**
 * The hosted checkout's own words, per language (the questionnaire and the decision reasons
 * come translated from consultations/). English is the catalog the others mirror.
 */
const en = {
  title: 'Checkout',
  testMode: 'Test mode: use the sandbox test cards.',
  orderSummary: 'Order summary',
  quantity: 'Qty {n}',
  total: 'Total',
  dueToday: 'Due today',
  // Words that change with a number: the form Intl.PluralRules picks (plural()).
  trial: { one: '{days}-day free trial', other: '{days}-day free trial' },
  consultationTitle: 'A few health questions',
  consultationIntro:
    'A licensed clinician uses your answers to decide whether you qualify for a letter of medical necessity, so you can pay with HSA/FSA funds. Your answers go only to the clinician.',
  yes: 'Yes',
  no: 'No',
  chooseState: 'Choose a state',
  continue: 'Continue',
  fixErrors: 'Please fix the following:',
  answerThis: 'Answer this question.',
  chooseOne: 'Choose an option.',
  chooseAtLeastOne: 'Choose at least one option.',
  letterOnFile: 'Your letter of medical necessity for {visitType} is valid until {date}.',
  deniedTitle: 'We could not issue a letter',
  deniedNext: 'Nothing has been charged.',
  pendingTitle: 'A clinician is reviewing your answers',
  pendingBody: 'This usually takes less than a day; nothing has been charged.',
  backToStore: 'Return to the store',
  cancel: 'Cancel and return to the store',
  contactTitle: 'Contact',
  email: 'Email',
  firstName: 'First name',
  lastName: 'Last name',
  phone: 'Phone (optional)',
  invalidEmail: 'Enter a valid email address.',
  invalidPhone: 'Enter a phone number with at least 7 digits.',
  required: 'Fill in this field.',
  cardTitle: 'Card',
  cardNumber: 'Card number',
  // The expiry and the security code share a row (styles.ts's .grid) that splits in two only
  // when each half is 10rem wide: each label must fit that on one line (in bold, in a wide
  // system font), in every language.
  expiry: 'Expiry (MM / YY)',
  cvc: 'Security code',
  // "Billing": a session that ships has a second ZIP code, the address's, on the same form.
  postalCode: 'Billing ZIP code',
  invalidPostalCode: 'Enter a 5-digit ZIP code.',
  invalidExpiry: 'Enter the expiry as MM / YY.',
  invalidCardNumber: 'Your card number is invalid.',
  invalidCvc: "Your card's security code is invalid.",
  // The stored-credential terms shown above the button when the card is kept: who may charge
  // (the merchant: the session's metadata.merchant_name, else "the store"), when, how to stop it.
  consentPayment: 'By paying, you allow {merchant} to keep this card and charge it later for purchases you ask for, at the price shown when you order.',
  consentSetup: 'By saving this card, you allow {merchant} to charge it later for purchases you ask for, at the price shown when you order.',
  consentSubscription: 'By subscribing, you allow {merchant} to keep this card and charge it the price shown above at each renewal, until you cancel.',
  consentSubscriptionTrial:
    'By subscribing, you allow {merchant} to keep this card and charge it the price shown above when the free trial ends and at each renewal after, until you cancel.',
  consentRevokeCard: 'You can withdraw this at any time by asking {merchant} to remove the card.',
  consentRevokeSubscription: 'You can cancel at any time by asking {merchant}; nothing more is charged after that.',
  consentTerms: 'Read the terms of {merchant}',
  theStore: 'the store',
  pay: 'Pay {amount}',
  startTrial: 'Start free trial',
  saveCard: 'Save card',
  authTitle: 'Confirm it is you',
  authBody: 'Your bank asks you to confirm this payment of {amount}. (Test mode: choose the outcome.)',
  authComplete: 'Complete authentication',
  authFail: 'Fail authentication',
  authFailed: 'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
  completeTitle: 'Payment complete',
  completeBody: 'Thank you. You can close this page.',
  expiredTitle: 'This checkout has expired',
  expiredBody: 'For your security, checkouts expire after a while. Start again from the store.',
  notFoundTitle: 'Checkout not found',
  notFoundBody: 'This link does not lead to a checkout. Start again from the store.',
  secure: 'Your card details go straight to Flex and are never shared with the store.',
  visitTypes: { gym: 'fitness', skincare: 'skin care', sleep: 'sleep', nutrition: 'nutrition', massage: 'massage therapy' } as Record<string, string>,
};

export type HostedMessages = typeof en;

const es: HostedMessages = {
  title: 'Pago',
  testMode: 'Modo de prueba: use las tarjetas de prueba del sandbox.',
  orderSummary: 'Resumen del pedido',
  quantity: 'Cant. {n}',
  total: 'Total',
  dueToday: 'A pagar hoy',
  trial: { one: 'Prueba gratuita de {days} día', other: 'Prueba gratuita de {days} días' },
  consultationTitle: 'Algunas preguntas de salud',
  consultationIntro:
    'Un profesional clínico con licencia usa sus respuestas para decidir si reúne los requisitos para una carta de necesidad médica, y así pagar con fondos HSA/FSA. Sus respuestas solo las ve el profesional clínico.',
  yes: 'Sí',
  no: 'No',
  chooseState: 'Elija un estado',
  continue: 'Continuar',
  fixErrors: 'Corrija lo siguiente:',
  answerThis: 'Responda esta pregunta.',
  chooseOne: 'Elija una opción.',
  chooseAtLeastOne: 'Elija al menos una opción.',
  letterOnFile: 'Su carta de necesidad médica para {visitType} es válida hasta el {date}.',
  deniedTitle: 'No pudimos emitir una carta',
  deniedNext: 'No se ha cobrado nada.',
  pendingTitle: 'Un profesional clínico está revisando sus respuestas',
  pendingBody: 'Suele tardar menos de un día; no se ha cobrado nada.',
  backToStore: 'Volver a la tienda',
  cancel: 'Cancelar y volver a la tienda',
  contactTitle: 'Contacto',
  email: 'Correo electrónico',
  firstName: 'Nombre',
  lastName: 'Apellido',
  phone: 'Teléfono (opcional)',
  invalidEmail: 'Escriba un correo electrónico válido.',
  invalidPhone: 'Escriba un teléfono de al menos 7 dígitos.',
  required: 'Complete este campo.',
  cardTitle: 'Tarjeta',
  cardNumber: 'Número de tarjeta',
  expiry: 'Vence (MM / AA)',
  cvc: 'Código CVC',
  postalCode: 'Código postal de facturación',
  invalidPostalCode: 'Escriba un código postal de 5 dígitos.',
  invalidExpiry: 'Escriba el vencimiento como MM / AA.',
  invalidCardNumber: 'El número de tarjeta no es válido.',
  invalidCvc: 'El código de seguridad de la tarjeta no es válido.',
  consentPayment:
    'Al pagar, autoriza a {merchant} a guardar esta tarjeta y cobrarle más adelante las compras que usted pida, al precio indicado al hacer el pedido.',
  consentSetup: 'Al guardar esta tarjeta, autoriza a {merchant} a cobrarle más adelante las compras que usted pida, al precio indicado al hacer el pedido.',
  consentSubscription:
    'Al suscribirse, autoriza a {merchant} a guardar esta tarjeta y cobrarle el precio indicado arriba en cada renovación, hasta que cancele.',
  consentSubscriptionTrial:
    'Al suscribirse, autoriza a {merchant} a guardar esta tarjeta y cobrarle el precio indicado arriba cuando termine la prueba gratuita y en cada renovación posterior, hasta que cancele.',
  consentRevokeCard: 'Puede retirar esta autorización en cualquier momento pidiendo a {merchant} que elimine la tarjeta.',
  consentRevokeSubscription: 'Puede cancelar en cualquier momento pidiéndoselo a {merchant}; después no se cobrará nada más.',
  consentTerms: 'Leer los términos de {merchant}',
  theStore: 'la tienda',
  pay: 'Pagar {amount}',
  startTrial: 'Comenzar la prueba gratuita',
  saveCard: 'Guardar tarjeta',
  authTitle: 'Confirme que es usted',
  authBody: 'Su banco le pide confirmar este pago de {amount}. (Modo de prueba: elija el resultado).',
  authComplete: 'Completar la autenticación',
  authFail: 'Hacer fallar la autenticación',
  authFailed: 'No pudimos autenticar su método de pago. Elija otro método de pago e inténtelo de nuevo.',
  completeTitle: 'Pago completado',
  completeBody: 'Gracias. Puede cerrar esta página.',
  expiredTitle: 'Este pago ha caducado',
  expiredBody: 'Por su seguridad, los pagos caducan al cabo de un tiempo. Vuelva a empezar desde la tienda.',
  notFoundTitle: 'No encontramos este pago',
  notFoundBody: 'Este enlace no lleva a ningún pago. Vuelva a empezar desde la tienda.',
  secure: 'Los datos de su tarjeta van directamente a Flex y nunca se comparten con la tienda.',
  visitTypes: { gym: 'actividad física', skincare: 'cuidado de la piel', sleep: 'sueño', nutrition: 'nutrición', massage: 'masoterapia' },
};

const CATALOGS: Record<Language, HostedMessages> = { en, es };

export const hostedMessages = (language: Language): HostedMessages => CATALOGS[language];

/** The form `count` takes in the language's grammar ("1 día", "14 días"). */
export const plural = (forms: { one: string; other: string }, count: number, language: Language) =>
  new Intl.PluralRules(language).select(count) === 'one' ? forms.one : forms.other;

/** `{name}` placeholders filled in. */
export const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));

/** An amount in the currency's minor unit, in the shopper's language. */
export const money = (amount: number, currency: string, language: Language) =>
  new Intl.NumberFormat(language === 'es' ? 'es-US' : 'en-US', { style: 'currency', currency: currency.toUpperCase() }).format(amount / 100);

/** A date (ISO) in the shopper's language. */
export const longDate = (iso: string, language: Language) =>
  new Intl.DateTimeFormat(language === 'es' ? 'es-US' : 'en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso));
