import type { Language } from '../language.js';

/** The hosted page's words for discounts, shipping, tax and the address (beside messages.ts); the address's as the element's details step has them. */
const en = {
  /** For names the page takes from ICU (the countries): Intl's locale. */
  locale: 'en-US',
  subtotal: 'Subtotal',
  discount: 'Discount',
  /** A discount named by its coupon or code: "Discount (SPRING25)". */
  discountNamed: 'Discount ({name})',
  shipping: 'Shipping',
  shippingNamed: 'Shipping ({name})',
  tax: 'Tax',
  promoCode: 'Promo code',
  apply: 'Apply',
  removeCode: 'Remove {code}',
  promoInvalid: 'This promo code is not valid.',
  shippingTitle: 'Shipping address',
  line1: 'Address',
  line2: 'Apartment, suite, etc. (optional)',
  city: 'City',
  state: 'State, province or region',
  postalCode: 'ZIP or postal code',
  country: 'Country or region',
  required: 'Fill in this field.',
  countryNotShipped: 'We do not ship to this country.',
  tooLong: 'Use at most {max} characters.',
};
export type SummaryMessages = typeof en;

const es: SummaryMessages = {
  locale: 'es-US',
  subtotal: 'Subtotal',
  discount: 'Descuento',
  discountNamed: 'Descuento ({name})',
  shipping: 'Envío',
  shippingNamed: 'Envío ({name})',
  tax: 'Impuestos',
  promoCode: 'Código promocional',
  apply: 'Aplicar',
  removeCode: 'Quitar {code}',
  promoInvalid: 'Este código promocional no es válido.',
  shippingTitle: 'Dirección de envío',
  line1: 'Dirección',
  line2: 'Apartamento, suite, etc. (opcional)',
  city: 'Ciudad',
  state: 'Estado, provincia o región',
  postalCode: 'Código postal',
  country: 'País o región',
  required: 'Complete este campo.',
  countryNotShipped: 'No enviamos a este país.',
  tooLong: 'Use como máximo {max} caracteres.',
};

const CATALOGS: Record<Language, SummaryMessages> = { en, es };
export const summaryMessages = (language: Language): SummaryMessages => CATALOGS[language];
