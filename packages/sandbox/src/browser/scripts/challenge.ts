/**
 * The 3-D Secure test challenge's script (`GET /sandbox/challenge`, page in ../challenge.ts).
 *
 * The intent's client secret and the publishable key arrive by postMessage from the
 * Stripe.js stand-in (never in the URL, where logs and referrers would keep them). The page
 * calls `POST /v1/client/next_action/authenticate` on its own origin and reports the intent
 * it gets back to the parent origin that sent 'init', and to nobody else. The messages are
 * described in docs/sandbox-card-frame.md.
 *
 * browserScript (../../browser-script.ts) serves the compiled text inline as a classic
 * script, under a CSP naming its hash (../page.ts). Its top-level names are those of the
 * challenge's own document, which runs nothing else.
 */
'use strict';

/** What the stand-in sends: fields as the embedding page sent them, checked where read. */
interface InitMessage {
  flexSandbox: 'stripe-js';
  type: 'init';
  clientSecret?: unknown;
  publishableKey?: unknown;
  /** In the currency's minor unit, or null. */
  amount?: unknown;
  currency?: unknown;
}

const isInitMessage = (data: unknown): data is InitMessage =>
  typeof data === 'object' && data !== null && 'flexSandbox' in data && data.flexSandbox === 'stripe-js' && 'type' in data && data.type === 'init';

type Outcome = 'complete' | 'fail';

/** The intent as the endpoint answers it; the stand-in turns it into Stripe's shape. */
interface ChallengeIntent {
  object: 'payment_intent' | 'setup_intent';
  id: string;
  status: string;
  last_payment_error?: unknown;
  last_setup_error?: unknown;
}

/** What the challenge sends the stand-in, by type (each posted as `{flexSandbox: 'challenge', type, ...fields}`). */
interface ChallengeMessages {
  result: { result: Outcome; intent: ChallengeIntent };
  error: { error: { type: 'api_error' | 'invalid_request_error'; message: string } };
}

/** What `POST /v1/client/next_action/authenticate` answers: the intent, or the sandbox's one error shape. */
interface AuthenticateAnswer {
  intent?: ChallengeIntent;
  detail?: { loc: (string | number)[]; msg: string; type: string }[];
}

/** A string the page sent, or '' for anything else (the stand-in sends strings). */
const stringOf = (value: unknown): string => (typeof value === 'string' ? value : '');

/** An element of the page's markup (../challenge.ts), which always has it. */
const byId = <T extends HTMLElement>(id: string, type: new () => T): T => {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`The challenge has no #${id}`);
  return element;
};

let parentOrigin: string | null = null; // the origin of the page that sent 'init': the only one we answer
let details: { clientSecret: string; publishableKey: string } | null = null;
let busy = false;
const buttons = { complete: byId('complete', HTMLButtonElement), fail: byId('fail', HTMLButtonElement) };
const amountLine = byId('amount', HTMLElement);
const statusLine = byId('status', HTMLElement);

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const data = event.data;
  if (event.source !== window.parent || !isInitMessage(data)) return;
  // Initialised once, by the parent; an opaque origin ('null') could not be answered.
  if (parentOrigin !== null || event.origin === 'null') return;
  parentOrigin = event.origin;
  details = { clientSecret: stringOf(data.clientSecret), publishableKey: stringOf(data.publishableKey) };
  showAmount(data.amount, data.currency);
  setEnabled(true);
  buttons.complete.focus();
});

const post = <T extends keyof ChallengeMessages>(type: T, payload: ChallengeMessages[T]): void => {
  if (parentOrigin === null) return;
  const message: { flexSandbox: 'challenge'; type: T } & ChallengeMessages[T] = { flexSandbox: 'challenge', type, ...payload };
  window.parent.postMessage(message, parentOrigin);
};

const setEnabled = (enabled: boolean): void => {
  buttons.complete.disabled = !enabled;
  buttons.fail.disabled = !enabled;
};

// Amounts are in the currency's minor unit (cents); Intl knows how many digits each has.
const showAmount = (amount: unknown, currency: unknown): void => {
  if (typeof amount !== 'number' || typeof currency !== 'string') return;
  try {
    const format = new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() });
    const digits = format.resolvedOptions().maximumFractionDigits;
    if (digits === undefined) return; // always set for a currency; without it the amount would be wrong
    amountLine.textContent = 'Amount: ' + format.format(amount / Math.pow(10, digits));
    amountLine.hidden = false;
  } catch {
    // An unknown currency code: show no amount rather than a wrong one.
  }
};

const authenticate = async (result: Outcome): Promise<void> => {
  if (busy || details === null) return;
  busy = true;
  setEnabled(false);
  statusLine.textContent = result === 'complete' ? 'Completing authentication…' : 'Failing authentication…';
  let res: Response;
  try {
    res = await fetch('/v1/client/next_action/authenticate', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + details.publishableKey },
      body: JSON.stringify({ client_secret: details.clientSecret, result }),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    post('error', { error: { type: 'api_error', message: 'The sandbox could not be reached. Check that it is running and try again.' } });
    return;
  }
  // The sandbox's own answer, from our own origin; a body that is not JSON is no answer.
  const body = (await res.json().catch(() => null)) as AuthenticateAnswer | null;
  if (res.ok && body?.intent) {
    post('result', { result, intent: body.intent });
    return;
  }
  const detail = body?.detail?.[0];
  post('error', {
    error: {
      type: res.status >= 500 ? 'api_error' : 'invalid_request_error',
      message: detail ? detail.msg : `The sandbox answered ${res.status}.`,
    },
  });
};

buttons.complete.addEventListener('click', () => void authenticate('complete'));
buttons.fail.addEventListener('click', () => void authenticate('fail'));

export {};
