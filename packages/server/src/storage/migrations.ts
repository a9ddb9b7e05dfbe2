import { PostgresAdapter, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

const migrations: Record<string, Migration> = {
  '0001_confirms_and_webhooks': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('confirm_attempts')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('status', 'integer')
        .addColumn('body', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('webhook_events')
        .addColumn('event_id', 'text', (c) => c.primaryKey())
        .addColumn('event_type', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addColumn('handled_at', 'bigint')
        .addColumn('locked_until', 'bigint')
        .execute();
      await db.schema.createIndex('webhook_events_pending').on('webhook_events').columns(['status', 'locked_until']).execute();
    },
  },
  '0002_rate_limits': {
    async up(db: Kysely<unknown>) {
      // The widget routes' rate-limit counters, shared by every process on the database
      // (guards/rate-limit-store.ts).
      await db.schema
        .createTable('rate_limits')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('window_start', 'bigint', (c) => c.notNull())
        .addColumn('hits', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('rate_limits_window').on('rate_limits').column('window_start').execute();
    },
  },
  '0005_settings': {
    async up(db: Kysely<unknown>) {
      // Values the server makes once and every instance on the database shares (the key that
      // signs the client secrets it mints).
      await db.schema
        .createTable('server_settings')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0007_rate_limits_unlogged': {
    async up(db: Kysely<unknown>) {
      // Every widget call writes a rate-limit count. A count lives a minute and losing it
      // in a crash only restarts a window, so on PostgreSQL the table skips the write-ahead
      // log: its writes commit without waiting for a WAL flush. (An unlogged table is emptied
      // after a crash and not copied to replicas; both are fine for these counts.)
      if (db.getExecutor().adapter instanceof PostgresAdapter) await sql`alter table rate_limits set unlogged`.execute(db);
    },
  },
  '0008_confirm_answers_expire': {
    async up(db: Kysely<unknown>) {
      // Confirm answers are kept 24 hours: the hourly sweep (widget/confirm-store.ts) finds
      // the older ones by this index instead of reading every answer kept.
      await db.schema.createIndex('confirm_attempts_created').on('confirm_attempts').column('created_at').execute();
    },
  },
};

export const serverMigrations: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };
