/** The companion server's own tables (its database is not the upstream's). */
export interface ServerDatabase {
  /**
   * One row per confirm attempt (the widget's Idempotency-Key, scoped to its session): the
   * answer is kept so a retry replays it instead of charging again, across processes.
   */
  confirm_attempts: {
    key: string;
    fingerprint: string;
    /** Null while the attempt is in flight. */
    status: number | null;
    body: string | null;
    created_at: number;
  };
  /**
   * Rate-limit counters (guards/rate-limit-store.ts): requests in the current window per
   * key (a hash of "address:…" or "checkout session:…"), shared by every server process.
   */
  rate_limits: {
    key: string;
    /** Unix milliseconds at which the counted window began. */
    window_start: number;
    hits: number;
  };
  /** Webhook events as received, and how their handling went. */
  webhook_events: {
    event_id: string;
    event_type: string;
    payload: string;
    /** `received` (not yet handled), `handled`, or `failed` (gave up after every retry). */
    status: string;
    attempts: number;
    last_error: string | null;
    received_at: number;
    handled_at: number | null;
    /** A worker holds the event until then; another may take it after (a crashed worker). */
    locked_until: number | null;
  };
  /** Values made once and shared by every instance on this database. */
  server_settings: {
    name: string;
    value: string;
  };
}
