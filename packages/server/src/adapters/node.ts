import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve as serveNode } from '@hono/node-server';
import type { FetchAppLike } from './fetch-app.js';

export interface ServeOptions {
  /** Default 4244; 0 picks a free port (read it from `url`/`port`). */
  port?: number;
  /** Default: every interface. `127.0.0.1` keeps it to this machine. */
  hostname?: string;
  /**
   * How long a client may take to send a request's headers, in milliseconds, before it is
   * answered 408 and its connection closed. Default 10 000 (Node's own is 60 000).
   */
  headersTimeout?: number;
  /**
   * How long a client may take to send a whole request, headers and body, in milliseconds.
   * Default 30 000 (Node's own is 300 000): a widget call is a few kilobytes, and a client
   * that trickles a body holds a socket until this runs out.
   */
  requestTimeout?: number;
}

/** The timeouts `serve` sets unless told otherwise (see `ServeOptions`). */
export const DEFAULT_TIMEOUTS: Readonly<Required<Pick<ServeOptions, 'headersTimeout' | 'requestTimeout'>>> = { headersTimeout: 10_000, requestTimeout: 30_000 };

/**
 * Node's `http.createServer` options for these timeouts. Node checks them on an interval
 * (30 s by default, longer than the timeouts themselves), so it is made a fraction of the
 * shorter one; `headersTimeout` may not exceed `requestTimeout`.
 */
export function timeoutOptions({
  headersTimeout = DEFAULT_TIMEOUTS.headersTimeout,
  requestTimeout = DEFAULT_TIMEOUTS.requestTimeout,
}: Pick<ServeOptions, 'headersTimeout' | 'requestTimeout'> = {}) {
  for (const [name, value] of Object.entries({ headersTimeout, requestTimeout })) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of milliseconds above 0, not ${value}`);
  }
  const headers = Math.min(headersTimeout, requestTimeout);
  return {
    headersTimeout: headers,
    requestTimeout,
    connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(headers / 4))),
  };
}

export interface RunningServer {
  /** Where it answers, e.g. `http://127.0.0.1:4244` (`localhost` when bound to every interface). */
  url: string;
  port: number;
  server: Server;
  /** Stops accepting connections and resolves once the open ones have ended. */
  close(): Promise<void>;
}

/**
 * Serves the app on Node's `http` (via @hono/node-server), with header and request timeouts
 * (`ServeOptions`). Resolves once it listens; rejects when it cannot (a port in use).
 *
 * @example
 * ```ts
 * import { createFlexCheckout, serve } from '@flex-checkout/server';
 * const flex = await createFlexCheckout();
 * const server = await serve(flex.app, { port: 4244 });
 * console.log(`widget routes on ${server.url}/flex`);
 * process.once('SIGTERM', () => void server.close().then(() => flex.close()));
 * ```
 */
export async function serve(appLike: FetchAppLike, options: ServeOptions = {}): Promise<RunningServer> {
  const app = await appLike;
  const port = options.port ?? 4244;
  return new Promise((resolve, reject) => {
    const server = serveNode({
      fetch: (request, env) => app.fetch(request, env),
      port,
      ...(options.hostname !== undefined ? { hostname: options.hostname } : {}),
      serverOptions: timeoutOptions(options),
    }) as Server;
    const failed = (error: Error) => reject(error);
    server.once('error', failed);
    server.once('listening', () => {
      // From here on an error belongs to whoever holds `server`, not to this promise.
      server.off('error', failed);
      const address = server.address() as AddressInfo;
      resolve({
        url: `http://${displayHost(options.hostname)}:${address.port}`,
        port: address.port,
        server,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            // Idle keep-alive connections would otherwise hold close() open for seconds.
            server.closeIdleConnections();
          }),
      });
    });
  });
}

function displayHost(hostname: string | undefined): string {
  if (!hostname || hostname === '0.0.0.0' || hostname === '::') return 'localhost';
  return hostname.includes(':') ? `[${hostname}]` : hostname;
}
