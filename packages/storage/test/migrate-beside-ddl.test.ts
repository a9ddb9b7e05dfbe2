import { randomBytes } from 'node:crypto';
import type { Kysely, Migration } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openStore } from '@flex-checkout/storage';

const url = process.env.DATABASE_URL;

/** One migration: a table with a serial key, as the products' stores have. */
const migrations = {
  getMigrations: (): Promise<Record<string, Migration>> =>
    Promise.resolve({
      '0001_items': {
        up: async (db: Kysely<unknown>) => {
          await db.schema
            .createTable('items')
            .addColumn('id', 'serial', (c) => c.primaryKey())
            .execute();
        },
      },
    }),
};

/**
 * Kysely's migrator reads every schema's tables on the server before it migrates, so a schema
 * another session drops at that moment used to fail the open with "schema … does not exist"
 * (seen in CI: one test's store failed to open while another test dropped its schema).
 */
describe.runIf(url || process.env.CI)('openStore on PostgreSQL beside other sessions creating and dropping schemas', () => {
  it('opens and migrates every time; nothing migrated twice', { timeout: 120_000 }, async () => {
    if (!url) throw new Error('CI=true but DATABASE_URL is not set: this suite must run in CI (see .ci/run)');
    let stop = false;
    // Another session's DDL: schemas of tables made and dropped, over and over.
    const churn = (async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      for (let i = 0; !stop; i++) {
        const other = `churn_${randomBytes(3).toString('hex')}`;
        await client.query(`create schema ${other}`);
        for (let t = 0; t < 20; t++) await client.query(`create table ${other}.t${t} (id serial primary key)`);
        await client.query(`drop schema ${other} cascade`);
      }
      await client.end();
    })();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const failures: string[] = [];
    try {
      for (let k = 0; k < 60; k++) {
        const schema = `mig_${randomBytes(4).toString('hex')}`;
        try {
          const store = await openStore({ url, schema, migrations });
          await store.close();
          const { rows } = await admin.query<{ n: string }>(`select count(*) as n from ${schema}.kysely_migration`);
          expect(Number(rows[0]!.n)).toBe(1);
        } catch (error) {
          failures.push(String(error));
        } finally {
          await admin.query(`drop schema if exists ${schema} cascade`);
        }
      }
    } finally {
      stop = true;
      await churn;
      await admin.end();
    }
    expect(failures).toEqual([]);
  });
});
