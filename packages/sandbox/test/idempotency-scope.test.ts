import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { DEFAULT_PUBLISHABLE_KEY } from '@flex-checkout/sandbox';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { ok } from '../../../test/support/factories.js';
import { useSandbox } from '../../../test/support/sandbox.js';
import { createPrice, createSession } from '../../../test/support/checkout.js';

const CARD = {
  payment_method_data: {
    card: { number: '4242424242424242', exp_month: 12, exp_year: 2034, cvc: '123' },
    billing_details: { address: { postal_code: '10001' } },
  },
};

/**
 * Review finding 6 (issue 15): Idempotency-Keys were one namespace across credentials, so a
 * key first sent by the card frame (publishable key) or a shopper's page (a client secret)
 * made the merchant's later request with the same key a 409. As Stripe does, a key belongs
 * to the credential that sent it.
 */
describeEachDatabase('finding 6: idempotency keys are scoped by credential', (kind) => {
  const sandbox = useSandbox(kind);
  let price: string;
  beforeAll(async () => {
    price = (await createPrice(sandbox.call, { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation' })).price_id;
  });

  it("a key the publishable key used first does not touch the merchant's request with the same key", async () => {
    const key = `shared-${randomUUID()}`;
    const token = await sandbox.call('POST', '/v1/confirmation_tokens', { key: DEFAULT_PUBLISHABLE_KEY, body: CARD, headers: { 'idempotency-key': key } });
    ok(token);
    const merchant = await sandbox.call('POST', '/v1/products', { body: { product: { name: 'Scoped' } }, headers: { 'idempotency-key': key } });
    expect(ok(merchant).product.name).toBe('Scoped');
    expect(merchant.headers.get('idempotent-replayed')).toBeNull();
    // Each credential still gets its own answer replayed.
    const again = await sandbox.call('POST', '/v1/products', { body: { product: { name: 'Scoped' } }, headers: { 'idempotency-key': key } });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(merchant.body);
    const tokenAgain = await sandbox.call('POST', '/v1/confirmation_tokens', { key: DEFAULT_PUBLISHABLE_KEY, body: CARD, headers: { 'idempotency-key': key } });
    expect(tokenAgain.headers.get('idempotent-replayed')).toBe('true');
    expect(tokenAgain.body).toEqual(token.body);
  });

  it("a key a session's client secret used first does not touch the merchant's, nor another session's", async () => {
    const key = `shared-${randomUUID()}`;
    const [a, b] = [await createSession(sandbox.call, { line_items: [{ price }] }), await createSession(sandbox.call, { line_items: [{ price }] })];
    const details = (s: { checkout_session_id: string; client_secret: string }, email: string) =>
      sandbox.call('POST', `/v1/client/checkout_sessions/${s.checkout_session_id}/customer_details`, {
        key: s.client_secret,
        body: { email, first_name: 'Sam', last_name: 'Shopper' },
        headers: { 'idempotency-key': key },
      });
    ok(await details(a, 'a@example.com'));
    const other = await details(b, 'b@example.com');
    expect(ok(other).checkout_session.customer_details.email).toBe('b@example.com');
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    const merchant = await sandbox.call('POST', '/v1/customers', {
      body: { customer: { email: 'merchant@example.com' } },
      headers: { 'idempotency-key': key },
    });
    expect(ok(merchant).customer.email).toBe('merchant@example.com');
  });
});
