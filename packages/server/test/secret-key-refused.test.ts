import { afterAll, beforeAll, expect, it } from 'vitest';
import { AuthenticationError, createFlexCheckout, FlexError, type FlexCheckout } from '@flex-checkout/server';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { useFlexServer } from '../../../test/support/flex-server.js';
import { createPrice } from '../../../test/support/checkout.js';

const WRONG_KEY = 'fsk_test_revoked_0123456789';

/**
 * The server's own secret key refused by Flex (`flex` profile: hosted, as Flex is): wrong from
 * the start, or revoked after sessions were handed out. The merchant's code gets the
 * `AuthenticationError` the README promises (it was a 502 `ApiError` from the look at what
 * the upstream offers); the shopper is told the checkout is not available, not that it
 * could not be found; and the log says, as an error, which setting to mend.
 */
describeEachDatabase('a secret key the upstream refuses', (kind) => {
  const good = useFlexServer(kind, 'http', {}, 'flex');
  let revoked: FlexCheckout;
  const lines: { level: string; msg: string; fields: Record<string, unknown> }[] = [];
  let price: string;

  beforeAll(async () => {
    price = (await createPrice(good.sandbox, { visit_type: 'gym' }, { unit_amount: 4200 })).price_id;
    const log =
      (level: string) =>
      (msg: string, fields: Record<string, unknown> = {}) =>
        lines.push({ level, msg, fields });
    // A second instance on the same database (so it checks the secrets the first minted) whose key Flex refuses.
    revoked = await createFlexCheckout({
      apiBase: good.flex.upstream.description,
      apiKey: WRONG_KEY,
      database: good.database.url,
      ...(good.database.schema ? { schema: good.database.schema } : {}),
      logger: { info: log('info'), warn: log('warn'), error: log('error') },
    });
  });
  afterAll(() => revoked?.close());

  const params = () => ({ line_items: [{ price, quantity: 1 }], success_url: 'http://shop.test/thanks', cancel_url: 'http://shop.test/cart' });

  it("throws AuthenticationError from create and retrieve, never with the key's text", async () => {
    const session = await good.flex.client.checkoutSessions.create(params());
    for (const call of [() => revoked.client.checkoutSessions.create(params()), () => revoked.client.checkoutSessions.retrieve(session.checkout_session_id)]) {
      const error = await call().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error).toBeInstanceOf(FlexError);
      expect(error).toMatchObject({ status: 401, type: 'authentication_error' });
      expect((error as Error).message).not.toContain(WRONG_KEY);
    }
  });

  it('says which setting to mend when the look at what the upstream offers is refused', async () => {
    const error = await revoked.client.checkoutSessions.create(params()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toBe('Flex refused the secret key (401): check apiKey');
  });

  it('tells the shopper the checkout is not available, and logs an error naming the setting', async () => {
    const session = await good.flex.client.checkoutSessions.create(params());
    const answer = await revoked.app.request(`http://shop.test/flex/sessions/${session.checkout_session_id}`, {
      headers: { authorization: `Bearer ${session.client_secret}` },
    });
    expect(answer.status).toBe(502);
    const body = (await answer.json()) as { detail: { msg: string; type: string }[] };
    expect(body.detail).toEqual([{ loc: [], msg: 'This checkout is not available right now. Please try again later.', type: 'api_error' }]);
    const refused = lines.filter((line) => line.msg.includes('refused the secret key'));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ level: 'error', msg: expect.stringContaining('check apiKey') });
    expect(refused[0]!.fields.upstream_path).toBe(`/v1/checkout/sessions/${session.checkout_session_id}`);
    expect(JSON.stringify(lines)).not.toContain(WRONG_KEY);
    expect(JSON.stringify(lines)).not.toContain(session.client_secret);
  });
});
