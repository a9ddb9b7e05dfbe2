import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createFlexCheckout, silentLogger, type FlexCheckout } from '@flex-checkout/server';
import { secretKeyApi } from './api.js';

/**
 * The real companion server with the sandbox in process, on fresh SQLite files: what the
 * embedding tests, the wrappers' tests and the Storybook fixture recorder talk to.
 */
export interface EmbedServer {
  flex: FlexCheckout;
  /** The merchant backend's part: a sandbox API call with the secret key (never in a page). */
  api(method: string, path: string, body?: unknown): Promise<any>;
  close(): Promise<void>;
}

export async function startFlex(options: { allowedOrigins?: string[] } = {}): Promise<EmbedServer> {
  const dir = mkdtempSync(join(tmpdir(), 'flex-embed-'));
  const flex = await createFlexCheckout({
    database: join(dir, 'server.sqlite'),
    sandboxDatabase: join(dir, 'sandbox.sqlite'),
    logger: silentLogger,
    rateLimit: { perSession: 10_000, perIp: 100_000 },
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
  });
  const api = secretKeyApi((path, init) => flex.upstream.fetch(path, init));
  return {
    flex,
    api,
    close: async () => {
      await flex.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A product and its price in the sandbox; returns the price's ID. */
export async function createPrice(server: EmbedServer, product: Record<string, unknown>, price: Record<string, unknown> = {}): Promise<string> {
  const p = await server.api('POST', '/v1/products', { product: { name: 'Mineral sunscreen SPF 50', hsa_fsa_eligibility: 'auto_substantiation', ...product } });
  return (await server.api('POST', '/v1/prices', { price: { product: p.product.product_id, unit_amount: 2400, ...price } })).price.price_id;
}

/** A checkout session as the merchant backend creates it. */
export async function createSession(server: EmbedServer, body: Record<string, unknown>): Promise<{ checkout_session_id: string; client_secret: string }> {
  return (await server.api('POST', '/v1/checkout/sessions', { checkout_session: body })).checkout_session;
}

/** Serves a Hono app on loopback (a free port); close() stops it. */
export function listen(app: { fetch: (request: Request) => Response | Promise<Response> }): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  return new Promise((resolve) =>
    server.once('listening', () =>
      resolve({
        origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    ),
  );
}

/** A merchant's site: the given pages and files, and everything else to the companion server (same origin). */
export function merchantSite(server: EmbedServer, routes: (app: Hono) => void): Hono {
  const app = new Hono();
  routes(app);
  app.all('*', (c) => server.flex.app.fetch(c.req.raw));
  return app;
}
