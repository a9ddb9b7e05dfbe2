import type { Kysely, Migration, MigrationProvider } from 'kysely';

/**
 * Migrations in code, in order. Types are the common subset of SQLite and PostgreSQL
 * (text, integer, bigint) so one list serves both. Never edit a released migration: add one.
 */
const migrations: Record<string, Migration> = {
  '0001_catalog_customers_sessions': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('products')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('prices')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('prices_product').on('prices').column('product_id').execute();
      await db.schema
        .createTable('customers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text')
        .addColumn('client_reference_id', 'text')
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('customers_email').on('customers').column('email').execute();
      await db.schema
        .createTable('checkout_sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
        .addColumn('client_secret', 'text', (c) => c.notNull().unique())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('checkout_sessions_open')
        .on('checkout_sessions')
        .columns(['status', 'expires_at'])
        .execute();
      await db.schema
        .createTable('idempotency_keys')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('status', 'integer')
        .addColumn('body', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('sandbox_state')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
