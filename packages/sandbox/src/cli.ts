import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { DEFAULT_PUBLISHABLE_KEY, DEFAULT_SECRET_KEY } from './app.js';
import { createSandbox, DEFAULT_DATABASE } from './index.js';
import { seedDemo } from './seed.js';
import { DEFAULT_TIMEOUTS, timeoutOptions } from './http/timeouts.js';
import { SANDBOX_PROFILES } from './profile.js';

const USAGE = `flex-sandbox: a Flex-compatible API on an embedded database

  flex-sandbox [--port 4243] [--host 127.0.0.1] [--db PATH|postgres://…] [--seed demo] [--profile default|flex]
               [--webhook-retry-ms 5000] [--webhook-timeout-ms 10000] [--webhook-lease-ms 30000] [--poll-ms 500]
               [--headers-timeout-ms ${DEFAULT_TIMEOUTS.headersTimeout}] [--request-timeout-ms ${DEFAULT_TIMEOUTS.requestTimeout}]

  --port                port to listen on (default 4243, or PORT)
  --host                address to listen on (default 127.0.0.1)
  --db                  SQLite file or PostgreSQL URL (default DATABASE_URL, else ${DEFAULT_DATABASE})
  --seed                "demo" creates the demo catalog when the database has no products
  --profile             "default": Flex's API and the sandbox's browser extension (the in-page checkout);
                        "flex": only what Flex documents (the hosted checkout; see docs/sandbox-api.md)
  --webhook-retry-ms    first wait before a failed webhook delivery is retried; doubles each time (default 5000)
  --webhook-timeout-ms  how long one delivery attempt may take (default 10000)
  --webhook-lease-ms    how long a delivery stays claimed by a process that may have died (default timeout + 20000)
  --poll-ms             how often the worker looks for due deliveries and renewals (default 500)
  --headers-timeout-ms  how long a client may take to send a request's headers before a 408 (default ${DEFAULT_TIMEOUTS.headersTimeout})
  --request-timeout-ms  how long a client may take to send a whole request, body included (default ${DEFAULT_TIMEOUTS.requestTimeout})`;

/** Runs the sandbox on its own; prints its URL and keys. */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      db: { type: 'string' },
      seed: { type: 'string' },
      profile: { type: 'string', default: 'default' },
      'webhook-retry-ms': { type: 'string' },
      'webhook-timeout-ms': { type: 'string' },
      'webhook-lease-ms': { type: 'string' },
      'poll-ms': { type: 'string' },
      'headers-timeout-ms': { type: 'string' },
      'request-timeout-ms': { type: 'string' },
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
  const profile = SANDBOX_PROFILES.find((p) => p === values.profile);
  if (!profile) throw new Error(`--profile takes ${SANDBOX_PROFILES.join(' or ')}, not "${values.profile}"\n\n${USAGE}`);

  const ms = (name: 'webhook-retry-ms' | 'webhook-timeout-ms' | 'webhook-lease-ms' | 'poll-ms' | 'headers-timeout-ms' | 'request-timeout-ms') => {
    const given = values[name];
    if (given === undefined) return undefined;
    const n = Number(given);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} takes a whole number of milliseconds, not "${given}"\n\n${USAGE}`);
    return n;
  };
  const retryMs = ms('webhook-retry-ms');
  const timeoutMs = ms('webhook-timeout-ms');
  const leaseMs = ms('webhook-lease-ms');
  const pollMs = ms('poll-ms');
  const headersTimeout = ms('headers-timeout-ms');
  const requestTimeout = ms('request-timeout-ms');
  const sandbox = await createSandbox({
    ...(values.db ? { database: values.db } : {}),
    profile,
    worker: {
      ...(retryMs ? { retry: { baseMs: retryMs } } : {}),
      ...(timeoutMs ? { timeoutMs } : {}),
      ...(leaseMs ? { leaseMs } : {}),
      ...(pollMs ? { pollMs } : {}),
      // One line per delivery attempt: the event, the endpoint, the status. Never a body.
      log: (line) => console.log(JSON.stringify(line)),
    },
  });
  if (values.seed === 'demo') await seedDemo(sandbox.app, DEFAULT_SECRET_KEY);
  const serverOptions = timeoutOptions({ ...(headersTimeout ? { headersTimeout } : {}), ...(requestTimeout ? { requestTimeout } : {}) });
  const server = serve({ fetch: sandbox.app.fetch, port, hostname: values.host, serverOptions }, (info) => {
    const url = `http://${values.host === '0.0.0.0' ? 'localhost' : values.host}:${info.port}`;
    console.log(`Flex sandbox on ${url}  (data: ${sandbox.store.location})
  API              ${url}/v1   (profile: ${profile})
  Secret key       ${DEFAULT_SECRET_KEY}${profile === 'default' ? `\n  Publishable key  ${DEFAULT_PUBLISHABLE_KEY}` : ''}
  Hosted checkout  ${url}/pay/c/{checkout_session_id}`);
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
