import { expect, it } from 'vitest';
import { BROWSER_EXTENSION, EXTENSIONS_HEADER, IDEMPOTENCY_EXTENSION, offersExtension } from '@flex-checkout/protocol';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { useSandbox } from '../../../test/support/sandbox.js';
import { checkoutOnHostedPage, createPrice, createSession } from '../../../test/support/checkout.js';

/**
 * The flex profile: only what Flex's documentation shows (reference/flex-api.md), so a product
 * proven against it works against Flex. The default profile serves the same documented routes
 * and keeps its extensions.
 */
describeEachDatabase('the flex profile', (kind) => {
  const flex = useSandbox(kind, { profile: 'flex' });
  const extended = useSandbox(kind);
  const page = async (path: string, init: RequestInit = {}) => flex.app.request(path, init);

  it("answers errors in Flex's reference shape, and the off-session letter check in its guide's", async () => {
    const missing = await flex.call('GET', '/v1/products/fprod_01ARZ3NDEKTSV4RRFFQ69G5FAV');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: { code: 'not_found', message: "No such product: 'fprod_01ARZ3NDEKTSV4RRFFQ69G5FAV' (id)" } });
    const malformed = await flex.call('POST', '/v1/prices', { body: { price: { unit_amount: 100 } } });
    expect(malformed.status).toBe(422);
    expect(malformed.body).toEqual({ error: { code: 'invalid_request', message: 'Missing required parameter: price.product' } });
    const unauthorized = await flex.call('GET', '/v1/products', { key: 'fsk_test_wrong' });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.body.error.code).toBe('authentication_error');

    const gym = await createPrice(flex.call, { visit_type: 'gym' });
    const first = await checkoutOnHostedPage(page, flex.call, { line_items: [{ price: gym.price_id }], setup_future_use: 'off_session' });
    const card = (await flex.call('GET', `/v1/customers/${first.customer}/payment_methods`)).body.payment_methods[0];
    const skincare = await createPrice(flex.call, { visit_type: 'skincare' });
    const refused = await flex.call('POST', '/v1/checkout/sessions', {
      body: {
        checkout_session: { mode: 'off_session', customer: first.customer, payment_method: card.payment_method_id, line_items: [{ price: skincare.price_id }] },
      },
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual({ detail: [{ loc: ['visit_type'], msg: 'A LoMN is required for this visit type', type: 'invalid_request_error' }] });
  });

  it('pages lists with limit and offset, with no has_more; the default profile adds has_more', async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.unshift((await flex.call('POST', '/v1/products', { body: { product: { name: `Paged ${i}` } } })).body.product.product_id);
    const second = await flex.call('GET', '/v1/products?limit=2&offset=2');
    expect(Object.keys(second.body)).toEqual(['products']);
    expect(second.body.products.map((p: { product_id: string }) => p.product_id)).toEqual(made.slice(2, 4));
    const past = await flex.call('GET', '/v1/products?limit=2&offset=500');
    expect(past.body).toEqual({ products: [] });
    const bad = await flex.call('GET', '/v1/products?offset=-1');
    expect(bad.status).toBe(422);

    await extended.call('POST', '/v1/products', { body: { product: { name: 'One' } } });
    expect((await extended.call('GET', '/v1/products?limit=1&offset=0')).body).toEqual({ products: [expect.any(Object)], has_more: false });
  });

  it('offers no browser extension: no client secret, no browser routes, no header saying otherwise', async () => {
    const gym = await createPrice(flex.call, { visit_type: 'gym' });
    const session = await createSession(flex.call, { line_items: [{ price: gym.price_id }] });
    // Only what Flex documents on a session: no client secret, nothing of the sandbox's own.
    for (const field of ['client_secret', 'currency', 'line_items', 'setup_future_use', 'payment_method', 'consultation', 'discounts']) {
      expect(session).not.toHaveProperty(field);
    }
    expect(session.shipping_options).toBeNull();
    expect(session.redirect_url).toBe(`http://localhost/pay/c/${session.checkout_session_id}`);
    const answer = await flex.call('GET', `/v1/checkout/sessions/${session.checkout_session_id}`);
    expect(answer.headers.get(EXTENSIONS_HEADER)).toBeNull();
    for (const [method, path] of [
      ['GET', `/v1/client/checkout_sessions/${session.checkout_session_id}`],
      ['POST', '/v1/confirmation_tokens'],
      ['GET', '/v1/payment_methods'],
      ['GET', '/v1/consultations'],
      ['GET', '/v1/events'],
      ['GET', '/v1/webhook_endpoints'],
      ['POST', `/v1/checkout/sessions/${session.checkout_session_id}/expire`],
      ['POST', `/v1/products/${gym.product_id}`],
      ['GET', '/sandbox/stripe.js'],
    ] as const) {
      const res = await flex.app.request(path, { method, headers: { authorization: 'Bearer fsk_test_sandbox' } });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    // The default profile: the same session has a client secret, and says it offers the browser API.
    const own = await createSession(extended.call, { line_items: [{ price: (await createPrice(extended.call, { visit_type: 'gym' })).price_id }] });
    expect(own.client_secret).toMatch(/^fcs_\w+_secret_/);
    expect(offersExtension((await extended.call('GET', '/v1/products')).headers, BROWSER_EXTENSION)).toBe(true);
    expect((await extended.call('GET', `/v1/client/checkout_sessions/${own.checkout_session_id}`, { key: own.client_secret })).status).toBe(200);
  });

  it('says nothing of Idempotency-Key, which Flex does not document; the default profile says on every answer that it honours keys', async () => {
    const write = (sandbox: typeof flex, name: string) =>
      sandbox.call('POST', '/v1/products', { body: { product: { name } }, headers: { 'idempotency-key': `said-${name}` } });
    for (const answer of [await write(flex, 'A'), await write(flex, 'A'), await flex.call('GET', '/v1/products/fprod_01ARZ3NDEKTSV4RRFFQ69G5FAV')]) {
      expect(answer.headers.get(EXTENSIONS_HEADER)).toBeNull();
    }
    const created = await write(extended, 'A');
    const replayed = await write(extended, 'A');
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    const missing = await extended.call('GET', '/v1/products/fprod_01ARZ3NDEKTSV4RRFFQ69G5FAV');
    expect(missing.status).toBe(404);
    for (const answer of [created, replayed, missing]) {
      expect(answer.headers.get(EXTENSIONS_HEADER)).toBe(`${BROWSER_EXTENSION}, ${IDEMPOTENCY_EXTENSION}`);
      expect(offersExtension(answer.headers, IDEMPOTENCY_EXTENSION)).toBe(true);
    }
  });

  it("updates with PATCH, cancels a subscription with DELETE, lists a customer's cards and a session's lines where Flex documents them", async () => {
    for (const sandbox of [flex, extended]) {
      const product = (await sandbox.call('POST', '/v1/products', { body: { product: { name: 'Patched' } } })).body.product;
      const patched = await sandbox.call('PATCH', `/v1/products/${product.product_id}`, { body: { product: { description: 'Now with a description' } } });
      expect(patched.body.product.description).toBe('Now with a description');
      const customer = (await sandbox.call('POST', '/v1/customers', { body: { customer: { email: 'patch@example.com' } } })).body.customer;
      expect(
        (await sandbox.call('PATCH', `/v1/customers/${customer.customer_id}`, { body: { customer: { first_name: 'Pat' } } })).body.customer.first_name,
      ).toBe('Pat');
      expect((await sandbox.call('GET', `/v1/customers/${customer.customer_id}/payment_methods`)).body.payment_methods).toEqual([]);
      expect((await sandbox.call('GET', `/v1/customers/${customer.customer_id}/payment_methods/fpm_01ARZ3NDEKTSV4RRFFQ69G5FAV`)).status).toBe(404);

      const plan = await createPrice(
        sandbox.call,
        { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation' },
        { unit_amount: 1900, recurring: { interval: 'monthly' } },
      );
      const done = sandbox === flex ? await checkoutOnHostedPage(page, flex.call, { mode: 'subscription', line_items: [{ price: plan.price_id }] }) : null;
      if (done) {
        const card = (await flex.call('GET', `/v1/customers/${done.customer}/payment_methods/${done.payment_method}`)).body.payment_method;
        expect(card).toMatchObject({ customer: done.customer, off_session: true });
        const lines = (await flex.call('GET', `/v1/checkout/sessions/${done.checkout_session_id}/line_items`)).body.line_items;
        expect(lines).toEqual([
          expect.objectContaining({
            quantity: 1,
            amount_total: 1900,
            eligibility: 'auto_substantiation',
            price: expect.objectContaining({ price_id: plan.price_id }),
          }),
        ]);
        const patchedSub = await flex.call('PATCH', `/v1/subscriptions/${done.subscription}`, { body: { subscription: { cancel_at_period_end: true } } });
        expect(patchedSub.body.subscription.cancel_at_period_end).toBe(true);
        const canceled = await flex.call('DELETE', `/v1/subscriptions/${done.subscription}`);
        expect(canceled.body.subscription.status).toBe('canceled');
      }
    }
  });

  it("registers webhooks at POST /v1/webhooks with Flex's fwhsec_ secret", async () => {
    const created = await flex.call('POST', '/v1/webhooks', {
      body: { webhook: { url: 'https://shop.example/flex/webhooks', events: ['checkout.session.completed'] } },
    });
    expect(created.status).toBe(200);
    expect(created.body.webhook).toMatchObject({
      webhook_id: expect.stringMatching(/^fwe_/),
      url: 'https://shop.example/flex/webhooks',
      events: ['checkout.session.completed'],
      secret: expect.stringMatching(/^fwhsec_[A-Za-z0-9+/]+=*$/),
    });
    const refused = await flex.call('POST', '/v1/webhooks', { body: { webhook: { url: 'not a url', events: [] } } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('invalid_request');
  });
});
