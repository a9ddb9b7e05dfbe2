import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createFlexCheckout, type FlexCheckout } from '@flex-checkout/server';
import { DEFAULT_SECRET_KEY } from '@flex-checkout/sandbox';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { useFlexServer } from '../../../test/support/flex-server.js';
import { createPrice } from '../../../test/support/checkout.js';

/**
 * Flex taking the connection and never answering. The element's reads waited the typed
 * client's 30 s each, four tries, so a shopper watched "Loading checkout…" for about two
 * minutes. A read the element asks for now gives up after `upstreamReadTimeoutMs` (10 s by
 * default) with the one 502 the element tries again on.
 */
describeEachDatabase('an upstream that takes the connection and never answers', (kind) => {
  const good = useFlexServer(kind, 'http', {}, 'flex');
  let hung: Server;
  const sockets: Socket[] = [];
  let stuck: FlexCheckout;
  let price: string;

  beforeAll(async () => {
    price = (await createPrice(good.sandbox, { visit_type: 'gym' }, { unit_amount: 4200 })).price_id;
    hung = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    // The same database, so it checks the client secrets the first instance minted.
    stuck = await createFlexCheckout({
      apiBase: `http://127.0.0.1:${(hung.address() as { port: number }).port}`,
      apiKey: DEFAULT_SECRET_KEY,
      database: good.database.url,
      ...(good.database.schema ? { schema: good.database.schema } : {}),
      upstreamReadTimeoutMs: 300,
      logger: { info() {}, warn() {}, error() {} },
    });
  });
  afterAll(async () => {
    await stuck?.close();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => hung.close(() => resolve()));
  });

  it("answers the element's read 502 once the read timeout has passed, not the client's 30 s", async () => {
    const session = await good.flex.client.checkoutSessions.create({
      line_items: [{ price, quantity: 1 }],
      success_url: 'http://shop.test/thanks',
      cancel_url: 'http://shop.test/cart',
    });
    for (const path of ['', '/status']) {
      const answer = await stuck.app.request(`http://shop.test/flex/sessions/${session.checkout_session_id}${path}`, {
        headers: { authorization: `Bearer ${session.client_secret}` },
      });
      expect(answer.status, path).toBe(502);
      expect(await answer.json()).toEqual({
        detail: [{ loc: [], msg: 'The payment service could not be reached. Try again in a moment.', type: 'api_error' }],
      });
    }
    // The upstream did get the reads: it was slow, not unreachable.
    expect(sockets.length).toBeGreaterThan(0);
  });

  it('refuses a read timeout that is not a whole number of milliseconds, naming the option', async () => {
    for (const upstreamReadTimeoutMs of [0, -5, 1.5, Number.NaN, 10 * 60_000]) {
      await expect(createFlexCheckout({ apiBase: 'http://127.0.0.1:9', apiKey: DEFAULT_SECRET_KEY, upstreamReadTimeoutMs })).rejects.toThrow(
        /^upstreamReadTimeoutMs must be a whole number of milliseconds from 1 to 120000/,
      );
    }
  });
});
