import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { DEFAULT_PUBLISHABLE_KEY, DEFAULT_SECRET_KEY } from './app.js';
import { createSandbox, DEFAULT_DATABASE } from './index.js';
import { seedDemo } from './seed.js';

const USAGE = `flex-sandbox: a Flex-compatible API on an embedded database

  flex-sandbox [--port 4243] [--host 127.0.0.1] [--db PATH|postgres://…] [--seed demo]

  --port   port to listen on (default 4243, or PORT)
  --host   address to listen on (default 127.0.0.1)
  --db     SQLite file or PostgreSQL URL (default DATABASE_URL, else ${DEFAULT_DATABASE})
  --seed   "demo" creates the demo catalog when the database has no products`;

/** Runs the sandbox on its own; prints its URL and keys. */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      db: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port ?? process.env.PORT ?? 4243);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not "${values.port}"\n\n${USAGE}`);
  if (values.seed !== undefined && values.seed !== 'demo') throw new Error(`--seed takes "demo", not "${values.seed}"\n\n${USAGE}`);

  const sandbox = await createSandbox(values.db ? { database: values.db } : {});
  if (values.seed === 'demo') await seedDemo(sandbox.app, DEFAULT_SECRET_KEY);
  const server = serve({ fetch: sandbox.app.fetch, port, hostname: values.host }, (info) => {
    const url = `http://${values.host === '0.0.0.0' ? 'localhost' : values.host}:${info.port}`;
    console.log(`Flex sandbox on ${url}  (data: ${sandbox.store.location})
  API              ${url}/v1
  Secret key       ${DEFAULT_SECRET_KEY}
  Publishable key  ${DEFAULT_PUBLISHABLE_KEY}`);
  });
  const stop = () => server.close(() => void sandbox.close().then(() => process.exit(0)));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

// Run when executed directly (`node … src/cli.ts`); the `flex-sandbox` bin imports main().
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
