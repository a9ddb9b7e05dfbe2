/**
 * How long a client may take to send a request before the sandbox's own HTTP server (the
 * `flex-sandbox` CLI) answers 408 and closes the connection. Node's defaults (60 s for
 * headers, 5 minutes for a request) let a client that trickles its bytes hold a socket for
 * minutes; an API call is a few kilobytes.
 */
export const DEFAULT_TIMEOUTS = { headersTimeout: 10_000, requestTimeout: 30_000 };

/**
 * Node's `http.createServer` options for these timeouts. Node checks them on an interval
 * (30 s by default, longer than the timeouts themselves), so it is made a fraction of the
 * shorter one; `headersTimeout` may not exceed `requestTimeout`.
 */
export function timeoutOptions({ headersTimeout = DEFAULT_TIMEOUTS.headersTimeout, requestTimeout = DEFAULT_TIMEOUTS.requestTimeout } = {}) {
  const headers = Math.min(headersTimeout, requestTimeout);
  return {
    headersTimeout: headers,
    requestTimeout,
    connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(headers / 4))),
  };
}
