import type { Logger } from './log.js';
import type { FlexEvent } from '@flex-checkout/protocol';

/** How a merchant configures the companion server. Everything is optional for a first try. */
export interface FlexCheckoutOptions {
  /**
   * Flex secret key (`fsk_…`). With neither `apiKey` nor `apiBase`, the server runs the
   * sandbox in this process (no account, no network).
   */
  apiKey?: string;
  /** Flex's API origin, or a separately run sandbox (`http://localhost:4243`). */
  apiBase?: string;
  /**
   * A sandbox this process already runs (`createSandbox().app`), used instead of starting
   * another; `apiKey` is then its secret key (default `fsk_test_sandbox`).
   */
  sandboxApp?: { fetch(request: Request): Response | Promise<Response> };
  /** The `whsec_…` secret of the webhook endpoint; the webhook route is off without it. */
  webhookSecret?: string;
  /**
   * Origins whose pages may call the widget routes (CORS). Same-origin pages always may.
   * Default: none besides same-origin.
   */
  allowedOrigins?: string[];
  /** Called once per webhook event, at least once, completed exactly once per event ID. */
  onEvent?: (event: FlexEvent) => void | Promise<void>;
  /**
   * The server's own database (confirm answers, webhook events): an SQLite path or a
   * `postgres://` URL. Default: `DATABASE_URL`, else `.data/flex-server.sqlite`.
   */
  database?: string;
  /** PostgreSQL schema (tests give each run its own). */
  schema?: string;
  /** The embedded sandbox's database, when it runs in process. Default: `.data/sandbox.sqlite`. */
  sandboxDatabase?: string;
  /** Where the widget routes live. Default `/flex`. */
  prefix?: string;
  /** Structured logger. Default: JSON lines on stdout. */
  logger?: Logger;
  /** Requests per minute per checkout session and per IP on the widget routes. */
  rateLimit?: { perSession?: number; perIp?: number };
  /**
   * Whether a proxy in front of this server sets `X-Forwarded-For` (a load balancer, Vercel,
   * Cloudflare). Only then is its first address the caller's; otherwise anyone could send
   * the header to dodge the per-IP limit, so the socket's address is used. Default false.
   */
  trustProxy?: boolean;
}
