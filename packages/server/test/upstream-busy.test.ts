import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFlexCheckout, silentLogger, type FlexCheckout } from '../src/index.js';

/**
 * Flex documents a 429 when its rate limit is passed, with a header saying when to retry and
 * no body (flex-api.md §2). A hosted session's status poll that meets one answers the element
 * 429 in the one error shape with the upstream's Retry-After (the element backs off), not a
 * 502 "could not find this checkout".
 * The upstream is a docs-only stub on loopback: no browser API, so the session is hosted.
 */
describe("the upstream's 429 on a hosted session's read", () => {
  const id = 'fcs_01KDOCSBUSY0000000000000A';
  let stub: Server;
  let flex: FlexCheckout;
  let dir: string;
  let busy = false;

  beforeAll(async () => {
    stub = createServer((req, res) => {
      const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      req.resume();
      req.on('end', () => {
        if (req.url === '/v1/products?limit=1') return json(200, { products: [] });
        if (req.method === 'POST' && req.url === '/v1/checkout/sessions') {
          return json(200, {
            checkout_session: {
              checkout_session_id: id,
              status: 'open',
              mode: 'payment',
              amount_total: 1000,
              expires_at: Math.floor(Date.now() / 1000) + 3600,
              redirect_url: `https://checkout.example/pay/c/${id}`,
              success_url: 'http://shop.test/thanks',
              cancel_url: 'http://shop.test/cart',
            },
          });
        }
        if (req.url === `/v1/checkout/sessions/${id}`) {
          if (busy) return res.writeHead(429, { 'retry-after': '7' }).end();
          return json(200, { checkout_session: { checkout_session_id: id, status: 'open', amount_total: 1000 } });
        }
        if (req.url === `/v1/checkout/sessions/${id}/line_items`) return json(200, { line_items: [] });
        return json(404, { error: { code: 'not_found', message: 'no' } });
      });
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    dir = mkdtempSync(join(tmpdir(), 'flex-busy-'));
    flex = await createFlexCheckout({
      apiKey: 'fsk_test_docs',
      apiBase: `http://127.0.0.1:${(stub.address() as AddressInfo).port}`,
      database: join(dir, 'server.sqlite'),
      publicUrl: 'http://shop.test',
      logger: silentLogger,
    });
  });
  afterAll(async () => {
    await flex?.close();
    await new Promise((resolve) => stub.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 429 with Retry-After and the error shape; the next poll, once the limit has passed, answers the status', async () => {
    const session = await flex.client.checkoutSessions.create({ line_items: [{ price: 'fprice_01', quantity: 1 }], success_url: 'http://shop.test/thanks' });
    const poll = () => flex.app.request(`http://shop.test/flex/sessions/${id}/status`, { headers: { authorization: `Bearer ${session.client_secret}` } });
    expect((await poll()).status).toBe(200);

    busy = true;
    const refused = await poll();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('7');
    expect(await refused.json()).toEqual({ detail: [{ loc: [], msg: 'The payment service is busy. Try again in a moment.', type: 'rate_limit_error' }] });

    busy = false;
    const again = await poll();
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: 'open' });
  });
});
