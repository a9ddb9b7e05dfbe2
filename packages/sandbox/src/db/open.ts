import { openStore as open, type Store as GenericStore } from '@flex-checkout/storage';
import { migrationProvider } from './migrations.js';
import type { Database } from './schema.js';

export { isUniqueViolation, type Dialect } from '@flex-checkout/storage';

/** The sandbox's database: its tables, migrated. */
export type Store = GenericStore<Database>;

export interface OpenOptions {
  /** `postgres://…`, an SQLite file path (optionally `sqlite:path`) or `:memory:`. */
  url: string;
  /** PostgreSQL only: the schema to use (created when missing). */
  schema?: string;
}

/** Opens the sandbox's database and brings its schema up to date. */
export function openStore(options: OpenOptions): Promise<Store> {
  return open<Database>({ ...options, migrations: migrationProvider });
}
