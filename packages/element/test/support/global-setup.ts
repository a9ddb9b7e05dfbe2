import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { TestProject } from 'vitest/node';
import { createFlexCheckout, silentLogger } from '@flex-checkout/server';
import { BROWSER_TEST_PORT } from './port.js';

/** The origin Vitest serves the browser tests from (fixed in the config). */
export const TEST_PAGE_ORIGIN = `http://localhost:${BROWSER_TEST_PORT}`;

function listen(fetch: (request: Request) => Response | Promise<Response>): Promise<{ url: string; close: () => Promise<void> }> {
  const server = serve({ fetch, port: 0, hostname: '127.0.0.1' });
  return new Promise((resolve) =>
    server.once('listening', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    ),
  );
}

/**
 * Before the browser tests: the real companion server with the sandbox in process, over
 * loopback, on fresh SQLite files. The element talks to it across origins (CORS), as on a
 * merchant's site with an API subdomain. The sandbox's secret-key API is served on a
 * second port for the tests' own setup calls (creating sessions, reading what it holds).
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'flex-element-'));
  const flex = await createFlexCheckout({
    database: join(dir, 'server.sqlite'),
    sandboxDatabase: join(dir, 'sandbox.sqlite'),
    allowedOrigins: [TEST_PAGE_ORIGIN],
    logger: silentLogger,
    rateLimit: { perSession: 10_000, perIp: 100_000 },
  });
  const server = await listen(flex.app.fetch);
  const sandbox = await listen(flex.upstream.sandboxApp!.fetch.bind(flex.upstream.sandboxApp));
  process.env.FLEX_TEST_SANDBOX = sandbox.url;
  project.provide('flexServer', server.url);

  // A second companion server on the same sandbox, whose sessions are hosted (the sandbox's
  // hosted page framed in the element, as on Flex), and its merchant backend: sessions made
  // with the server's client, which mints their client secrets.
  const hostedFlex = await createFlexCheckout({
    database: join(dir, 'server-hosted.sqlite'),
    sandboxApp: flex.upstream.sandboxApp!,
    checkout: 'hosted',
    allowedOrigins: [TEST_PAGE_ORIGIN],
    logger: silentLogger,
    rateLimit: { perSession: 10_000, perIp: 100_000 },
  });
  const hostedServer = await listen(hostedFlex.app.fetch);

  // A third, on the same sandbox, that allows a session only a few calls a minute: its 429s are real.
  const limitedFlex = await createFlexCheckout({
    database: join(dir, 'server-limited.sqlite'),
    sandboxApp: flex.upstream.sandboxApp!,
    allowedOrigins: [TEST_PAGE_ORIGIN],
    logger: silentLogger,
    rateLimit: { perSession: 8, perIp: 100_000 },
  });
  const limitedServer = await listen(limitedFlex.app.fetch);
  project.provide('flexLimitedServer', limitedServer.url);
  const merchant = await listen(async (request) => {
    // What a merchant's server puts in the page it renders: the session's first view
    // (`flex.sessionView`), from the companion server the element talks to.
    if (new URL(request.url).pathname === '/view') {
      const { clientSecret, hosted } = (await request.json()) as { clientSecret: string; hosted: boolean };
      const [companion, origin] = hosted ? [hostedFlex, hostedServer.url] : [flex, server.url];
      return Response.json(await companion.sessionView(clientSecret, { origin }));
    }
    const session = await hostedFlex.client.checkoutSessions.create(await request.json());
    return Response.json({ checkout_session_id: session.checkout_session_id, client_secret: session.client_secret });
  });
  process.env.FLEX_TEST_HOSTED_MERCHANT = merchant.url;
  project.provide('flexHostedServer', hostedServer.url);

  return async () => {
    await merchant.close();
    await hostedServer.close();
    await hostedFlex.close();
    await limitedServer.close();
    await limitedFlex.close();
    await server.close();
    await sandbox.close();
    await flex.close();
    rmSync(dir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    flexServer: string;
    /** The companion server whose sessions are checked out on the hosted page. */
    flexHostedServer: string;
    /** A companion server (in-page) that allows each session 8 calls a minute. */
    flexLimitedServer: string;
  }
}
