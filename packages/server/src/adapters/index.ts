/**
 * Adapters: the companion server's Hono app (or any Fetch-style app) on Node's `http`, in
 * Express / Connect, in a Next.js App Router route, and as a plain Fetch handler for Bun,
 * Deno, Workers and the rest. Each has an example in the package README.
 */
export type { FetchApp, FetchAppLike } from './fetch-app.js';
export { serve, DEFAULT_TIMEOUTS, type RunningServer, type ServeOptions } from './node.js';
export { toExpress, type ExpressLikeRequest, type ExpressMiddleware } from './express.js';
export { toNextRouteHandler, type NextRouteHandlers } from './next.js';
export { toFetchHandler, type FetchHandler } from './fetch.js';
