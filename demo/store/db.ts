import { randomBytes } from 'node:crypto';
import type { Kysely, Migration } from 'kysely';
import { openStore, type Store } from '@flex-checkout/storage';

/**
 * The store's own records, apart from Flex's: who its customers are (and their Flex
 * customer ID), the orders it took, the webhook deliveries it saw, and a few settings.
 * Flex is asked for the rest (cards, letters, subscriptions) when a page needs it.
 * Tables are prefixed `store_` so the file could also share one PostgreSQL database with
 * the sandbox and the companion server.
 */
export interface StoreTables {
  store_customers: {
    customer_id: string;
    email: string;
    /** `fcus_…`: created with the store's customer, so every session carries it. */
    flex_customer_id: string;
    created_at: number;
  };
  store_orders: {
    order_id: string;
    customer_id: string;
    product_key: string;
    price_id: string;
    name: string;
    amount: number;
    currency: string;
    /** `checkout` (the element), `subscription` (the element), `off_session` (Buy again). */
    kind: string;
    checkout_session_id: string | null;
    /** `pending` → `paid` | `expired` | `failed`. */
    status: string;
    /** What a failed Buy again was told (the API's message, e.g. the LoMN answer). */
    failure: string | null;
    /** How the store learned the order was paid: `webhook`, `off_session_answer`, `success_page`. */
    fulfilled_by: string | null;
    fulfilment_event: string | null;
    payment_intent_id: string | null;
    subscription_id: string | null;
    created_at: number;
    paid_at: number | null;
  };
  /** Every POST to the webhook route and what the signature check said. */
  store_webhook_deliveries: {
    delivery_id: string;
    received_at: number;
    event_id: string | null;
    event_type: string | null;
    http_status: number;
    verified: number;
    /** Why a delivery was refused (the server's message), never the body. */
    rejection: string | null;
  };
  /** Each verified event and what the store's handler made of it. */
  store_webhook_events: {
    event_id: string;
    event_type: string;
    first_received_at: number;
    handler_calls: number;
    handled_at: number | null;
    outcome: string | null;
  };
  store_settings: { key: string; value: string };
}

export type StoreDb = Kysely<StoreTables>;
export type StoreDatabase = Store<StoreTables>;

const migrations: Record<string, Migration> = {
  '0001_store': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('store_customers')
        .addColumn('customer_id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('flex_customer_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('store_orders')
        .addColumn('order_id', 'text', (c) => c.primaryKey())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('product_key', 'text', (c) => c.notNull())
        .addColumn('price_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('amount', 'integer', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('checkout_session_id', 'text', (c) => c.unique())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('failure', 'text')
        .addColumn('fulfilled_by', 'text')
        .addColumn('fulfilment_event', 'text')
        .addColumn('payment_intent_id', 'text')
        .addColumn('subscription_id', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('paid_at', 'bigint')
        .execute();
      await db.schema.createIndex('store_orders_customer').on('store_orders').columns(['customer_id', 'created_at']).execute();
      await db.schema
        .createTable('store_webhook_deliveries')
        .addColumn('delivery_id', 'text', (c) => c.primaryKey())
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addColumn('event_id', 'text')
        .addColumn('event_type', 'text')
        .addColumn('http_status', 'integer', (c) => c.notNull())
        .addColumn('verified', 'integer', (c) => c.notNull())
        .addColumn('rejection', 'text')
        .execute();
      await db.schema
        .createTable('store_webhook_events')
        .addColumn('event_id', 'text', (c) => c.primaryKey())
        .addColumn('event_type', 'text', (c) => c.notNull())
        .addColumn('first_received_at', 'bigint', (c) => c.notNull())
        .addColumn('handler_calls', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('handled_at', 'bigint')
        .addColumn('outcome', 'text')
        .execute();
      await db.schema
        .createTable('store_settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
    },
  },
};

export function openStoreDatabase(url: string): Promise<StoreDatabase> {
  return openStore<StoreTables>({
    url,
    migrations: { getMigrations: () => Promise.resolve(migrations) },
    migrationTable: 'store_migration',
  });
}

/** Short, unguessable IDs: an order's ID is in its page's URL. */
export const newId = (prefix: string) => `${prefix}_${randomBytes(9).toString('base64url')}`;

export async function getSetting(db: StoreDb, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('store_settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

export async function putSetting(db: StoreDb, key: string, value: string): Promise<void> {
  await db
    .insertInto('store_settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}
