/**
 * The card frame's script (`GET /sandbox/card-frame`, page in ../card-frame.ts): the four
 * card fields, their formatting and validation in Stripe's words, and the one request that
 * carries a card number, `POST /v1/confirmation_tokens` on the sandbox's own origin. The
 * page that embeds the frame gets only the token's ID and preview. Nothing here logs or
 * stores what the shopper types.
 *
 * It talks to the Stripe.js stand-in (stripe-js.ts, beside it) by postMessage; the messages
 * are described in docs/sandbox-card-frame.md. browserScript (../../browser-script.ts) serves
 * the compiled text inline as a classic script, under a CSP naming its hash (../page.ts).
 * Its top-level names are those of the frame's own document, which runs nothing else.
 */
'use strict';

type Field = 'number' | 'expiry' | 'cvc' | 'zip';
type Brand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'unknown';

// ---- Messages ------------------------------------------------------------------------

/**
 * What the stand-in sends. Any page may embed the frame, so every field is as that page
 * sent it, and is checked (or coerced) where it is read. `requestId` is the stand-in's own
 * ID for a request, echoed back untouched.
 */
type StandInMessage =
  | { flexSandbox: 'stripe-js'; type: 'init'; publishableKey?: unknown; appearance?: unknown; locale?: unknown }
  | { flexSandbox: 'stripe-js'; type: 'update'; appearance?: unknown; locale?: unknown }
  | { flexSandbox: 'stripe-js'; type: 'submit'; requestId?: unknown }
  | { flexSandbox: 'stripe-js'; type: 'create-token'; requestId?: unknown };

const STAND_IN_TYPES: readonly unknown[] = ['init', 'update', 'submit', 'create-token'] satisfies StandInMessage['type'][];

const isStandInMessage = (data: unknown): data is StandInMessage =>
  typeof data === 'object' &&
  data !== null &&
  'flexSandbox' in data &&
  data.flexSandbox === 'stripe-js' &&
  'type' in data &&
  STAND_IN_TYPES.includes(data.type);

interface ValidationError {
  type: 'validation_error';
  code: string;
  message: string;
}
interface CardError {
  type: 'card_error';
  code: string;
  message: string;
}
interface ApiError {
  type: 'api_error';
  message: string;
}

/** A card as the sandbox previews it: brand, last four, expiry, ZIP; never the number. */
interface PaymentMethodPreview {
  type: 'card';
  card: { brand: string; last4: string; exp_month: number; exp_year: number };
  billing_details: { email: string | null; name: string | null; phone: string | null; address: { postal_code: string | null } | null };
}

/** Stripe.js's shape of a confirmation token, as the page receives it. */
interface StripeConfirmationToken {
  id: string;
  object: 'confirmation_token';
  created: number;
  expires_at: number;
  livemode: false;
  payment_method_preview: PaymentMethodPreview;
}

type TokenResult = { confirmationToken: StripeConfirmationToken } | { error: ValidationError | CardError | ApiError };

/** Like Stripe's payment element's `change` event: never anything about the card itself. */
interface ChangeSummary {
  elementType: 'payment';
  complete: boolean;
  empty: boolean;
  collapsed: false;
  value: { type: 'card' };
}

/** What the frame sends the stand-in, by type (each posted as `{flexSandbox: 'card-frame', type, ...fields}`). */
interface CardFrameMessages {
  ready: { height: number };
  resize: { height: number };
  change: ChangeSummary;
  focus: { elementType: 'payment' };
  blur: { elementType: 'payment' };
  'submit-result': { requestId: unknown; error: ValidationError | null };
  'token-result': { requestId: unknown } & TokenResult;
}

// ---- The channel to the page that embeds us ------------------------------------------
// The frame answers only its parent, and only at the origin the parent had when it sent
// 'init'. Until then the frame posts nothing at all, so nothing leaks to whoever embeds it.
let parentOrigin: string | null = null;
let publishableKey: string | null = null;

const post = <T extends keyof CardFrameMessages>(type: T, payload: CardFrameMessages[T]): void => {
  if (parentOrigin === null) return;
  const message: { flexSandbox: 'card-frame'; type: T } & CardFrameMessages[T] = { flexSandbox: 'card-frame', type, ...payload };
  window.parent.postMessage(message, parentOrigin);
};

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const data = event.data;
  if (event.source !== window.parent || !isStandInMessage(data)) return;
  if (parentOrigin === null) {
    // An opaque origin ('null') cannot be answered by postMessage: stay silent.
    if (data.type !== 'init' || event.origin === 'null') return;
    parentOrigin = event.origin;
  } else if (event.origin !== parentOrigin) {
    return;
  }
  handle(data);
});

const handle = (message: StandInMessage): void => {
  switch (message.type) {
    case 'init':
      if (publishableKey !== null) return; // initialised once; a second init changes nothing
      publishableKey = stringOf(message.publishableKey);
      applyAppearance(message.appearance);
      applyLocale(message.locale);
      post('ready', { height: contentHeight() });
      watchHeight();
      return;
    case 'update':
      if (message.appearance) applyAppearance(message.appearance);
      if (message.locale) applyLocale(message.locale);
      return;
    case 'submit':
      post('submit-result', { requestId: message.requestId, error: validateAll() });
      return;
    case 'create-token': {
      const requestId = message.requestId;
      void createToken().then((result) => post('token-result', { requestId, ...result }));
      return;
    }
  }
};

// ---- Appearance ----------------------------------------------------------------------
type Variable =
  'colorPrimary' | 'colorBackground' | 'colorText' | 'colorTextSecondary' | 'colorDanger' | 'colorBorder' | 'fontFamily' | 'borderRadius' | 'spacingUnit';

const THEMES = {
  stripe: {
    colorPrimary: '#0570de',
    colorBackground: '#ffffff',
    colorText: '#30313d',
    colorTextSecondary: '#6d6e78',
    colorDanger: '#df1b41',
    colorBorder: '#e6e6e6',
  },
  night: {
    colorPrimary: '#0570de',
    colorBackground: '#30313d',
    colorText: '#ffffff',
    colorTextSecondary: '#a3a3b5',
    colorDanger: '#fe87a1',
    colorBorder: '#424353',
  },
} satisfies Record<string, Partial<Record<Variable, string>>>;

const VARIABLES: Record<Variable, string> = {
  colorPrimary: '--color-primary',
  colorBackground: '--color-background',
  colorText: '--color-text',
  colorTextSecondary: '--color-text-secondary',
  colorDanger: '--color-danger',
  colorBorder: '--color-border',
  fontFamily: '--font-family',
  borderRadius: '--border-radius',
  spacingUnit: '--spacing-unit',
};

/** A string the page sent, or '' for anything else (the stand-in sends strings). */
const stringOf = (value: unknown): string => (typeof value === 'string' ? value : '');

/** An object's fields, to read one by one; anything else has none. */
const fieldsOf = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});

// Values go through the CSSOM one property at a time: a value the browser does not
// accept is ignored, and nothing a page passes can become markup or a new rule.
const applyAppearance = (appearance: unknown): void => {
  const given = fieldsOf(appearance);
  const theme = given.theme === 'night' ? THEMES.night : THEMES.stripe;
  const variables: Record<string, unknown> = { ...theme, ...fieldsOf(given.variables) };
  const root = document.documentElement.style;
  for (const [name, property] of Object.entries(VARIABLES)) {
    const value = variables[name];
    if (typeof value === 'string' && value.length <= 200) root.setProperty(property, value);
    else root.removeProperty(property);
  }
};

// ---- Language: the labels and messages of the page that embeds us -------------------
// Stripe's Payment Element follows the locale it is given; so does this frame: English,
// or Spanish for any 'es' locale. Messages in Spanish use 'usted', as the element does.
interface Text extends Record<Field, string> {
  expiryPlaceholder: string;
  incomplete: Record<Field, string>;
  invalidNumber: string;
  invalidExpiry: string;
  pastExpiry: string;
  invalidYear: string;
  unreachable: string;
  answered: string;
}

const TEXT: Record<'en' | 'es', Text> = {
  en: {
    number: 'Card number',
    expiry: 'Expiration date',
    cvc: 'Security code',
    zip: 'ZIP code',
    expiryPlaceholder: 'MM / YY',
    incomplete: {
      number: 'Your card number is incomplete.',
      expiry: "Your card's expiration date is incomplete.",
      cvc: "Your card's security code is incomplete.",
      zip: 'Your ZIP code is incomplete.',
    },
    invalidNumber: 'Your card number is invalid.',
    invalidExpiry: "Your card's expiration date is invalid.",
    pastExpiry: "Your card's expiration date is in the past.",
    invalidYear: "Your card's expiration year is invalid.",
    unreachable: 'The sandbox could not be reached. Check that it is running and try again.',
    answered: 'The sandbox answered ',
  },
  es: {
    number: 'Número de tarjeta',
    expiry: 'Fecha de vencimiento',
    cvc: 'Código de seguridad',
    zip: 'Código postal',
    expiryPlaceholder: 'MM / AA',
    incomplete: {
      number: 'El número de la tarjeta está incompleto.',
      expiry: 'La fecha de vencimiento de la tarjeta está incompleta.',
      cvc: 'El código de seguridad de la tarjeta está incompleto.',
      zip: 'El código postal está incompleto.',
    },
    invalidNumber: 'El número de la tarjeta no es válido.',
    invalidExpiry: 'La fecha de vencimiento de la tarjeta no es válida.',
    pastExpiry: 'La fecha de vencimiento de la tarjeta ya pasó.',
    invalidYear: 'El año de vencimiento de la tarjeta no es válido.',
    unreachable: 'No se pudo contactar con el sandbox. Compruebe que está en marcha e inténtelo de nuevo.',
    answered: 'El sandbox respondió ',
  },
};
let text = TEXT.en;

const applyLocale = (locale: unknown): void => {
  const spanish = /^es(-|$)/i.test(stringOf(locale));
  text = spanish ? TEXT.es : TEXT.en;
  document.documentElement.lang = spanish ? 'es' : 'en';
  for (const name of ORDER) byId(`${name}-label`, HTMLLabelElement).textContent = text[name];
  inputs.expiry.placeholder = text.expiryPlaceholder;
  // A problem already on screen is said again in the new language.
  for (const name of ORDER) {
    if (inputs[name].getAttribute('aria-invalid') !== 'true') continue;
    const result = check(name);
    if (result.state !== 'complete') showError(name, result.message);
  }
};

// ---- Size: the stand-in sizes the iframe to what we report ---------------------------
const contentHeight = (): number => Math.ceil(document.body.getBoundingClientRect().height);

const watchHeight = (): void => {
  let last = 0;
  new ResizeObserver(() => {
    const height = contentHeight();
    if (height === last) return;
    last = height;
    post('resize', { height });
  }).observe(document.body);
};

// ---- The fields ----------------------------------------------------------------------
/** An element of the page's markup (../card-frame.ts), which always has it. */
const byId = <T extends HTMLElement>(id: string, type: new () => T): T => {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`The card frame has no #${id}`);
  return element;
};

const form = byId('card', HTMLFormElement);
const inputs: Record<Field, HTMLInputElement> = {
  number: byId('number', HTMLInputElement),
  expiry: byId('expiry', HTMLInputElement),
  cvc: byId('cvc', HTMLInputElement),
  zip: byId('zip', HTMLInputElement),
};
const brandBadge = byId('brand', HTMLElement);
const ORDER: readonly Field[] = ['number', 'expiry', 'cvc', 'zip'];
const BRAND_NAMES: Record<Brand, string> = { visa: 'Visa', mastercard: 'Mastercard', amex: 'Amex', discover: 'Discover', unknown: '' };

const digitsOf = (value: string): string => value.replace(/\D/g, '');

const brandOf = (digits: string): Brand => {
  if (/^4/.test(digits)) return 'visa';
  if (/^(5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/.test(digits)) return 'mastercard';
  if (/^3[47]/.test(digits)) return 'amex';
  if (/^(6011|65|64[4-9]|622)/.test(digits)) return 'discover';
  return 'unknown';
};
const numberLength = (brand: Brand): number => (brand === 'amex' ? 15 : 16);
const cvcLength = (): number => (brandOf(digitsOf(inputs.number.value)) === 'amex' ? 4 : 3);

const luhnValid = (digits: string): boolean => {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits.charAt(digits.length - 1 - i));
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
};

// Each field's formatter takes its digits and whether the shopper is typing forward
// (so a separator is added ahead of the caret, but can still be deleted).
const FORMAT: Record<Field, (digits: string, forward: boolean) => string> = {
  number: (digits) => {
    const brand = brandOf(digits);
    const kept = digits.slice(0, numberLength(brand));
    const groups = brand === 'amex' ? [4, 6, 5] : [4, 4, 4, 4];
    const parts: string[] = [];
    let at = 0;
    for (const size of groups) {
      if (at >= kept.length) break;
      parts.push(kept.slice(at, at + size));
      at += size;
    }
    return parts.join(' ');
  },
  expiry: (digits, forward) => {
    // A first digit of 2-9 can only be a month of 02-09.
    const kept = (/^[2-9]/.test(digits) ? '0' + digits : digits).slice(0, 4);
    if (kept.length > 2) return kept.slice(0, 2) + ' / ' + kept.slice(2);
    if (kept.length === 2 && forward) return kept + ' / ';
    return kept;
  },
  cvc: (digits) => digits.slice(0, cvcLength()),
  zip: (digits) => digits.slice(0, 5),
};

// Rewrites a field in its format while keeping the caret after the same digit.
const reformat = (name: Field, forward: boolean): void => {
  const input = inputs[name];
  const caret = input.selectionStart ?? input.value.length;
  const atEnd = caret === input.value.length;
  const digitsBeforeCaret = digitsOf(input.value.slice(0, caret)).length;
  const formatted = FORMAT[name](digitsOf(input.value), forward);
  if (formatted === input.value) return;
  input.value = formatted;
  // Typing at the end stays at the end (past a separator just added); elsewhere the caret
  // stays after the same number of digits.
  let position = formatted.length;
  if (!atEnd) {
    position = 0;
    for (let seen = 0; position < formatted.length && seen < digitsBeforeCaret; position++) {
      if (/\d/.test(formatted.charAt(position))) seen++;
    }
  }
  if (document.activeElement === input) input.setSelectionRange(position, position);
};

// ---- Validation, in Stripe's words ----------------------------------------------------
// A field is 'empty', 'incomplete' (shown on blur or submit), 'invalid' (shown at once)
// or 'complete'.
type Problem = { state: 'empty' | 'incomplete' | 'invalid'; code: string; message: string };
type Check = { state: 'complete' } | Problem;

const check = (name: Field): Check => {
  const value = inputs[name].value;
  const digits = digitsOf(value);
  if (digits === '') return { state: 'empty', code: 'incomplete_' + name, message: text.incomplete[name] };
  return CHECKS[name](digits);
};
const incomplete = (name: Field): Check => ({ state: 'incomplete', code: 'incomplete_' + name, message: text.incomplete[name] });
const invalid = (code: string, message: string): Check => ({ state: 'invalid', code, message });
const COMPLETE: Check = { state: 'complete' };

const CHECKS: Record<Field, (digits: string) => Check> = {
  number: (digits) => {
    if (digits.length < numberLength(brandOf(digits))) return incomplete('number');
    return luhnValid(digits) ? COMPLETE : invalid('invalid_number', text.invalidNumber);
  },
  expiry: (digits) => {
    if (digits.length < 4) return incomplete('expiry');
    const month = Number(digits.slice(0, 2));
    const year = 2000 + Number(digits.slice(2, 4));
    const now = new Date();
    if (month < 1 || month > 12) return invalid('invalid_expiry_month', text.invalidExpiry);
    if (year < now.getFullYear() || (year === now.getFullYear() && month < now.getMonth() + 1)) {
      return invalid('invalid_expiry_year_past', text.pastExpiry);
    }
    if (year > now.getFullYear() + 50) return invalid('invalid_expiry_year', text.invalidYear);
    return COMPLETE;
  },
  cvc: (digits) => (digits.length < cvcLength() ? incomplete('cvc') : COMPLETE),
  zip: (digits) => (digits.length < 5 ? incomplete('zip') : COMPLETE),
};

const showError = (name: Field, message: string): void => {
  const input = inputs[name];
  byId(`${name}-error`, HTMLElement).textContent = message || '';
  input.setAttribute('aria-invalid', message ? 'true' : 'false');
};

// While typing: show what is wrong for sure, clear what has been fixed.
const refreshError = (name: Field): Check => {
  const result = check(name);
  if (result.state === 'invalid') showError(name, result.message);
  else if (result.state === 'complete' || inputs[name].getAttribute('aria-invalid') === 'true') showError(name, '');
  return result;
};

// On submit: every field shows its problem; the first one is the answer (and gets focus).
const validateAll = (): ValidationError | null => {
  let first: { name: Field; result: Problem } | null = null;
  for (const name of ORDER) {
    const result = check(name);
    showError(name, result.state === 'complete' ? '' : result.message);
    if (result.state !== 'complete' && first === null) first = { name, result };
  }
  if (first === null) return null;
  inputs[first.name].focus();
  return { type: 'validation_error', code: first.result.code, message: first.result.message };
};

const summary = (): ChangeSummary => {
  let complete = true;
  let empty = true;
  for (const name of ORDER) {
    const state = check(name).state;
    if (state !== 'complete') complete = false;
    if (state !== 'empty') empty = false;
  }
  // Like Stripe's payment element: never anything about the card itself.
  return { elementType: 'payment', complete, empty, collapsed: false, value: { type: 'card' } };
};

for (const name of ORDER) {
  const input = inputs[name];
  input.addEventListener('input', (event) => {
    const inputType = event instanceof InputEvent ? event.inputType : '';
    const forward = !inputType || inputType.startsWith('insert');
    reformat(name, forward);
    if (name === 'number') {
      brandBadge.textContent = BRAND_NAMES[brandOf(digitsOf(input.value))];
      reformat('cvc', false); // an Amex takes four CVC digits, the others three
    }
    refreshError(name);
    // Focus stays where the shopper put it: a field that fills up does not jump to the next
    // one, so a shopper who presses Tab (as on any form) never skips a field.
    post('change', summary());
  });
  input.addEventListener('blur', () => {
    const result = check(name);
    if (result.state === 'incomplete' || result.state === 'invalid') showError(name, result.message);
  });
}

// focus/blur of the element as a whole, not of each field.
const leavesForm = (event: FocusEvent): boolean => !(event.relatedTarget instanceof Node && form.contains(event.relatedTarget));
form.addEventListener('focusin', (event) => {
  if (leavesForm(event)) post('focus', { elementType: 'payment' });
});
form.addEventListener('focusout', (event) => {
  if (leavesForm(event)) post('blur', { elementType: 'payment' });
});
// Enter in a field must not navigate the frame.
form.addEventListener('submit', (event) => event.preventDefault());

// ---- Tokenization: the card goes to our own origin, only the token goes to the page ---
let busy: Promise<TokenResult> | null = null;
const createToken = (): Promise<TokenResult> => {
  // One request at a time: a double click gives both callers the same answer.
  if (busy) return busy;
  const error = validateAll();
  if (error) return Promise.resolve({ error });
  busy = sendCard().finally(() => {
    busy = null;
  });
  return busy;
};

const cardRequest = () => {
  const expiry = digitsOf(inputs.expiry.value);
  return {
    payment_method_data: {
      card: {
        number: digitsOf(inputs.number.value),
        exp_month: Number(expiry.slice(0, 2)),
        exp_year: 2000 + Number(expiry.slice(2, 4)),
        cvc: digitsOf(inputs.cvc.value),
      },
      billing_details: { address: { postal_code: digitsOf(inputs.zip.value) } },
    },
  };
};

/** The sandbox's confirmation token, in its (Flex's) shape. */
interface FlexConfirmationToken {
  confirmation_token_id: string;
  payment_method_preview: PaymentMethodPreview;
  created_at: string;
  expires_at: string;
}
/** The sandbox's one error shape: `{"detail": [{loc, msg, type}]}`. */
interface ErrorDetail {
  loc: (string | number)[];
  msg: string;
  type: string;
}
/** What `POST /v1/confirmation_tokens` answers: the token, or the error. */
interface TokenAnswer {
  confirmation_token?: FlexConfirmationToken;
  detail?: ErrorDetail[];
}

const sendCard = async (): Promise<TokenResult> => {
  let res: Response;
  try {
    res = await fetch('/v1/confirmation_tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + (publishableKey ?? '') },
      body: JSON.stringify(cardRequest()),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    return { error: { type: 'api_error', message: text.unreachable } };
  }
  // The sandbox's own answer, from our own origin; a body that is not JSON is no answer.
  const body = (await res.json().catch(() => null)) as TokenAnswer | null;
  if (res.ok && body?.confirmation_token) return { confirmationToken: toStripeToken(body.confirmation_token) };
  return { error: toStripeError(res.status, body) };
};

const toUnix = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

// Stripe.js's shape of a confirmation token, from the sandbox's (Flex's) shape.
const toStripeToken = (token: FlexConfirmationToken): StripeConfirmationToken => ({
  id: token.confirmation_token_id,
  object: 'confirmation_token',
  created: toUnix(token.created_at),
  expires_at: toUnix(token.expires_at),
  livemode: false,
  payment_method_preview: token.payment_method_preview,
});

// A card problem found by the server is shown under its field, as Stripe shows it.
type CardField = Exclude<Field, 'zip'>;
const FIELD_OF = new Map<string | number, CardField>([
  ['number', 'number'],
  ['exp_month', 'expiry'],
  ['exp_year', 'expiry'],
  ['cvc', 'cvc'],
]);
const CODE_OF: Record<CardField, string> = { number: 'invalid_number', expiry: 'expired_card', cvc: 'invalid_cvc' };

const toStripeError = (status: number, body: TokenAnswer | null): CardError | ApiError => {
  const detail = body?.detail?.[0];
  if (detail && detail.type === 'card_error') {
    const last = detail.loc[detail.loc.length - 1];
    const field = last === undefined ? undefined : FIELD_OF.get(last);
    if (field) {
      showError(field, detail.msg);
      return { type: 'card_error', code: CODE_OF[field], message: detail.msg };
    }
  }
  const message = detail ? detail.msg : `${text.answered}${status}.`;
  return { type: 'api_error', message };
};

export {};
