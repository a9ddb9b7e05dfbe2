import { openStore, type Store } from '@flex-checkout/storage';
import { serverMigrations } from './migrations.js';
import type { ServerDatabase } from './schema.js';

export type ServerStore = Store<ServerDatabase>;

/**
 * The server's database. Its bookkeeping tables are named apart from the sandbox's, so one
 * database file can hold both when a merchant runs everything in one process.
 */
export function openServerStore(url: string, schema?: string): Promise<ServerStore> {
  return openStore<ServerDatabase>({
    url,
    migrations: serverMigrations,
    migrationTable: 'flex_server_migration',
    ...(schema ? { schema } : {}),
  });
}
