import { browserScript } from '../browser-script.js';
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
 * The page's script is TypeScript in scripts/card-frame.ts, so the type-checker and the
 * linter see the code that handles a card number; the package's build compiles it, and
 * browserScript (../browser-script.ts) puts the compiled text inline in the page.
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

export const cardFramePage = (): StaticPage => ({ title: 'Secure payment input frame', style, body, script: browserScript('browser/scripts/card-frame') });
