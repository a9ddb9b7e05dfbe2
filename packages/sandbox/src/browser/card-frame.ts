import type { StaticPage } from './page.js';

/**
 * The card frame (`GET /sandbox/card-frame`): the only page a card number is ever typed
 * into. It is served from the sandbox's origin and embedded by the Stripe.js stand-in
 * (stripe-js.ts), so the host page can neither read its inputs nor see the number: the
 * frame sends the card straight to `POST /v1/confirmation_tokens` on its own origin and
 * hands the page only the token's ID and preview (brand, last four, expiry, ZIP).
 *
 * The messages it exchanges with the stand-in are described in docs/sandbox-card-frame.md.
 * Everything here is static (no value from a request is put into the page), so the page
 * is served with a hash-based Content-Security-Policy (see page.ts).
 *
 * The browser code is kept in `String.raw` so its regular expressions keep their
 * backslashes; it must contain no backtick and no dollar-brace.
 */

const style = String.raw`
:root {
  /* Set from appearance.theme and appearance.variables by the script. */
  --color-primary: #0570de;
  --color-background: #ffffff;
  --color-text: #30313d;
  --color-text-secondary: #6d6e78;
  --color-danger: #df1b41;
  --color-border: #e6e6e6;
  --font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  --border-radius: 5px;
  --spacing-unit: 2px;
}
* { box-sizing: border-box; }
html, body { margin: 0; background: transparent; }
/* Room around the fields so the focus ring is not clipped by the frame's edge. */
body { padding: 3px; font-family: var(--font-family); font-size: 15px; line-height: 1.3; color: var(--color-text); }
form { display: grid; gap: calc(var(--spacing-unit) * 6); margin: 0; }
.row { display: grid; grid-template-columns: 1fr 1fr; gap: calc(var(--spacing-unit) * 6); }
label { display: block; margin-bottom: calc(var(--spacing-unit) * 2); font-size: 14px; color: var(--color-text); }
.control { position: relative; }
input {
  display: block; width: 100%; margin: 0;
  padding: calc(var(--spacing-unit) * 6) calc(var(--spacing-unit) * 6);
  font: inherit; color: var(--color-text); background: var(--color-background);
  border: 1px solid var(--color-border); border-radius: var(--border-radius);
  box-shadow: 0 1px 1px rgba(0, 0, 0, 0.03), 0 3px 6px rgba(0, 0, 0, 0.02);
  outline: none; transition: border-color 0.15s, box-shadow 0.15s;
}
input::placeholder { color: var(--color-text-secondary); opacity: 1; }
input:focus {
  border-color: var(--color-primary);
  box-shadow: 0 0 0 3px color-mix(in srgb, var(--color-primary) 25%, transparent);
}
input[aria-invalid="true"] { border-color: var(--color-danger); color: var(--color-danger); }
input[aria-invalid="true"]:focus { box-shadow: 0 0 0 3px color-mix(in srgb, var(--color-danger) 25%, transparent); }
#number { padding-right: 64px; }
.brand {
  position: absolute; right: calc(var(--spacing-unit) * 6); top: 50%; transform: translateY(-50%);
  font-size: 11px; font-weight: 700; letter-spacing: 0.04em; text-transform: uppercase;
  color: var(--color-text-secondary); pointer-events: none;
}
.error { margin: calc(var(--spacing-unit) * 2) 0 0; font-size: 13px; color: var(--color-danger); }
.error:empty { display: none; }
`;

const body = String.raw`
<form id="card" novalidate>
  <div class="field">
    <label for="number" id="number-label">Card number</label>
    <div class="control">
      <input id="number" name="cardnumber" type="text" inputmode="numeric" autocomplete="cc-number"
        placeholder="1234 1234 1234 1234" spellcheck="false" aria-invalid="false" aria-describedby="number-error">
      <span id="brand" class="brand" aria-hidden="true"></span>
    </div>
    <p id="number-error" class="error" aria-live="polite"></p>
  </div>
  <div class="row">
    <div class="field">
      <label for="expiry" id="expiry-label">Expiration date</label>
      <input id="expiry" name="exp-date" type="text" inputmode="numeric" autocomplete="cc-exp"
        placeholder="MM / YY" spellcheck="false" aria-invalid="false" aria-describedby="expiry-error">
      <p id="expiry-error" class="error" aria-live="polite"></p>
    </div>
    <div class="field">
      <label for="cvc" id="cvc-label">Security code</label>
      <input id="cvc" name="cvc" type="text" inputmode="numeric" autocomplete="cc-csc"
        placeholder="CVC" spellcheck="false" aria-invalid="false" aria-describedby="cvc-error">
      <p id="cvc-error" class="error" aria-live="polite"></p>
    </div>
  </div>
  <div class="field">
    <label for="zip" id="zip-label">ZIP code</label>
    <input id="zip" name="postal" type="text" inputmode="numeric" autocomplete="postal-code"
      placeholder="12345" spellcheck="false" aria-invalid="false" aria-describedby="zip-error">
    <p id="zip-error" class="error" aria-live="polite"></p>
  </div>
</form>`;

const script = String.raw`
(function () {
  'use strict';

  // ---- The channel to the page that embeds us ------------------------------------------
  // The frame answers only its parent, and only at the origin the parent had when it sent
  // 'init'. Until then the frame posts nothing at all, so nothing leaks to whoever embeds it.
  var parentOrigin = null;
  var publishableKey = null;

  function post(type, payload) {
    if (parentOrigin === null) return;
    var message = Object.assign({ flexSandbox: 'card-frame', type: type }, payload || {});
    window.parent.postMessage(message, parentOrigin);
  }

  window.addEventListener('message', function (event) {
    var data = event.data;
    if (event.source !== window.parent || !data || data.flexSandbox !== 'stripe-js') return;
    if (parentOrigin === null) {
      // An opaque origin ('null') cannot be answered by postMessage: stay silent.
      if (data.type !== 'init' || event.origin === 'null') return;
      parentOrigin = event.origin;
    } else if (event.origin !== parentOrigin) {
      return;
    }
    var handler = HANDLERS[data.type];
    if (handler) handler(data);
  });

  var HANDLERS = {
    init: function (data) {
      if (publishableKey !== null) return; // initialised once; a second init changes nothing
      publishableKey = String(data.publishableKey || '');
      applyAppearance(data.appearance);
      applyLocale(data.locale);
      post('ready', { height: contentHeight() });
      watchHeight();
    },
    update: function (data) {
      if (data.appearance) applyAppearance(data.appearance);
      if (data.locale) applyLocale(data.locale);
    },
    submit: function (data) {
      post('submit-result', { requestId: data.requestId, error: validateAll() });
    },
    'create-token': function (data) {
      createToken().then(function (result) {
        post('token-result', Object.assign({ requestId: data.requestId }, result));
      });
    },
  };

  // ---- Appearance ----------------------------------------------------------------------
  var THEMES = {
    stripe: {
      colorPrimary: '#0570de', colorBackground: '#ffffff', colorText: '#30313d',
      colorTextSecondary: '#6d6e78', colorDanger: '#df1b41', colorBorder: '#e6e6e6',
    },
    night: {
      colorPrimary: '#0570de', colorBackground: '#30313d', colorText: '#ffffff',
      colorTextSecondary: '#a3a3b5', colorDanger: '#fe87a1', colorBorder: '#424353',
    },
  };
  var VARIABLES = {
    colorPrimary: '--color-primary', colorBackground: '--color-background', colorText: '--color-text',
    colorTextSecondary: '--color-text-secondary', colorDanger: '--color-danger', colorBorder: '--color-border',
    fontFamily: '--font-family', borderRadius: '--border-radius', spacingUnit: '--spacing-unit',
  };

  // Values go through the CSSOM one property at a time: a value the browser does not
  // accept is ignored, and nothing a page passes can become markup or a new rule.
  function applyAppearance(appearance) {
    appearance = appearance || {};
    var theme = THEMES[appearance.theme] || THEMES.stripe;
    var variables = Object.assign({}, theme, appearance.variables || {});
    var root = document.documentElement.style;
    Object.keys(VARIABLES).forEach(function (name) {
      var value = variables[name];
      if (typeof value === 'string' && value.length <= 200) root.setProperty(VARIABLES[name], value);
      else root.removeProperty(VARIABLES[name]);
    });
  }

  // ---- Language: the labels and messages of the page that embeds us -------------------
  // Stripe's Payment Element follows the locale it is given; so does this frame: English,
  // or Spanish for any 'es' locale. Messages in Spanish use 'usted', as the element does.
  var TEXT = {
    en: {
      number: 'Card number', expiry: 'Expiration date', cvc: 'Security code', zip: 'ZIP code', expiryPlaceholder: 'MM / YY',
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
      number: 'Número de tarjeta', expiry: 'Fecha de vencimiento', cvc: 'Código de seguridad', zip: 'Código postal', expiryPlaceholder: 'MM / AA',
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
  var text = TEXT.en;

  function applyLocale(locale) {
    var spanish = /^es(-|$)/i.test(String(locale || ''));
    text = spanish ? TEXT.es : TEXT.en;
    document.documentElement.lang = spanish ? 'es' : 'en';
    ORDER.forEach(function (name) { document.getElementById(name + '-label').textContent = text[name]; });
    inputs.expiry.placeholder = text.expiryPlaceholder;
    // A problem already on screen is said again in the new language.
    ORDER.forEach(function (name) {
      if (inputs[name].getAttribute('aria-invalid') !== 'true') return;
      var result = check(name);
      if (result.state !== 'complete') showError(name, result.message);
    });
  }

  // ---- Size: the stand-in sizes the iframe to what we report ---------------------------
  function contentHeight() {
    return Math.ceil(document.body.getBoundingClientRect().height);
  }
  function watchHeight() {
    var last = 0;
    new ResizeObserver(function () {
      var height = contentHeight();
      if (height !== last) post('resize', { height: (last = height) });
    }).observe(document.body);
  }

  // ---- The fields ----------------------------------------------------------------------
  var form = document.getElementById('card');
  var inputs = {
    number: document.getElementById('number'),
    expiry: document.getElementById('expiry'),
    cvc: document.getElementById('cvc'),
    zip: document.getElementById('zip'),
  };
  var brandBadge = document.getElementById('brand');
  var ORDER = ['number', 'expiry', 'cvc', 'zip'];
  var BRAND_NAMES = { visa: 'Visa', mastercard: 'Mastercard', amex: 'Amex', discover: 'Discover' };

  var digitsOf = function (value) { return value.replace(/\D/g, ''); };

  function brandOf(digits) {
    if (/^4/.test(digits)) return 'visa';
    if (/^(5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/.test(digits)) return 'mastercard';
    if (/^3[47]/.test(digits)) return 'amex';
    if (/^(6011|65|64[4-9]|622)/.test(digits)) return 'discover';
    return 'unknown';
  }
  var numberLength = function (brand) { return brand === 'amex' ? 15 : 16; };
  var cvcLength = function () { return brandOf(digitsOf(inputs.number.value)) === 'amex' ? 4 : 3; };

  function luhnValid(digits) {
    var sum = 0;
    for (var i = 0; i < digits.length; i++) {
      var d = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
      sum += d;
    }
    return sum % 10 === 0;
  }

  // Each field's formatter takes its digits and whether the shopper is typing forward
  // (so a separator is added ahead of the caret, but can still be deleted).
  var FORMAT = {
    number: function (digits) {
      var brand = brandOf(digits);
      digits = digits.slice(0, numberLength(brand));
      var groups = brand === 'amex' ? [4, 6, 5] : [4, 4, 4, 4];
      var parts = [];
      for (var i = 0, at = 0; i < groups.length && at < digits.length; at += groups[i], i++) {
        parts.push(digits.slice(at, at + groups[i]));
      }
      return parts.join(' ');
    },
    expiry: function (digits, forward) {
      // A first digit of 2-9 can only be a month of 02-09.
      if (/^[2-9]/.test(digits)) digits = '0' + digits;
      digits = digits.slice(0, 4);
      if (digits.length > 2) return digits.slice(0, 2) + ' / ' + digits.slice(2);
      if (digits.length === 2 && forward) return digits + ' / ';
      return digits;
    },
    cvc: function (digits) { return digits.slice(0, cvcLength()); },
    zip: function (digits) { return digits.slice(0, 5); },
  };

  // Rewrites a field in its format while keeping the caret after the same digit.
  function reformat(name, forward) {
    var input = inputs[name];
    var caret = input.selectionStart == null ? input.value.length : input.selectionStart;
    var atEnd = caret === input.value.length;
    var digitsBeforeCaret = digitsOf(input.value.slice(0, caret)).length;
    var formatted = FORMAT[name](digitsOf(input.value), forward);
    if (formatted === input.value) return;
    input.value = formatted;
    // Typing at the end stays at the end (past a separator just added); elsewhere the caret
    // stays after the same number of digits.
    var position = formatted.length;
    if (!atEnd) {
      position = 0;
      for (var seen = 0; position < formatted.length && seen < digitsBeforeCaret; position++) {
        if (/\d/.test(formatted[position])) seen++;
      }
    }
    if (document.activeElement === input) input.setSelectionRange(position, position);
  }

  // ---- Validation, in Stripe's words ----------------------------------------------------
  // A field is 'empty', 'incomplete' (shown on blur or submit), 'invalid' (shown at once)
  // or 'complete'.
  function check(name) {
    var value = inputs[name].value;
    var digits = digitsOf(value);
    if (digits === '') return { state: 'empty', code: 'incomplete_' + name, message: text.incomplete[name] };
    return CHECKS[name](digits);
  }
  var incomplete = function (name) { return { state: 'incomplete', code: 'incomplete_' + name, message: text.incomplete[name] }; };
  var invalid = function (code, message) { return { state: 'invalid', code: code, message: message }; };
  var COMPLETE = { state: 'complete' };

  var CHECKS = {
    number: function (digits) {
      if (digits.length < numberLength(brandOf(digits))) return incomplete('number');
      return luhnValid(digits) ? COMPLETE : invalid('invalid_number', text.invalidNumber);
    },
    expiry: function (digits) {
      if (digits.length < 4) return incomplete('expiry');
      var month = Number(digits.slice(0, 2));
      var year = 2000 + Number(digits.slice(2, 4));
      var now = new Date();
      if (month < 1 || month > 12) return invalid('invalid_expiry_month', text.invalidExpiry);
      if (year < now.getFullYear() || (year === now.getFullYear() && month < now.getMonth() + 1)) {
        return invalid('invalid_expiry_year_past', text.pastExpiry);
      }
      if (year > now.getFullYear() + 50) return invalid('invalid_expiry_year', text.invalidYear);
      return COMPLETE;
    },
    cvc: function (digits) { return digits.length < cvcLength() ? incomplete('cvc') : COMPLETE; },
    zip: function (digits) { return digits.length < 5 ? incomplete('zip') : COMPLETE; },
  };

  function showError(name, message) {
    var input = inputs[name];
    document.getElementById(name + '-error').textContent = message || '';
    input.setAttribute('aria-invalid', message ? 'true' : 'false');
  }

  // While typing: show what is wrong for sure, clear what has been fixed.
  function refreshError(name) {
    var result = check(name);
    if (result.state === 'invalid') showError(name, result.message);
    else if (result.state === 'complete' || inputs[name].getAttribute('aria-invalid') === 'true') showError(name, '');
    return result;
  }

  // On submit: every field shows its problem; the first one is the answer (and gets focus).
  function validateAll() {
    var first = null;
    ORDER.forEach(function (name) {
      var result = check(name);
      showError(name, result.state === 'complete' ? '' : result.message);
      if (result.state !== 'complete' && first === null) first = { name: name, result: result };
    });
    if (first === null) return null;
    inputs[first.name].focus();
    return { type: 'validation_error', code: first.result.code, message: first.result.message };
  }

  function summary() {
    var complete = true, empty = true;
    ORDER.forEach(function (name) {
      var state = check(name).state;
      if (state !== 'complete') complete = false;
      if (state !== 'empty') empty = false;
    });
    // Like Stripe's payment element: never anything about the card itself.
    return { elementType: 'payment', complete: complete, empty: empty, collapsed: false, value: { type: 'card' } };
  }

  ORDER.forEach(function (name) {
    var input = inputs[name];
    input.addEventListener('input', function (event) {
      var forward = !event.inputType || event.inputType.indexOf('insert') === 0;
      reformat(name, forward);
      if (name === 'number') {
        var brand = brandOf(digitsOf(input.value));
        brandBadge.textContent = BRAND_NAMES[brand] || '';
        reformat('cvc', false); // an Amex takes four CVC digits, the others three
      }
      refreshError(name);
      // Focus stays where the shopper put it: a field that fills up does not jump to the next
      // one, so a shopper who presses Tab (as on any form) never skips a field.
      post('change', summary());
    });
    input.addEventListener('blur', function () {
      var result = check(name);
      if (result.state === 'incomplete' || result.state === 'invalid') showError(name, result.message);
    });
  });

  // focus/blur of the element as a whole, not of each field.
  form.addEventListener('focusin', function (event) {
    if (!form.contains(event.relatedTarget)) post('focus', { elementType: 'payment' });
  });
  form.addEventListener('focusout', function (event) {
    if (!form.contains(event.relatedTarget)) post('blur', { elementType: 'payment' });
  });
  // Enter in a field must not navigate the frame.
  form.addEventListener('submit', function (event) { event.preventDefault(); });

  // ---- Tokenization: the card goes to our own origin, only the token goes to the page ---
  var busy = null;
  function createToken() {
    // One request at a time: a double click gives both callers the same answer.
    if (busy) return busy;
    var error = validateAll();
    if (error) return Promise.resolve({ error: error });
    busy = sendCard().finally(function () { busy = null; });
    return busy;
  }

  function cardRequest() {
    var expiry = digitsOf(inputs.expiry.value);
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
  }

  function sendCard() {
    return fetch('/v1/confirmation_tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + publishableKey },
      body: JSON.stringify(cardRequest()),
      credentials: 'omit',
      cache: 'no-store',
    }).then(function (res) {
      return res.json().catch(function () { return null; }).then(function (body) {
        if (res.ok && body && body.confirmation_token) return { confirmationToken: toStripeToken(body.confirmation_token) };
        return { error: toStripeError(res.status, body) };
      });
    }, function () {
      return { error: { type: 'api_error', message: text.unreachable } };
    });
  }

  var toUnix = function (iso) { return Math.floor(Date.parse(iso) / 1000); };

  // Stripe.js's shape of a confirmation token, from the sandbox's (Flex's) shape.
  function toStripeToken(token) {
    return {
      id: token.confirmation_token_id,
      object: 'confirmation_token',
      created: toUnix(token.created_at),
      expires_at: toUnix(token.expires_at),
      livemode: false,
      payment_method_preview: token.payment_method_preview,
    };
  }

  // A card problem found by the server is shown under its field, as Stripe shows it.
  var FIELD_OF = { number: 'number', exp_month: 'expiry', exp_year: 'expiry', cvc: 'cvc' };
  var CODE_OF = { number: 'invalid_number', expiry: 'expired_card', cvc: 'invalid_cvc' };
  function toStripeError(status, body) {
    var detail = body && body.detail && body.detail[0];
    if (detail && detail.type === 'card_error') {
      var field = FIELD_OF[detail.loc[detail.loc.length - 1]];
      if (field) {
        showError(field, detail.msg);
        return { type: 'card_error', code: CODE_OF[field], message: detail.msg };
      }
    }
    var message = detail ? detail.msg : text.answered + status + '.';
    return { type: 'api_error', message: message };
  }
})();
`;

export const cardFramePage: StaticPage = { title: 'Secure payment input frame', style, body, script };
