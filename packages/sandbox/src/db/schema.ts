/**
 * The sandbox's tables. Each object is kept whole as JSON in `data` (its API shape, so a read
 * is one row and one parse); the columns beside it are the ones queries filter, join or lock on.
 */
export interface ObjectRow {
  id: string;
  data: string;
}

export interface Database {
  /** `active` (1 or 0) and `client_reference_id` since migration 0005. */
  products: ObjectRow & { active: number | null; client_reference_id: string | null };
  prices: ObjectRow & { product_id: string };
  customers: ObjectRow & { email: string | null; client_reference_id: string | null };
  checkout_sessions: ObjectRow & {
    status: string;
    customer_id: string | null;
    client_secret: string;
    expires_at: number;
  };
  idempotency_keys: {
    /** Whose key it is: a hash of the credential that sent it (see http/writes.ts). */
    scope: string;
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
    /** Milliseconds, sandbox clock: when an uncaptured authorization lapses (migration 0005). */
    capture_before: number | null;
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
  subscriptions: ObjectRow & {
    customer_id: string;
    status: string;
    /** Milliseconds, sandbox clock: the end of the current period; null once it ended. */
    renews_at: number | null;
  };
  invoices: ObjectRow & {
    customer_id: string;
    subscription_id: string | null;
    status: string;
    /** Milliseconds, sandbox clock: the next scheduled payment attempt; null when none. */
    next_attempt_at: number | null;
  };
  /** The outbox: `data` is the event envelope exactly as delivered. */
  events: ObjectRow & { type: string; /** Milliseconds, sandbox clock. */ created_at: number };
  webhook_endpoints: ObjectRow & { /** The `whsec_…` secret, shown once; never in `data`. */ secret: string };
  webhook_deliveries: {
    /** `<event_id>:<endpoint_id>` */
    id: string;
    endpoint_id: string;
    event_id: string;
    status: 'pending' | 'delivered' | 'failed' | 'canceled';
    /** Attempts claimed so far: the claim counts the attempt it starts. */
    attempt_count: number;
    /** Milliseconds, sandbox clock: when the event happened (retries give up 3 days later). */
    created_at: number;
    /** Milliseconds, sandbox clock: when the next attempt is due; null once settled. */
    next_attempt_at: number | null;
    /** The token of the worker holding the row, so only its own writes land (fencing). */
    claimed_by: string | null;
    /** Milliseconds, real time: until when that worker holds it. */
    locked_until: number | null;
    /** Milliseconds, sandbox clock. */
    delivered_at: number | null;
  };
  webhook_attempts: {
    delivery_id: string;
    attempt: number;
    /** Milliseconds, real time (the signature's timestamp). */
    sent_at: number;
    status_code: number | null;
    error: string | null;
    duration_ms: number;
  };
}

export type Table = keyof Database;
