/**
 * @flex-checkout/sandbox: a Flex-compatible API with test cards on an embedded database.
 *
 * @example Mount it in another server, in process:
 * ```ts
 * import { createSandbox } from '@flex-checkout/sandbox';
 * const sandbox = await createSandbox({ database: '.data/sandbox.sqlite' });
 * const res = await sandbox.app.request('/v1/products', { headers: { authorization: 'Bearer fsk_test_sandbox' } });
 * ```
 */
import { openStore, type Store } from './db/open.js';
import { createSandboxApp, type SandboxAppOptions } from './app.js';
import { startSandboxWorker, type SandboxWorker, type SandboxWorkerOptions } from './webhooks/worker.js';

export { createSandboxApp, DEFAULT_PUBLISHABLE_KEY, DEFAULT_SECRET_KEY, MAX_BODY_BYTES } from './app.js';
export type { SandboxAppOptions } from './app.js';
export { SANDBOX_PROFILES, type SandboxProfile } from './profile.js';
export { openStore, type Store, type Dialect } from './db/open.js';
export { seedDemo, DEMO_CATALOG, type SeededItem } from './seed.js';
export type { SandboxEnv } from './http/env.js';
export { startSandboxWorker, type SandboxWorker, type SandboxWorkerOptions } from './webhooks/worker.js';
export { DEFAULT_DELIVERY_SCHEDULE, type DeliverySchedule } from './webhooks/schedule.js';
export { INVOICE_RETRY_DAYS } from './billing/schedule.js';

/** Where the sandbox keeps its data when told nothing else. */
export const DEFAULT_DATABASE = '.data/sandbox.sqlite';

export interface SandboxOptions extends Omit<SandboxAppOptions, 'store'> {
  /**
   * A `postgres://` URL, an SQLite file path, `:memory:`, or an already open store.
   * Default: `DATABASE_URL` when set, else `.data/sandbox.sqlite`.
   */
  database?: string | Store;
  /** PostgreSQL schema to use (tests give each run its own). */
  schema?: string;
  /**
   * The background worker that delivers webhooks and runs renewals as real time passes
   * (see `startSandboxWorker`), or `false` for none. With no webhook endpoint configured it
   * only looks for due work now and then. Default: on, with its defaults.
   */
  worker?: SandboxWorkerOptions | false;
}

export interface Sandbox {
  app: ReturnType<typeof createSandboxApp>;
  store: Store;
  /** The background worker, unless `worker: false`. */
  worker: SandboxWorker | null;
  /** Stops the worker (waiting for its round to end), then closes the database. */
  close(): Promise<void>;
}

/** Opens (and migrates) the database and builds the app. */
export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const { database, schema, worker: workerOptions, ...appOptions } = options;
  const store =
    typeof database === 'object'
      ? database
      : await openStore({ url: database ?? (process.env.DATABASE_URL || DEFAULT_DATABASE), ...(schema ? { schema } : {}) });
  const app = createSandboxApp({ ...appOptions, store });
  const worker = workerOptions === false ? null : startSandboxWorker(store, workerOptions);
  return {
    app,
    store,
    worker,
    async close() {
      await worker?.stop();
      await store.close();
    },
  };
}
