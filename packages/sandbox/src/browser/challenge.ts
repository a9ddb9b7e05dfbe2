import type { StaticPage } from './page.js';

/**
 * The 3-D Secure test challenge (`GET /sandbox/challenge`), shown by the Stripe.js
 * stand-in's `handleNextAction` in a modal overlay, like Stripe's own test page: the
 * shopper plays the bank and completes or fails the authentication.
 *
 * The intent's client secret and the publishable key arrive by postMessage from the
 * stand-in (never in the URL, where logs and referrers would keep them). The page calls
 * `POST /v1/client/next_action/authenticate` on its own origin and reports the intent it
 * gets back to the parent origin that sent 'init', and to nobody else.
 *
 * Kept in `String.raw`: no backtick and no dollar-brace in the browser code.
 */

const style = String.raw`
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; background: #ffffff; }
body {
  display: flex; flex-direction: column; justify-content: center;
  padding: 24px 28px; color: #30313d;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
.badge {
  display: inline-block; margin: 0 0 12px; padding: 2px 8px; border-radius: 4px;
  background: #fff4e5; color: #9c4d00; font-size: 12px; font-weight: 600; letter-spacing: 0.03em; text-transform: uppercase;
}
h1 { margin: 0 0 8px; font-size: 20px; }
p { margin: 0 0 12px; color: #54566b; }
#amount { color: #30313d; font-weight: 600; }
.buttons { display: flex; flex-direction: column; gap: 10px; margin-top: 8px; }
button {
  padding: 10px 14px; border-radius: 6px; border: 1px solid transparent;
  font: inherit; font-weight: 600; cursor: pointer;
}
button:focus-visible { outline: 3px solid rgba(5, 112, 222, 0.4); outline-offset: 2px; }
button:disabled { opacity: 0.55; cursor: default; }
#complete { background: #0570de; color: #ffffff; }
#fail { background: #ffffff; color: #df1b41; border-color: #df1b41; }
#status { min-height: 1.45em; margin: 12px 0 0; font-size: 14px; }
`;

const body = String.raw`
<main>
  <p class="badge">Test mode</p>
  <h1>3D Secure 2 Test Page</h1>
  <p>This is the sandbox standing in for the card's bank. No bank is contacted and no money moves.</p>
  <p id="amount" hidden></p>
  <div class="buttons">
    <button type="button" id="complete" disabled>Complete authentication</button>
    <button type="button" id="fail" disabled>Fail authentication</button>
  </div>
  <p id="status" role="status"></p>
</main>`;

const script = String.raw`
(function () {
  'use strict';

  var parentOrigin = null; // the origin of the page that sent 'init': the only one we answer
  var details = null;      // { clientSecret, publishableKey }
  var busy = false;
  var buttons = { complete: document.getElementById('complete'), fail: document.getElementById('fail') };
  var amountLine = document.getElementById('amount');
  var statusLine = document.getElementById('status');

  window.addEventListener('message', function (event) {
    var data = event.data;
    if (event.source !== window.parent || !data || data.flexSandbox !== 'stripe-js' || data.type !== 'init') return;
    // Initialised once, by the parent; an opaque origin ('null') could not be answered.
    if (parentOrigin !== null || event.origin === 'null') return;
    parentOrigin = event.origin;
    details = { clientSecret: String(data.clientSecret || ''), publishableKey: String(data.publishableKey || '') };
    showAmount(data.amount, data.currency);
    setEnabled(true);
    buttons.complete.focus();
  });

  function post(type, payload) {
    window.parent.postMessage(Object.assign({ flexSandbox: 'challenge', type: type }, payload), parentOrigin);
  }

  function setEnabled(enabled) {
    buttons.complete.disabled = !enabled;
    buttons.fail.disabled = !enabled;
  }

  // Amounts are in the currency's minor unit (cents); Intl knows how many digits each has.
  function showAmount(amount, currency) {
    if (typeof amount !== 'number' || typeof currency !== 'string') return;
    try {
      var format = new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() });
      var digits = format.resolvedOptions().maximumFractionDigits;
      amountLine.textContent = 'Amount: ' + format.format(amount / Math.pow(10, digits));
      amountLine.hidden = false;
    } catch (error) {
      // An unknown currency code: show no amount rather than a wrong one.
    }
  }

  function authenticate(result) {
    if (busy || details === null) return;
    busy = true;
    setEnabled(false);
    statusLine.textContent = result === 'complete' ? 'Completing authentication…' : 'Failing authentication…';
    fetch('/v1/client/next_action/authenticate', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + details.publishableKey },
      body: JSON.stringify({ client_secret: details.clientSecret, result: result }),
      credentials: 'omit',
      cache: 'no-store',
    }).then(function (res) {
      return res.json().catch(function () { return null; }).then(function (body) {
        if (res.ok && body && body.intent) return post('result', { result: result, intent: body.intent });
        var detail = body && body.detail && body.detail[0];
        post('error', {
          error: {
            type: res.status >= 500 ? 'api_error' : 'invalid_request_error',
            message: detail ? detail.msg : 'The sandbox answered ' + res.status + '.',
          },
        });
      });
    }, function () {
      post('error', { error: { type: 'api_error', message: 'The sandbox could not be reached. Check that it is running and try again.' } });
    });
  }

  buttons.complete.addEventListener('click', function () { authenticate('complete'); });
  buttons.fail.addEventListener('click', function () { authenticate('fail'); });
})();
`;

export const challengePage: StaticPage = { title: '3D Secure 2 Test Page', style, body, script };
