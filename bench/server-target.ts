/**
 * The server under load, in its own process so the load generator (bench/server.ts) never
 * shares its event loop:
 *   node --conditions=source --import tsx bench/server-target.ts hello
 *   node --conditions=source --import tsx bench/server-target.ts flex <dir-for-sqlite | postgres://…>
 * Prints one line, `BENCH_TARGET {json}`, once it listens; SIGTERM stops it.
 */
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import pg from 'pg';
import { createFlexCheckout, silentLogger } from '@flex-checkout/server';

export interface TargetInfo {
  url: string;
  /** A session to read: its ID and client secret. */
  session?: { id: string; secret: string };
}

const [kind, where] = process.argv.slice(2);
let app: Hono;
let info: Omit<TargetInfo, 'url'> = {};
const cleanups: (() => Promise<void>)[] = [];

if (kind === 'hello') {
  // The floor: Hono's hello world on the same adapter.
  app = new Hono().get('/', (c) => c.text('Hello, World!'));
} else if (kind === 'flex' && where) {
  const postgres = /^postgres(ql)?:\/\//.test(where);
  const schema = postgres ? `bench_${randomBytes(6).toString('hex')}` : undefined;
  const flex = await createFlexCheckout({
    database: postgres ? where : join(where, 'server.sqlite'),
    sandboxDatabase: postgres ? where : join(where, 'sandbox.sqlite'),
    ...(schema ? { schema } : {}),
    logger: silentLogger,
    // One address sends everything: the default limits (600 a minute per IP) would answer 429.
    rateLimit: { perSession: 1_000_000_000, perIp: 1_000_000_000 },
  });
  cleanups.push(() => flex.close());
  if (schema) {
    cleanups.push(async () => {
      const client = new pg.Client({ connectionString: where });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    });
  }
  const product = await flex.client.products.create({ name: 'First-aid kit', hsa_fsa_eligibility: 'auto_substantiation' });
  const price = await flex.client.prices.create({ product: product.product_id, unit_amount: 4999 });
  const create = () =>
    flex.client.checkoutSessions.create({
      line_items: [{ price: price.price_id }],
      defaults: { email: 'bench@example.com', first_name: 'Bea', last_name: 'Bench' },
    });
  const read = await create();
  info = { session: { id: read.checkout_session_id, secret: read.client_secret! } };
  app = new Hono()
    // The merchant's own route that starts a checkout: its backend creates the session
    // through the typed client and hands the client secret to the page.
    .post('/shop/checkout', async (c) => {
      const session = await create();
      return c.json({ id: session.checkout_session_id, client_secret: session.client_secret });
    })
    // Everything else is the companion server, as mounted on the merchant's backend.
    .all('*', (c) => flex.app.fetch(c.req.raw, c.env));
} else {
  console.error('usage: server-target.ts hello | flex <dir | postgres://…>');
  process.exit(2);
}

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
server.once('listening', () => {
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  console.log(`BENCH_TARGET ${JSON.stringify({ url, ...info } satisfies TargetInfo)}`);
});
process.once('SIGTERM', () => {
  server.close();
  void (async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    process.exit(0);
  })();
});
