import { expect } from 'vitest';
import { DEFAULT_PUBLISHABLE_KEY } from '@flex-checkout/sandbox';
import { sampleAnswers } from '../../packages/sandbox/src/consultations/samples.js';
import type { ApiAnswer, Call } from './sandbox.js';

/** Test cards, as a shopper types them. */
export const CARDS = {
  visa: '4242424242424242',
  insufficientFunds: '4000000000009995',
  genericDecline: '4000000000000002',
  threeDSecure: '4000002500003155',
} as const;

function must<T = any>(answer: ApiAnswer<T>, what: string): T {
  expect(answer.status, `${what}: ${JSON.stringify(answer.body)}`).toBe(200);
  return answer.body;
}

/** A product and its price in one call. */
export async function createPrice(
  call: Call,
  product: { visit_type?: string | null; hsa_fsa_eligibility?: string; name?: string },
  price: { unit_amount?: number; recurring?: Record<string, unknown> } = {},
): Promise<{ product_id: string; price_id: string }> {
  const p = must(
    await call('POST', '/v1/products', {
      body: { product: { name: product.name ?? `Product ${product.visit_type ?? ''}`, hsa_fsa_eligibility: 'letter_of_medical_necessity', ...product } },
    }),
    'create product',
  ).product;
  const pr = must(await call('POST', '/v1/prices', { body: { price: { product: p.product_id, unit_amount: 4999, ...price } } }), 'create price').price;
  return { product_id: p.product_id, price_id: pr.price_id };
}

export async function createSession(call: Call, body: Record<string, unknown>): Promise<any> {
  return must(await call('POST', '/v1/checkout/sessions', { body: { checkout_session: body } }), 'create session').checkout_session;
}

/** What the card frame does with a typed card: a confirmation token, by the publishable key. */
export async function tokenFor(call: Call, number: string): Promise<string> {
  const answer = await call('POST', '/v1/confirmation_tokens', {
    key: DEFAULT_PUBLISHABLE_KEY,
    body: {
      payment_method_data: {
        card: { number, exp_month: 12, exp_year: 2034, cvc: number.startsWith('3') ? '1234' : '123' },
        billing_details: { address: { postal_code: '10001' } },
      },
    },
  });
  return must(answer, 'tokenize').confirmation_token.confirmation_token_id;
}

/** The browser side of one session: every call carries its client secret. */
export function browserOf(call: Call, session: { checkout_session_id: string; client_secret: string }) {
  const base = `/v1/client/checkout_sessions/${session.checkout_session_id}`;
  const as = { key: session.client_secret };
  return {
    view: () => call('GET', base, as),
    questionnaire: () => call('GET', `${base}/questionnaire`, as),
    consult: (answers: unknown) => call('POST', `${base}/consultation`, { ...as, body: { answers } }),
    answer: (outcome: 'approved' | 'denied' | 'pending', visitType: string, today: Date) =>
      call('POST', `${base}/consultation`, { ...as, body: { answers: sampleAnswers(visitType as never, outcome, today) } }),
    details: (details: Record<string, unknown>) => call('POST', `${base}/customer_details`, { ...as, body: details }),
    shipping: (address: Record<string, unknown>) => call('POST', `${base}/shipping_details`, { ...as, body: address }),
    confirm: (token: string, idempotencyKey?: string) =>
      call('POST', `${base}/confirm`, {
        ...as,
        body: { confirmation_token: token },
        ...(idempotencyKey ? { headers: { 'idempotency-key': idempotencyKey } } : {}),
      }),
  };
}

/** Completes the 3-D Secure test challenge as the challenge page does. */
export function authenticate(call: Call, clientSecret: string, result: 'complete' | 'fail') {
  return call('POST', '/v1/client/next_action/authenticate', {
    key: DEFAULT_PUBLISHABLE_KEY,
    body: { client_secret: clientSecret, result },
  });
}

/** The sandbox's current time (its clock can be ahead of the wall clock). */
export async function sandboxToday(call: Call): Promise<Date> {
  const answer = must(await call('GET', '/v1/test_helpers/clock'), 'read clock');
  return new Date(answer.test_clock.now * 1000);
}

/**
 * A whole on-session checkout: consultation approved (when needed), details, card. Returns
 * the completed session as the secret-key API shows it.
 */
export async function checkoutOnSession(
  call: Call,
  body: Record<string, unknown>,
  { card = CARDS.visa, email = 'shopper@example.com' }: { card?: string; email?: string } = {},
): Promise<any> {
  const session = await createSession(call, body);
  const browser = browserOf(call, session);
  const view = must(await browser.view(), 'view').checkout_session;
  if (view.consultation_required) {
    const decision = must(await browser.answer('approved', view.visit_type, await sandboxToday(call)), 'consultation');
    expect(decision.consultation.status).toBe('approved');
  }
  must(await browser.details({ email, first_name: 'Sam', last_name: 'Shopper' }), 'details');
  const confirmed = must(await browser.confirm(await tokenFor(call, card)), 'confirm');
  expect(confirmed.status).toBe('complete');
  return must(await call('GET', `/v1/checkout/sessions/${session.checkout_session_id}`), 'read session').checkout_session;
}

/** A plain HTTP request to the sandbox's pages (not its JSON API): a form post, a page load. */
export type PageFetch = (path: string, init?: RequestInit) => Promise<Response>;

/**
 * The hosted page's forms, posted as a browser posts them: the consultation (answers the
 * sandbox approves), then contact details and the card on one form, then 3-D Secure when the
 * card asks for it. What Flex's hosted checkout is to a shopper, without the browser.
 */
export async function payOnHostedPage(
  page: PageFetch,
  call: Call,
  session: { checkout_session_id: string; visit_type?: string | null; letter_of_medical_necessity_required?: boolean },
  { card = CARDS.visa, email = 'shopper@example.com', authenticate = 'complete' }: { card?: string; email?: string; authenticate?: 'complete' | 'fail' } = {},
): Promise<Response> {
  const base = `/pay/c/${session.checkout_session_id}`;
  const post = (path: string, fields: [string, string][]) =>
    page(path, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  const shown = await page(base, { redirect: 'manual' });
  if ((await shown.text()).includes(`action="${base}/consultation"`)) {
    const answers = sampleAnswers(session.visit_type as never, 'approved', await sandboxToday(call));
    const fields: [string, string][] = [];
    for (const [id, value] of Object.entries(answers)) {
      for (const v of Array.isArray(value) ? value : [value]) fields.push([`q:${id}`, typeof v === 'boolean' ? (v ? 'yes' : 'no') : v]);
    }
    const decided = await post(`${base}/consultation`, fields);
    expect(decided.status, await decided.clone().text()).toBe(303);
  }
  const paid = await post(`${base}/pay`, [
    ['email', email],
    ['first_name', 'Sam'],
    ['last_name', 'Shopper'],
    ['number', card],
    ['expiry', '12 / 34'],
    ['cvc', '123'],
    ['postal_code', '10001'],
    // The shipping address, which the page reads only when the session collects one.
    ['ship_line1', '1 Main St'],
    ['ship_city', 'Springfield'],
    ['ship_state', 'NY'],
    ['ship_postal_code', '10001'],
  ]);
  if (paid.status === 303 && paid.headers.get('location')?.endsWith('/authenticate')) {
    return post(`${base}/authenticate`, [['result', authenticate]]);
  }
  return paid;
}

/** `checkoutOnSession` on the hosted page: the completed session as the secret-key API shows it. */
export async function checkoutOnHostedPage(
  page: PageFetch,
  call: Call,
  body: Record<string, unknown>,
  options: { card?: string; email?: string } = {},
): Promise<any> {
  const session = await createSession(call, body);
  const paid = await payOnHostedPage(page, call, session, options);
  expect(paid.status, await paid.clone().text()).toBe(303);
  const done = must(await call('GET', `/v1/checkout/sessions/${session.checkout_session_id}`), 'read session').checkout_session;
  expect(done.status).toBe('complete');
  // Flex's session names no payment method (the flex profile leaves the sandbox's out): the
  // card is found as Flex documents it, on the payment intent, else among the customer's cards.
  if (done.payment_method === undefined && done.customer) {
    const intent = done.payment_intent ? must(await call('GET', `/v1/payment_intents/${done.payment_intent}`), 'read intent').payment_intent : null;
    const cards = must(await call('GET', `/v1/customers/${done.customer}/payment_methods`), 'list cards').payment_methods as { payment_method_id: string }[];
    done.payment_method = intent?.payment_method ?? cards[0]?.payment_method_id ?? null;
  }
  return done;
}
