/**
 * What every adapter takes: anything with a Fetch-style `fetch` — a Hono app (`flex.app`),
 * or any other handler of `Request` → `Response`. `env` and `executionCtx` are passed on
 * where the runtime has them (Node's request and response, Workers' bindings).
 */
export interface FetchApp {
  // `unknown`: a Hono app types its env by its own bindings (a method's parameters accept
  // them); every adapter passes what it has.
  fetch(request: Request, env?: unknown, executionCtx?: unknown): Response | Promise<Response>;
}

/**
 * The app, or a promise of it: `createFlexCheckout` is async, and a route file or a worker
 * is evaluated before it can be awaited. The adapters wait for it on the first request.
 */
export type FetchAppLike = FetchApp | PromiseLike<FetchApp>;
