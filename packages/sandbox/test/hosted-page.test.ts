import { expect, it } from 'vitest';
import { questionnaireFor } from '../src/consultations/questionnaires.js';
import { sampleAnswers } from '../src/consultations/samples.js';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { useSandbox } from '../../../test/support/sandbox.js';
import { CARDS, createPrice, createSession, payOnHostedPage, sandboxToday } from '../../../test/support/checkout.js';

/**
 * The sandbox's hosted checkout (`/pay/c/{id}`, a session's `redirect_url`), as a browser
 * without script uses it: pages and form posts. Chromium runs it in test/e2e/flex-hosted.test.ts.
 */
describeEachDatabase('the hosted checkout page', (kind) => {
  const sandbox = useSandbox(kind, { profile: 'flex', frameAncestors: ['https://shop.example'] });
  const page = async (path: string, init: RequestInit = {}) => sandbox.app.request(`http://sandbox.test${path}`, init);
  const form = (path: string, fields: [string, string][], headers: Record<string, string> = {}) =>
    page(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields).toString() });
  const session = async (extra: Record<string, unknown> = {}) => {
    const price = await createPrice(sandbox.call, { visit_type: 'gym' }, { unit_amount: 12900 });
    return createSession(sandbox.call, {
      line_items: [{ price: price.price_id }],
      success_url: 'https://shop.example/thanks/{CHECKOUT_SESSION_ID}',
      cancel_url: 'https://shop.example/cart',
      ...extra,
    });
  };
  const answersAsForm = async (outcome: 'approved' | 'denied' | 'pending') => {
    const fields: [string, string][] = [];
    for (const [id, value] of Object.entries(sampleAnswers('gym', outcome, await sandboxToday(sandbox.call)))) {
      for (const v of Array.isArray(value) ? value : [value]) fields.push([`q:${id}`, typeof v === 'boolean' ? (v ? 'yes' : 'no') : v]);
    }
    return fields;
  };

  it('shows the consultation first, framable by the merchant, under a CSP that names its own style and script', async () => {
    const s = await session();
    const res = await page(`/pay/c/${s.checkout_session_id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const question of questionnaireFor('gym').questions) expect(html).toContain(question.label);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain('frame-ancestors https://shop.example');
    expect(csp).toMatch(/style-src 'sha256-[^']+'/);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("form-action 'self' https://shop.example");
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('no-store');
    // Its one script is served from its own origin.
    const script = await page('/pay/assets/hosted-page.js');
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await script.text()).toContain('flex-sandbox:resize');
  });

  it('refuses missing answers at their questions, keeping what was given; then approves and asks for contact and card', async () => {
    const s = await session();
    const refused = await form(`/pay/c/${s.checkout_session_id}/consultation`, [['q:conditions', 'lower_back_pain']]);
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('Please fix the following:');
    expect(html).toMatch(/<input id="q0-0" type="checkbox" name="q:conditions" value="lower_back_pain"\s+checked>/);

    const decided = await form(`/pay/c/${s.checkout_session_id}/consultation`, await answersAsForm('approved'));
    expect(decided.status).toBe(303);
    const next = await (await page(`/pay/c/${s.checkout_session_id}`)).text();
    expect(next).toContain('Your letter of medical necessity for fitness is valid until');
    expect(next).toContain('name="number"');
    expect(next).toContain('Pay $129.00');
  });

  it('a denied consultation ends with the way back to the store, charging nothing', async () => {
    const s = await session();
    expect((await form(`/pay/c/${s.checkout_session_id}/consultation`, await answersAsForm('denied'))).status).toBe(303);
    const html = await (await page(`/pay/c/${s.checkout_session_id}`)).text();
    expect(html).toContain('We could not issue a letter');
    expect(html).toContain('href="https://shop.example/cart"');
    expect(html).not.toContain('name="number"');
  });

  it('explains a decline without repeating the card, records the attempt, and pays with the next card', async () => {
    const s = await session();
    const declined = await payOnHostedPage(page, sandbox.call, s, { card: CARDS.insufficientFunds });
    expect(declined.status).toBe(402);
    const html = await declined.text();
    expect(html).toContain('Your card has insufficient funds.');
    expect(html).not.toContain(CARDS.insufficientFunds);
    expect(html).toContain('value="shopper@example.com"'); // contact kept, card not
    const intents = (await sandbox.call('GET', `/v1/payment_intents?checkout_session=${s.checkout_session_id}`)).body.payment_intents;
    expect(intents[0].last_payment_error).toMatchObject({ decline_code: 'insufficient_funds' });

    const paid = await payOnHostedPage(page, sandbox.call, s, { card: CARDS.visa });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(`https://shop.example/thanks/${s.checkout_session_id}`);
    expect((await sandbox.call('GET', `/v1/checkout/sessions/${s.checkout_session_id}`)).body.checkout_session.status).toBe('complete');
    // A finished session sends the shopper on, whoever opens it again.
    const again = await page(`/pay/c/${s.checkout_session_id}`);
    expect(again.status).toBe(303);
  });

  it('runs 3-D Secure as a step: a failed challenge returns to the card with the reason; a completed one pays', async () => {
    const s = await session();
    const failed = await payOnHostedPage(page, sandbox.call, s, { card: CARDS.threeDSecure, authenticate: 'fail' });
    expect(failed.status).toBe(303);
    expect(failed.headers.get('location')).toBe(`/pay/c/${s.checkout_session_id}?notice=authentication_failed`);
    expect(await (await page(failed.headers.get('location')!)).text()).toContain('We are unable to authenticate your payment method.');
    const done = await payOnHostedPage(page, sandbox.call, s, { card: CARDS.threeDSecure, authenticate: 'complete' });
    expect(done.headers.get('location')).toBe(`https://shop.example/thanks/${s.checkout_session_id}`);
  });

  it('refuses a malformed card at its field, and a form over 64 KB', async () => {
    const s = await session({
      line_items: [{ price: (await createPrice(sandbox.call, { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation' })).price_id }],
    });
    const bad = await form(`/pay/c/${s.checkout_session_id}/pay`, [
      ['email', 'not-an-email'],
      ['first_name', 'Sam'],
      ['last_name', ''],
      ['number', '4242 4242 4242 4241'],
      ['expiry', '13/30'],
      ['cvc', '12'],
    ]);
    expect(bad.status).toBe(422);
    const html = await bad.text();
    for (const message of ['Enter a valid email address.', 'Fill in this field.', 'Enter the expiry as MM / YY.', 'security code is invalid.'])
      expect(html).toContain(message);
    expect(html).not.toContain('4242 4242 4242 4241');
    const huge = await form(`/pay/c/${s.checkout_session_id}/pay`, [['email', 'x'.repeat(70 * 1024)]]);
    expect(huge.status).toBe(413);
  });

  it('speaks Spanish to a Spanish browser, and says so when a session is unknown or expired', async () => {
    const s = await session();
    const es = await (await page(`/pay/c/${s.checkout_session_id}`, { headers: { 'accept-language': 'es-MX,es;q=0.9' } })).text();
    expect(es).toContain('<html lang="es">');
    expect(es).toContain(questionnaireFor('gym', 'es').questions[0]!.label);
    expect(es).toContain('Continuar');

    const unknown = await page('/pay/c/fcs_01ARZ3NDEKTSV4RRFFQ69G5FAV');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('Checkout not found');

    await sandbox.call('POST', '/v1/test_helpers/advance_time', { body: { seconds: 2 * 60 * 60 } });
    const expired = await (await page(`/pay/c/${s.checkout_session_id}`)).text();
    expect(expired).toContain('This checkout has expired');
    expect(expired).toContain('href="https://shop.example/cart"');
  });
});
