import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_TIMEOUTS, serve } from './adapters/node.js';
import { createFlexCheckout } from './index.js';

const USAGE = `flex-checkout-server: the companion server for <flex-checkout>

  flex-checkout-server [--port 4244] [--host 127.0.0.1] [--upstream URL --api-key KEY]
                       [--db PATH|postgres://…] [--webhook-secret whsec_…] [--allowed-origin URL]…
                       [--headers-timeout-ms ${DEFAULT_TIMEOUTS.headersTimeout}] [--request-timeout-ms ${DEFAULT_TIMEOUTS.requestTimeout}]

  With no --upstream it runs the Flex sandbox in the same process (no account needed).
  --api-key defaults to FLEX_API_KEY, --webhook-secret to FLEX_WEBHOOK_SECRET.
  --headers-timeout-ms and --request-timeout-ms: how long a client may take to send a
  request's headers, and the whole request, before it is answered 408 and disconnected.`;

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      upstream: { type: 'string' },
      'api-key': { type: 'string' },
      db: { type: 'string' },
      'webhook-secret': { type: 'string' },
      'allowed-origin': { type: 'string', multiple: true },
      'headers-timeout-ms': { type: 'string' },
      'request-timeout-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void console.log(USAGE);
  const port = Number(values.port ?? process.env.PORT ?? 4244);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number\n\n${USAGE}`);
  const apiKey = values['api-key'] ?? process.env.FLEX_API_KEY;
  if (values.upstream && !apiKey) throw new Error(`--upstream needs --api-key (or FLEX_API_KEY)\n\n${USAGE}`);
  const webhookSecret = values['webhook-secret'] ?? process.env.FLEX_WEBHOOK_SECRET;
  const ms = (name: 'headers-timeout-ms' | 'request-timeout-ms') => {
    const given = values[name];
    if (given === undefined) return {};
    const n = Number(given);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} takes a whole number of milliseconds, not "${given}"\n\n${USAGE}`);
    return { [name === 'headers-timeout-ms' ? 'headersTimeout' : 'requestTimeout']: n };
  };
  const timeouts = { ...ms('headers-timeout-ms'), ...ms('request-timeout-ms') };

  const flex = await createFlexCheckout({
    ...(values.upstream ? { apiBase: values.upstream, apiKey: apiKey! } : {}),
    ...(values.db ? { database: values.db } : {}),
    ...(webhookSecret ? { webhookSecret } : {}),
    ...(values['allowed-origin'] ? { allowedOrigins: values['allowed-origin'] } : {}),
  });
  const server = await serve(flex.app, { port, hostname: values.host, ...timeouts });
  console.log(`flex-checkout server on http://${values.host}:${server.port}/flex  (upstream: ${flex.upstream.description})`);
  const stop = () =>
    void server
      .close()
      .then(() => flex.close())
      .then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
