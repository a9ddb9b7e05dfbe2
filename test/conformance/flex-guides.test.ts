import { expect, it } from 'vitest';
import { checkoutOnSession } from '../support/checkout.js';
import { describeEachDatabase } from '../support/databases.js';
import { useHttpSandbox } from '../support/sandbox.js';
import * as guide from './flex-guides.js';

/** Every field the guide shows is in the answer; values match except run-specific ones. */
function expectGuideFields(actual: Record<string, unknown>, shown: Record<string, unknown>) {
  for (const [field, value] of Object.entries(shown)) {
    expect(actual, `answer has "${field}"`).toHaveProperty(field);
    if (guide.RUN_SPECIFIC.has(field)) continue;
    if (value && typeof value === 'object') {
      expect(actual[field], field).toMatchObject(value);
    } else {
      expect(actual[field], field).toEqual(value);
    }
  }
}

const ULID = '[0-9A-HJKMNP-TV-Z]{26}';

describeEachDatabase('Flex subscription guide, replayed over HTTP', (kind) => {
  const sandbox = useHttpSandbox(kind);
  const raw = (path: string, body: string) => sandbox.call('POST', path, { body, headers: { 'content-type': 'application/json' } });

  it('creates the product, the monthly price and the subscription session as the guide shows', async () => {
    const product = await raw('/v1/products', guide.CREATE_PRODUCT);
    expect(product.status).toBe(200);
    expectGuideFields(product.body.product, guide.PRODUCT_ANSWER);
    expect(product.body.product.product_id).toMatch(new RegExp(`^fprod_${ULID}$`));
    expect(Date.parse(product.body.product.created_at)).not.toBeNaN();
    const productId = product.body.product.product_id as string;

    const price = await raw('/v1/prices', guide.CREATE_PRICE.replace(guide.PRODUCT_ANSWER.product_id, productId));
    expect(price.status).toBe(200);
    expectGuideFields(price.body.price, guide.PRICE_ANSWER);
    expect(price.body.price).toMatchObject({ product: productId, currency: 'usd', recurring: { interval_count: 1 } });
    expect(price.body.price.price_id).toMatch(new RegExp(`^fprice_${ULID}$`));
    const priceId = price.body.price.price_id as string;

    const session = await raw('/v1/checkout/sessions', guide.CREATE_SUBSCRIPTION_SESSION.replace(guide.PRICE_ANSWER.price_id, priceId));
    expect(session.status).toBe(200);
    const s = session.body.checkout_session;
    expectGuideFields(s, guide.SESSION_ANSWER);
    expect(s.checkout_session_id).toMatch(new RegExp(`^fcs_${ULID}$`));
    expect(s.expires_at - s.created_at).toBe(3600);
    expect(s.client_secret).toMatch(new RegExp(`^${s.checkout_session_id}_secret_`));

    const again = await sandbox.call('GET', `/v1/checkout/sessions/${s.checkout_session_id}`);
    expect(again.status).toBe(200);
    expect(again.body.checkout_session).toEqual(s);
  });

  it("creates the off-session guide's on-session checkout (setup_future_use)", async () => {
    const product = await raw('/v1/products', guide.CREATE_PRODUCT);
    const price = await sandbox.call('POST', '/v1/prices', {
      body: { price: { product: product.body.product.product_id, unit_amount: 12900 } },
    });
    const session = await raw('/v1/checkout/sessions', guide.CREATE_ON_SESSION_CHECKOUT.replace('<PRICE_ID>', price.body.price.price_id));
    expect(session.status).toBe(200);
    expect(session.body.checkout_session).toMatchObject({
      mode: 'payment',
      setup_future_use: 'off_session',
      status: 'open',
      amount_total: 12900,
      letter_of_medical_necessity_required: true,
      visit_type: 'gym',
      success_url: 'https://example.com/success',
      cancel_url: 'https://example.com/cancel',
    });
  });

  it('replays the off-session guide: on-session checkout, then the off-session session and the LoMN answer', async () => {
    const gym = (await raw('/v1/products', guide.CREATE_PRODUCT)).body.product.product_id;
    const skincare = (await raw('/v1/products', guide.CREATE_PRODUCT.replace('"visit_type": "gym"', '"visit_type": "skincare"'))).body.product.product_id;
    const priceOf = async (product: string) =>
      (await sandbox.call('POST', '/v1/prices', { body: { price: { product, unit_amount: 12900 } } })).body.price.price_id;
    const gymPrice = await priceOf(gym);

    // Step 1, on session: the guide's request, then the shopper's consultation and card.
    const first = await checkoutOnSession(sandbox.call, JSON.parse(guide.CREATE_ON_SESSION_CHECKOUT.replace('<PRICE_ID>', gymPrice)).checkout_session);
    expect(first.customer).toMatch(new RegExp(`^fcus_${ULID}$`));

    // "Getting payment_method ID": the list shows the card verified for off-session use.
    const methods = await sandbox.call('GET', `/v1/payment_methods?customer=${first.customer}`);
    const method = methods.body.payment_methods[0];
    expect(Object.keys(method)).toEqual(
      expect.arrayContaining(['payment_method_id', 'billing_details', 'customer', 'metadata', 'card', 'created_at', 'test_mode', 'off_session']),
    );
    expect(method).toMatchObject({ customer: first.customer, metadata: null, test_mode: true, off_session: true });

    // Step 2, off session: the guide's request byte for byte, with this run's IDs.
    const offSession = (price: string) =>
      raw(
        '/v1/checkout/sessions',
        guide.CREATE_OFF_SESSION_CHECKOUT.replace('<PRICE_ID>', price)
          .replace('<CUSTOMER_ID>', first.customer)
          .replace('<PAYMENT_METHOD_ID>', method.payment_method_id),
      );
    const paid = await offSession(gymPrice);
    expect(paid.status).toBe(200);
    expect(paid.body.checkout_session).toMatchObject({
      status: 'complete',
      // Flex's newer pages: the payment intent as an ID, with what it received on the session.
      payment_intent: expect.stringMatching(/^fpi_/),
      amount_received: 12900,
      letter_of_medical_necessity_required: true,
      visit_type: 'gym',
    });

    const refused = await offSession(await priceOf(skincare));
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual(guide.LETTER_REQUIRED);
  });
});
