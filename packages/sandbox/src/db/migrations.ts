import type { CreateTableBuilder, Kysely, Migration, MigrationProvider } from 'kysely';

/**
 * What a migration knows of the database: nothing but what it creates with the schema
 * builder (never the app's Database type, which describes the latest schema, not the one a
 * migration runs on).
 */
type Schema = Kysely<unknown>;

/**
 * Tables a migration reads and rewrites with the query builder: each keeps its objects whole
 * as JSON text in `data`, keyed by `id`. A rewrite may set a column kept beside `data`.
 */
interface StoredRow {
  id: string;
  data: string;
  active?: number;
  client_reference_id?: string | null;
}
type StoredObjects = Kysely<Record<string, StoredRow>>;

/** A table 0005 creates, after its `id` and `data` columns. */
type TableBuilder = CreateTableBuilder<string, string>;

/** The fields of objects stored before 0005 that its rewrite reads; every other field is kept as it was. */
interface ProductBefore0005 {
  active?: boolean;
  client_reference_id?: string | null;
}
interface AddressBefore0005 {
  line1?: string | null;
  line2?: string | null;
  city?: string | null;
  state?: string | null;
  postal_code?: string | null;
  country?: string | null;
}
interface CustomerBefore0005 {
  customer_id: string;
  employer?: unknown;
  /** An address, or (earlier still) `{ address }`. */
  shipping?: AddressBefore0005 | { address: AddressBefore0005 | null } | null;
}
interface SessionBefore0005 {
  payment_intent_id?: string | null;
  /** The ID, or (earlier) the payment intent itself. */
  payment_intent?: string | { payment_intent_id?: string | null; amount_received?: number | null } | null;
  line_items?: object[];
}
interface InvoiceBefore0005 {
  amount_due: number;
  lines?: object[];
}

/**
 * Migrations in code, in order. Types are the common subset of SQLite and PostgreSQL
 * (text, integer, bigint) so one list serves both. Never edit a released migration: add one.
 */
const migrations: Record<string, Migration> = {
  '0001_catalog_customers_sessions': {
    async up(db: Schema) {
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
      await db.schema.createIndex('checkout_sessions_open').on('checkout_sessions').columns(['status', 'expires_at']).execute();
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
    async up(db: Schema) {
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
  '0003_billing_events_webhooks': {
    async up(db: StoredObjects) {
      await db.schema
        .createTable('subscriptions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        // Milliseconds, sandbox clock: when the current period ends (null once canceled).
        .addColumn('renews_at', 'bigint')
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('subscriptions_customer').on('subscriptions').column('customer_id').execute();
      await db.schema.createIndex('subscriptions_due').on('subscriptions').column('renews_at').execute();
      await db.schema
        .createTable('invoices')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
        .addColumn('subscription_id', 'text', (c) => c.references('subscriptions.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        // Milliseconds, sandbox clock: the next scheduled payment attempt (null: none).
        .addColumn('next_attempt_at', 'bigint')
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('invoices_customer').on('invoices').column('customer_id').execute();
      await db.schema.createIndex('invoices_subscription').on('invoices').column('subscription_id').execute();
      await db.schema.createIndex('invoices_due').on('invoices').columns(['status', 'next_attempt_at']).execute();
      // The outbox: written in the transaction of the change each event describes.
      await db.schema
        .createTable('events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('events_type').on('events').column('type').execute();
      await db.schema
        .createTable('webhook_endpoints')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
      // One row per (event, endpoint), made with the event. A worker claims a row by writing
      // its own token in `claimed_by` and a lease (real time) in `locked_until`; the claim
      // counts the attempt it starts.
      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('endpoint_id', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempt_count', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('next_attempt_at', 'bigint')
        .addColumn('claimed_by', 'text')
        .addColumn('locked_until', 'bigint')
        .addColumn('delivered_at', 'bigint')
        .execute();
      await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();
      await db.schema.createIndex('webhook_deliveries_endpoint').on('webhook_deliveries').columns(['endpoint_id', 'event_id']).execute();
      await db.schema
        .createTable('webhook_attempts')
        .addColumn('delivery_id', 'text', (c) => c.notNull())
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('sent_at', 'bigint', (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('error', 'text')
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('webhook_attempts_pk', ['delivery_id', 'attempt'])
        .execute();
      // Customers gain `default_payment_method`; the ones stored before have none yet.
      const stored = await db.selectFrom('customers').select(['id', 'data']).execute();
      for (const row of stored) {
        const customer = JSON.parse(row.data) as Record<string, unknown>;
        if ('default_payment_method' in customer) continue;
        const { created_at, test_mode, ...rest } = customer;
        const data = JSON.stringify({ ...rest, default_payment_method: null, created_at, test_mode });
        await db.updateTable('customers').set({ data }).where('id', '=', row.id).execute();
      }
    },
  },
  // Idempotency-Keys belong to the credential that sent them (as Stripe scopes them): a key
  // the card frame or a shopper's page used first must not 409 the merchant's request.
  // Keys live 24 hours and those kept before had no scope; they are let go.
  '0004_idempotency_key_scope': {
    async up(db: Schema) {
      await db.schema.dropTable('idempotency_keys').execute();
      await db.schema
        .createTable('idempotency_keys')
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('status', 'integer')
        .addColumn('body', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
        .execute();
    },
  },
  // Flex's money after the charge and what changes a total: coupons, promo codes, shipping
  // rates, refunds, captures, disputes, balance transactions and payouts. Objects stored
  // before gain the fields Flex documents (a session's payment_intent becomes its ID).
  '0005_money_promotions_shipping': {
    async up(db: StoredObjects) {
      const objects = (name: string, columns: (t: TableBuilder) => TableBuilder = (t) => t) =>
        columns(
          db.schema
            .createTable(name)
            .addColumn('id', 'text', (c) => c.primaryKey())
            .addColumn('data', 'text', (c) => c.notNull()),
        ).execute();
      await objects('coupons');
      await objects('promo_codes', (t) =>
        t
          .addColumn('code_key', 'text', (c) => c.notNull().unique())
          .addColumn('coupon_id', 'text', (c) => c.notNull().references('coupons.id'))
          .addColumn('active', 'integer', (c) => c.notNull()),
      );
      await objects('shipping_rates');
      await objects('refunds', (t) =>
        t
          .addColumn('payment_intent_id', 'text', (c) => c.notNull().references('payment_intents.id'))
          .addColumn('checkout_session_id', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('amount', 'bigint', (c) => c.notNull()),
      );
      await db.schema.createIndex('refunds_payment_intent').on('refunds').column('payment_intent_id').execute();
      await db.schema.createIndex('refunds_session').on('refunds').column('checkout_session_id').execute();
      await objects('captures', (t) => t.addColumn('checkout_session_id', 'text', (c) => c.notNull().references('checkout_sessions.id')));
      await db.schema.createIndex('captures_session').on('captures').column('checkout_session_id').execute();
      await objects('disputes', (t) =>
        t
          .addColumn('payment_intent_id', 'text', (c) => c.notNull().references('payment_intents.id'))
          .addColumn('charge_id', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull()),
      );
      await db.schema.createIndex('disputes_payment_intent').on('disputes').column('payment_intent_id').execute();
      await objects('balance_transactions', (t) =>
        t
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('source_id', 'text', (c) => c.notNull())
          .addColumn('payout_id', 'text')
          // Milliseconds, sandbox clock: when its funds are available to pay out.
          .addColumn('available_at', 'bigint', (c) => c.notNull()),
      );
      await db.schema.createIndex('balance_transactions_payout').on('balance_transactions').columns(['payout_id', 'available_at']).execute();
      await objects('payouts', (t) => t.addColumn('created_at', 'bigint', (c) => c.notNull()));
      // An uncaptured authorization lapses at capture_before (milliseconds, sandbox clock).
      await db.schema.alterTable('payment_intents').addColumn('capture_before', 'bigint').execute();
      await db.schema.createIndex('payment_intents_capture_before').on('payment_intents').column('capture_before').execute();
      await db.schema.alterTable('products').addColumn('active', 'integer').execute();
      await db.schema.alterTable('products').addColumn('client_reference_id', 'text').execute();

      // Each stored object is read as the shape 0005 found (only the fields its change reads are
      // named), changed, and written back with the columns kept beside it.
      const rewrite = async <Before extends object, After extends object>(
        table: string,
        change: (o: Before) => After,
        columns: (o: After) => Pick<StoredRow, 'active' | 'client_reference_id'> = () => ({}),
      ) => {
        const rows = await db.selectFrom(table).select(['id', 'data']).execute();
        for (const row of rows) {
          const object = change(JSON.parse(row.data) as Before);
          await db
            .updateTable(table)
            .set({ data: JSON.stringify(object), ...columns(object) })
            .where('id', '=', row.id)
            .execute();
        }
      };
      const lines = (list: object[] | undefined) => (list ?? []).map((l) => ({ amount_discount: 0, ...l }));
      await rewrite(
        'products',
        (p: ProductBefore0005) => ({
          reference_gtin: null,
          url: null,
          client_reference_id: null,
          document_description: null,
          receipt_description: null,
          categories: [],
          image_urls: [],
          ...p,
        }),
        (p) => ({ active: p.active ? 1 : 0, client_reference_id: p.client_reference_id }),
      );
      await rewrite('customers', (c: CustomerBefore0005) => {
        const old = c.shipping && 'address' in c.shipping ? c.shipping.address : c.shipping;
        const shipping = old
          ? {
              shipping_address_id: `fsh_${String(c.customer_id).slice(5)}`,
              line1: old.line1 ?? null,
              line2: old.line2 ?? null,
              city: old.city ?? null,
              state: old.state ?? null,
              postal_code: old.postal_code ?? null,
              country: old.country ?? null,
            }
          : null;
        return { ...c, employer: c.employer ?? null, shipping };
      });
      await rewrite('payment_intents', (pi) => ({
        amount_capturable: 0,
        capture_method: 'automatic',
        capture_before: null,
        cancellation_reason: null,
        latest_charge: null,
        invoice: null,
        metadata: null,
        ...pi,
      }));
      await rewrite('checkout_sessions', (s: SessionBefore0005) => {
        const id = s.payment_intent_id ?? (typeof s.payment_intent === 'string' ? s.payment_intent : (s.payment_intent?.payment_intent_id ?? null));
        const received = s.payment_intent && typeof s.payment_intent === 'object' ? s.payment_intent.amount_received : 0;
        return {
          amount_received: received ?? 0,
          amount_refunded: 0,
          amount_disputed: 0,
          captures: [],
          disputes: [],
          discounts: [],
          payment_intents: id ? [id] : [],
          latest_charge: null,
          refunds: [],
          shipping_allowed_countries: null,
          tax_calculation_mode: 'exclusive',
          ...s,
          line_items: lines(s.line_items),
          payment_intent: id,
          payment_intent_id: id,
          shipping_details: null,
          shipping_options: null,
          tax_rate: null,
        };
      });
      await rewrite('subscriptions', (s) => ({ discount: null, ...s }));
      await rewrite('invoices', (i: InvoiceBefore0005) => ({
        subtotal: i.amount_due,
        amount_discount: 0,
        amount_shipping: 0,
        amount_tax: 0,
        total: i.amount_due,
        charge: null,
        collection_method: 'charge_automatically',
        metadata: null,
        ...i,
        lines: lines(i.lines),
      }));
    },
  },
  // A session's letter is found by the session (findValidLetter, for a shopper who is not yet
  // a customer; attachSessionLetters at completion). Without this index each of those read
  // every letter: a session read and a confirm cost more the more letters were ever issued.
  '0006_letters_by_session': {
    async up(db: Schema) {
      await db.schema.createIndex('letters_session').on('letters').column('checkout_session_id').execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
