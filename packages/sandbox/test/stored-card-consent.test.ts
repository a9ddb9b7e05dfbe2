import { createHash } from 'node:crypto';
import { decodeHTML } from 'entities';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { useSandbox } from '../../../test/support/sandbox.js';
import { CARDS, authenticate, createPrice, createSession, sandboxToday, tokenFor } from '../../../test/support/checkout.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Review finding 14 (issue 15): saving a card for merchant-initiated charges needs the
 * shopper's agreement to terms that name the merchant, and the merchant must be able to prove
 * it. The confirm carries the terms shown above the button; the sandbox records them on the
 * saved card's metadata (when, a hash of the exact words, which wording, whom it named). The
 * hosted page shows such terms too, naming the merchant by the session's metadata.merchant_name.
 */
describeEachDatabase('finding 14: the stored-credential terms shown are recorded on the saved card', (kind) => {
  const sandbox = useSandbox(kind);
  let price: string;
  beforeAll(async () => {
    price = (await createPrice(sandbox.call, { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation', name: 'Sunscreen' }, { unit_amount: 2400 }))
      .price_id;
  });

  const consent = {
    text: 'By paying, you allow Juniper Wellness to keep this card and charge it later for purchases you ask for, at the price shown when you order. You can withdraw this at any time by asking Juniper Wellness to remove the card.',
    version: 'element-1',
    merchant_name: 'Juniper Wellness',
    terms_url: 'https://juniper.example/terms',
    locale: 'en',
  };

  /** The browser API's steps, the confirm carrying `body` beside the token. */
  async function confirmWith(session: { checkout_session_id: string; client_secret: string }, card: string, body: Record<string, unknown>) {
    const base = `/v1/client/checkout_sessions/${session.checkout_session_id}`;
    const as = { key: session.client_secret };
    expect(
      (await sandbox.call('POST', `${base}/customer_details`, { ...as, body: { email: 'consent@example.com', first_name: 'Connie', last_name: 'Sent' } }))
        .status,
    ).toBe(200);
    return sandbox.call('POST', `${base}/confirm`, { ...as, body: { confirmation_token: await tokenFor(sandbox.call, card), ...body } });
  }

  async function cardOf(sessionId: string) {
    const done = (await sandbox.call('GET', `/v1/checkout/sessions/${sessionId}`)).body.checkout_session;
    expect(done.status).toBe('complete');
    return (await sandbox.call('GET', `/v1/payment_methods/${done.payment_method}`)).body.payment_method;
  }

  it('a kept card: when the shopper agreed, a SHA-256 of the exact words, the wording, the merchant, its terms and the language', async () => {
    const session = await createSession(sandbox.call, { line_items: [{ price }], setup_future_use: 'off_session' });
    const confirmed = await confirmWith(session, CARDS.visa, { consent });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    const card = await cardOf(session.checkout_session_id);
    expect(card.off_session).toBe(true);
    expect(card.metadata).toEqual({
      consent_shown_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      consent_terms_sha256: sha256(consent.text),
      consent_terms_version: 'element-1',
      consent_merchant_name: 'Juniper Wellness',
      consent_terms_url: 'https://juniper.example/terms',
      consent_locale: 'en',
    });
    // On the sandbox's clock: the moment of the confirm.
    const shown = Date.parse(card.metadata.consent_shown_at);
    expect(Math.abs(shown - (await sandboxToday(sandbox.call)).getTime())).toBeLessThan(60_000);
  });

  it('a card that completes after 3-D Secure has them too', async () => {
    const session = await createSession(sandbox.call, { line_items: [{ price }], setup_future_use: 'off_session' });
    const confirmed = await confirmWith(session, CARDS.threeDSecure, { consent });
    expect(confirmed.body.status).toBe('requires_action');
    expect((await authenticate(sandbox.call, confirmed.body.next_action.client_secret, 'complete')).status).toBe(200);
    expect((await cardOf(session.checkout_session_id)).metadata.consent_terms_sha256).toBe(sha256(consent.text));
  });

  it('a card that is not kept records no consent, even when terms are sent', async () => {
    const session = await createSession(sandbox.call, { line_items: [{ price }] });
    expect((await confirmWith(session, CARDS.visa, { consent })).status).toBe(200);
    const card = await cardOf(session.checkout_session_id);
    expect(card.off_session).toBe(false);
    expect(Object.keys(card.metadata ?? {}).filter((k) => k.startsWith('consent_'))).toEqual([]);
  });

  it("the hosted page shows terms naming the merchant (the session's metadata.merchant_name) before its button, and records what it showed", async () => {
    const session = await createSession(sandbox.call, {
      line_items: [{ price }],
      setup_future_use: 'off_session',
      metadata: { merchant_name: 'Juniper Wellness', terms_url: 'https://juniper.example/terms' },
    });
    const page = await (await sandbox.app.request(`http://sandbox.test/pay/c/${session.checkout_session_id}`)).text();
    const shown =
      /<p class="notice" id="terms">([^<]*) <a href="https:\/\/juniper\.example\/terms" target="_blank" rel="noopener">Read the terms of Juniper Wellness<\/a><\/p>/.exec(
        page,
      );
    expect(shown, page).not.toBeNull();
    const text = decodeHTML(shown![1]!);
    expect(text).toBe(
      'By paying, you allow Juniper Wellness to keep this card and charge it later for purchases you ask for, at the price shown when you order. You can withdraw this at any time by asking Juniper Wellness to remove the card.',
    );
    expect(page.indexOf('id="terms"')).toBeLessThan(page.indexOf('<button class="primary" type="submit">'));

    const paid = await sandbox.app.request(`http://sandbox.test/pay/c/${session.checkout_session_id}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        email: 'hosted@example.com',
        first_name: 'Hal',
        last_name: 'Hosted',
        number: CARDS.visa,
        expiry: '12 / 34',
        cvc: '123',
        postal_code: '10001',
      }).toString(),
    });
    expect(paid.status).toBe(303);
    expect((await cardOf(session.checkout_session_id)).metadata).toMatchObject({
      consent_terms_sha256: sha256(text),
      consent_terms_version: 'sandbox-hosted-1',
      consent_merchant_name: 'Juniper Wellness',
      consent_terms_url: 'https://juniper.example/terms',
      consent_locale: 'en',
    });
  });

  it('without a merchant name the hosted page says "the store", in Spanish "la tienda", and links nothing', async () => {
    const session = await createSession(sandbox.call, { mode: 'setup' });
    const page = await (await sandbox.app.request(`http://sandbox.test/pay/c/${session.checkout_session_id}`, { headers: { 'accept-language': 'es' } })).text();
    expect(page).toContain(
      'Al guardar esta tarjeta, autoriza a la tienda a cobrarle más adelante las compras que usted pida, al precio indicado al hacer el pedido. Puede retirar esta autorización en cualquier momento pidiendo a la tienda que elimine la tarjeta.',
    );
    expect(page).not.toContain('Leer los términos');
  });
});
