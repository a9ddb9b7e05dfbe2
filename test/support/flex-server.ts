import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { createFlexCheckout, type FlexCheckout, type Logger } from '@flex-checkout/server';
import { createSandboxApp, DEFAULT_SECRET_KEY, openStore } from '@flex-checkout/sandbox';
import type { DatabaseKind } from './databases.js';
import { caller, type ApiAnswer, type Call } from './sandbox.js';
import { scanned } from './secret-scan.js';

export type UpstreamMode = 'embedded' | 'http';
/** The sandbox's profile: `default` (with its browser API) or `flex` (only what Flex documents). */
export type SandboxProfile = 'default' | 'flex';

export interface FlexServerHarness {
  flex: FlexCheckout;
  /** Calls the companion server (in process); the key is whatever the caller passes. */
  call: Call;
  /** Calls the upstream sandbox with the secret key, for setup and for checking what it holds. */
  sandbox: Call;
  /** Every log line the server wrote. */
  logs: string[];
  /** Every answer the server gave during the suite, for scans. */
  answers: ApiAnswer[];
  /** The sandbox's pages (its hosted checkout), as a browser requests them. */
  page: (path: string, init?: RequestInit) => Promise<Response>;
  /** The server's database (and PostgreSQL schema), for a second instance on the same one. */
  database: { url: string; schema?: string };
}

/**
 * A companion server on fresh databases, its upstream either the sandbox in the same
 * process (the default a merchant starts with) or a sandbox served over real HTTP.
 */
export function useFlexServer(
  kind: DatabaseKind,
  mode: UpstreamMode,
  extra: Partial<Parameters<typeof createFlexCheckout>[0]> = {},
  profile: SandboxProfile = 'default',
): FlexServerHarness {
  const harness = { logs: [] as string[], answers: [] as ApiAnswer[] } as FlexServerHarness;
  const cleanups: (() => Promise<void> | void)[] = [];
  beforeAll(async () => {
    const logger: Logger = {
      info: (msg, fields) => harness.logs.push(JSON.stringify({ msg, ...fields })),
      warn: (msg, fields) => harness.logs.push(JSON.stringify({ msg, ...fields })),
      error: (msg, fields) => harness.logs.push(JSON.stringify({ msg, ...fields })),
    };
    let database: string;
    let schema: string | undefined;
    if (kind === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'flex-server-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      database = join(dir, 'server.sqlite');
    } else {
      database = process.env.DATABASE_URL!;
      schema = `t_${randomBytes(6).toString('hex')}`;
      cleanups.push(async () => {
        const client = new pg.Client({ connectionString: database });
        await client.connect();
        await client.query(`drop schema if exists ${schema} cascade`);
        await client.end();
      });
    }
    harness.database = { url: database, ...(schema ? { schema } : {}) };
    const sandboxDb = kind === 'sqlite' ? database.replace('server.sqlite', 'sandbox.sqlite') : database;

    if (mode === 'embedded') {
      harness.flex = await createFlexCheckout({
        database,
        sandboxDatabase: sandboxDb,
        sandboxProfile: profile,
        ...(schema ? { schema } : {}),
        logger,
        ...extra,
      });
    } else {
      const store = await openStore({ url: sandboxDb, ...(schema ? { schema } : {}) });
      const app = createSandboxApp({ store, profile });
      const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
      await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      cleanups.push(() => store.close());
      cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
      harness.flex = await createFlexCheckout({ apiBase: url, apiKey: DEFAULT_SECRET_KEY, database, ...(schema ? { schema } : {}), logger, ...extra });
    }
    cleanups.push(() => harness.flex.close());
    const base = caller(async (path, init) => scanned(await harness.flex.app.request(`http://shop.test${path}`, init), `${init.method} ${path}`));
    harness.call = async (method, path, options) => {
      const answer = await base(method, path, options);
      harness.answers.push(answer);
      return answer;
    };
    // The secret key by default; `key` picks another (the publishable key, as the card frame).
    harness.sandbox = caller((path, init) => harness.flex.upstream.fetch(path, init, 'http://shop.test'));
    harness.page = (path, init = {}) => harness.flex.upstream.fetch(path, init, 'http://shop.test');
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  return harness;
}
