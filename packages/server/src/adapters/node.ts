import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve as serveNode } from '@hono/node-server';
import type { FetchAppLike } from './fetch-app.js';

export interface ServeOptions {
  /** Default 4244; 0 picks a free port (read it from `url`/`port`). */
  port?: number;
  /** Default: every interface. `127.0.0.1` keeps it to this machine. */
  hostname?: string;
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
 * Serves the app on Node's `http` (via @hono/node-server). Resolves once it listens;
 * rejects when it cannot (a port in use).
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
