import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openServerStore, type ServerStore } from '../../packages/server/src/storage/open.js';
import type { DatabaseKind } from './databases.js';

/** A fresh companion-server database of one kind: open it (as often as a test needs), then throw it away. */
export interface TestServerDatabase {
  kind: DatabaseKind;
  /** What `openServerStore` takes, e.g. in a child process: an SQLite path or the PostgreSQL URL. */
  url: string;
  /** PostgreSQL only: this database's own schema. */
  schema?: string;
  /** Opens another store on the same database (as another process, or after a restart, would). */
  open(): Promise<ServerStore>;
  /** Closes every store `open` gave out, then deletes the file or drops the schema. */
  dispose(): Promise<void>;
}

/** An SQLite file in a temporary folder, or a fresh schema on DATABASE_URL, as test/support/databases.ts does. */
export function freshServerDatabase(kind: DatabaseKind): TestServerDatabase {
  const stores: ServerStore[] = [];
  const track = async (opening: Promise<ServerStore>) => {
    const store = await opening;
    stores.push(store);
    return store;
  };
  const closeAll = async () => {
    for (const store of stores.splice(0)) await store.close().catch(() => {});
  };
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'flex-server-'));
    const url = join(dir, 'server.sqlite');
    return {
      kind,
      url,
      open: () => track(openServerStore(url)),
      async dispose() {
        await closeAll();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  return {
    kind,
    url,
    schema,
    open: () => track(openServerStore(url, schema)),
    async dispose() {
      await closeAll();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}
