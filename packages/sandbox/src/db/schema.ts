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
  payment_methods: ObjectRow & {
    customer_id: string | null;
    /** How the test processor treats this card (`succeeds`, `insufficient_funds`…); never the number. */
    behaviour: string;
  };
  confirmation_tokens: ObjectRow & { payment_method_id: string; used_at: number | null };
  payment_intents: ObjectRow & {
    checkout_session_id: string | null;
    customer_id: string | null;
    status: string;
    client_secret: string;
  };
  setup_intents: ObjectRow & {
    checkout_session_id: string | null;
    customer_id: string | null;
    status: string;
    client_secret: string;
  };
  consultations: ObjectRow & {
    checkout_session_id: string | null;
    customer_id: string | null;
    status: string;
    /**
     * The answers, kept as a provider keeps a medical record: never returned by any
     * endpoint, never logged. Only the decision is ever shown.
     */
    answers: string;
  };
  letters: ObjectRow & {
    customer_id: string | null;
    checkout_session_id: string | null;
    visit_type: string;
    /** Milliseconds, sandbox clock. */
    expires_at: number;
  };
}

export type Table = keyof Database;
