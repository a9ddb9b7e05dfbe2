/**
 * `npm start`: the product on one port (http://localhost:4242, PORT to change).
 *
 * Until the companion server, the element and the store exist, this serves the Flex sandbox
 * with its demo catalog, so the quick start works from the first day. Data lives in
 * `.data/demo.sqlite` and survives a restart.
 */
import { serve } from '@hono/node-server';
import { createSandbox, DEFAULT_PUBLISHABLE_KEY, DEFAULT_SECRET_KEY, seedDemo } from '@flex-checkout/sandbox';

const port = Number(process.env.PORT ?? 4242);
const database = process.env.DATABASE_URL ?? process.env.FLEX_DEMO_DB ?? '.data/demo.sqlite';

const sandbox = await createSandbox({ database });
const seeded = await seedDemo(sandbox.app, DEFAULT_SECRET_KEY);

const server = serve({ fetch: sandbox.app.fetch, port, hostname: process.env.HOST ?? '0.0.0.0' }, (info) => {
  const url = `http://localhost:${info.port}`;
  console.log(`flex-checkout demo on ${url}
  Flex sandbox API  ${url}/v1   (data: ${sandbox.store.location}${seeded === 'already-seeded' ? '' : ', demo catalog created'})
  Secret key        ${DEFAULT_SECRET_KEY}
  Publishable key   ${DEFAULT_PUBLISHABLE_KEY}
  Test cards        4242 4242 4242 4242 succeeds · 4000 0000 0000 9995 insufficient funds
                    4000 0000 0000 0002 generic decline · 4000 0025 0000 3155 3-D Secure`);
});

const stop = () => server.close(() => void sandbox.close().then(() => process.exit(0)));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
