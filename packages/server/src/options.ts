import type { Logger } from './log.js';
import type { FlexEvent } from '@flex-checkout/protocol';

/** How a merchant configures the companion server. Everything is optional for a first try. */
export interface FlexCheckoutOptions {
  /**
   * Flex secret key (`fsk_…` live, `fsk_test_…` test). With neither `apiKey` nor `apiBase`, the
   * server runs the sandbox in this process (no account, no network). A key for Flex itself
   * (no `apiBase`) that does not start with `fsk_` is logged as a warning at startup.
   */
  apiKey?: string;
  /** Flex's API origin, or a separately run sandbox (`http://localhost:4243`). */
  apiBase?: string;
  /**
   * A sandbox this process already runs (`createSandbox().app`), used instead of starting
   * another; `apiKey` is then its secret key (default `fsk_test_sandbox`).
   */
  sandboxApp?: { fetch(request: Request): Response | Promise<Response> };
  /**
   * The webhook's signing secret: `fwhsec_…` from Flex's `POST /v1/webhooks` (or `whsec_…`
   * from the sandbox's `/v1/webhook_endpoints`). The webhook route is off without it.
   */
  webhookSecret?: string;
  /**
   * How `<flex-checkout>` checks sessions out:
   *
   * - `'hosted'`: Flex's hosted checkout (`redirect_url`) framed inside the element; the
   *   shopper answers the consultation and pays there. What Flex's API supports today.
   * - `'in-page'`: every step native in the element, through the upstream's browser API.
   *   Only an upstream that offers it (the sandbox's default profile) can.
   *
   * Default: in-page when the upstream offers the browser API (it says so on its answers),
   * hosted otherwise, so pointing the server at Flex needs no other change.
   */
  checkout?: 'in-page' | 'hosted';
  /**
   * The public origin of the merchant's site (`https://shop.example`), where this server's
   * routes are reached. A hosted session's success and cancel URLs lead through the server's
   * return page there (`{publicUrl}{prefix}/return/…`), which tells the element at once that
   * the hosted page finished. Default: the origin of the session's own `success_url` (or
   * `cancel_url`); with neither, the element notices completion by polling alone.
   */
  publicUrl?: string;
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
  /**
   * The embedded sandbox's profile: `default` (with its browser API, so the in-page checkout)
   * or `flex` (only what Flex documents, so the hosted checkout, as against Flex).
   */
  sandboxProfile?: 'default' | 'flex';
  /** Where the widget routes live. Default `/flex`. */
  prefix?: string;
  /** Structured logger. Default: JSON lines on stdout. */
  logger?: Logger;
  /**
   * How long, in milliseconds, a read the element asks for (the session, its status) waits on
   * Flex before the element is answered 502 and tries again. Default 10,000: a shopper is
   * watching a spinner, and the element makes up to four tries. The typed client's calls keep
   * their own 30 s.
   */
  upstreamReadTimeoutMs?: number;
  /** Requests per minute per checkout session and per IP on the widget routes. */
  rateLimit?: { perSession?: number; perIp?: number };
  /**
   * Which proxies in front of this server set `X-Forwarded-For` (a load balancer, Vercel,
   * Cloudflare), as Express's `trust proxy` takes them:
   *
   * - `false` (default): none. The socket's address is the caller's; the header is ignored,
   *   since anyone can send it.
   * - `true`: one proxy in front (the same as `1`).
   * - a number: that many proxies in front, each appending the address it saw.
   * - a list of the proxies' addresses or ranges (`'10.0.0.0/8'`, `'loopback'`,
   *   `'uniquelocal'`): each hop from one of them is believed.
   *
   * The caller is the address the last trusted proxy saw: the right-most address that is
   * not a trusted proxy. Never the left-most, which the client writes itself and could
   * change on every request to dodge the per-IP limit.
   *
   * @example One load balancer in front: `X-Forwarded-For: <anything the client sent>, 203.0.113.7`
   * is read as 203.0.113.7.
   * ```ts
   * createFlexCheckout({ trustProxy: 1 });
   * ```
   * @example A CDN, then an internal proxy on 10.0.0.0/8:
   * ```ts
   * createFlexCheckout({ trustProxy: 2 });                          // by count, or
   * createFlexCheckout({ trustProxy: ['10.0.0.0/8', '198.51.100.0/24'] }); // by address
   * ```
   */
  trustProxy?: boolean | number | string[];
}
