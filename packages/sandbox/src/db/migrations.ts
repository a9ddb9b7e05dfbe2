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
  '0002_consultations_letters_payments': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('payment_methods')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
        .addColumn('behaviour', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('payment_methods_customer').on('payment_methods').column('customer_id').execute();
      await db.schema
        .createTable('confirmation_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('payment_method_id', 'text', (c) => c.notNull().references('payment_methods.id'))
        .addColumn('used_at', 'bigint')
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
      for (const table of ['payment_intents', 'setup_intents']) {
        await db.schema
          .createTable(table)
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('checkout_session_id', 'text', (c) => c.references('checkout_sessions.id'))
          .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('client_secret', 'text', (c) => c.notNull().unique())
          .addColumn('data', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex(`${table}_session`).on(table).column('checkout_session_id').execute();
        await db.schema.createIndex(`${table}_customer`).on(table).column('customer_id').execute();
      }
      await db.schema
        .createTable('consultations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('checkout_session_id', 'text', (c) => c.references('checkout_sessions.id'))
        .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('answers', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
      // One consultation per session: answers are submitted once.
      await db.schema.createIndex('consultations_session').on('consultations').column('checkout_session_id').unique().execute();
      await db.schema
        .createTable('letters')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
        .addColumn('checkout_session_id', 'text', (c) => c.references('checkout_sessions.id'))
        .addColumn('visit_type', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('letters_customer').on('letters').columns(['customer_id', 'visit_type']).execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
