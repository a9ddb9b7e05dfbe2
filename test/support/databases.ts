import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';
import { openStore, type Store } from '@flex-checkout/sandbox';

export type DatabaseKind = 'sqlite' | 'postgres';

/** A fresh, empty, migrated database of one kind, and how to throw it away. */
export interface TestDatabase {
  kind: DatabaseKind;
  /** What `openStore` takes to reach this same database again (e.g. from another process). */
  url: string;
  schema?: string;
  store: Store;
  dispose(): Promise<void>;
}

const postgresUrl = process.env.DATABASE_URL;

/** A real SQLite file in a temporary folder, or a fresh schema on the PostgreSQL server. */
export async function freshDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'flex-sqlite-'));
    const url = join(dir, 'sandbox.sqlite');
    const store = await openStore({ url });
    return {
      kind,
      url,
      store,
      async dispose() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!postgresUrl) throw new Error('DATABASE_URL is not set');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const store = await openStore({ url: postgresUrl, schema });
  return {
    kind,
    url: postgresUrl,
    schema,
    store,
    async dispose() {
      await store.close();
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}

/**
 * Runs a suite once per database. PostgreSQL needs DATABASE_URL; without it the PostgreSQL
 * run is skipped on a developer's machine (with a visible "skipped") and fails under CI,
 * where nothing may skip itself.
 */
export function describeEachDatabase(name: string, suite: (kind: DatabaseKind) => void): void {
  for (const kind of ['sqlite', 'postgres'] as const) {
    if (kind === 'postgres' && !postgresUrl) {
      if (process.env.CI) {
        describe(`${name} [postgres]`, () => {
          throw new Error('CI=true but DATABASE_URL is not set: the PostgreSQL suite must run in CI (see .ci/run)');
        });
      } else {
        describe.skip(`${name} [postgres] (set DATABASE_URL to run)`, () => suite(kind));
      }
      continue;
    }
    describe(`${name} [${kind}]`, () => suite(kind));
  }
}
