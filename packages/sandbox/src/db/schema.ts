/**
 * The sandbox's tables. Each object is kept whole as JSON in `data` (its API shape, so a read
 * is one row and one parse); the columns beside it are the ones queries filter, join or lock on.
 */
export interface ObjectRow {
  id: string;
  data: string;
}

export interface Database {
  products: ObjectRow;
  prices: ObjectRow & { product_id: string };
  customers: ObjectRow & { email: string | null; client_reference_id: string | null };
  checkout_sessions: ObjectRow & {
    status: string;
    customer_id: string | null;
    client_secret: string;
    expires_at: number;
  };
  idempotency_keys: {
    key: string;
    fingerprint: string;
    status: number | null;
    body: string | null;
    created_at: number;
  };
  sandbox_state: { key: string; value: string };
}

export type Table = keyof Database;
