import type { Language } from '../language.js';

/** The hosted page's words for discounts, shipping, tax and the address (beside messages.ts). */
const en = {
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
  state: 'State (optional)',
  postalCode: 'ZIP code',
  country: 'Country',
  required: 'Fill in this field.',
  countryNotShipped: 'We do not ship to this country.',
};
export type SummaryMessages = typeof en;

const es: SummaryMessages = {
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
  state: 'Estado (opcional)',
  postalCode: 'Código postal',
  country: 'País',
  required: 'Complete este campo.',
  countryNotShipped: 'No enviamos a este país.',
};

const CATALOGS: Record<Language, SummaryMessages> = { en, es };
export const summaryMessages = (language: Language): SummaryMessages => CATALOGS[language];
