import type { FetchAppLike } from './fetch-app.js';

/** A Fetch handler: `Request` in, `Promise<Response>` out. */
export type FetchHandler = (request: Request, env?: unknown, executionCtx?: unknown) => Promise<Response>;

/**
 * The app as a plain Fetch handler, for Bun, Deno, Cloudflare Workers, and anything else
 * that speaks `Request`/`Response`. Bindings and the execution context are passed on.
 * Takes the app or a promise of it (`createFlexCheckout(...).then((f) => f.app)`).
 *
 * @example Bun: `Bun.serve({ port: 4244, fetch: toFetchHandler(flex.app) })`
 * @example Deno: `Deno.serve({ port: 4244 }, toFetchHandler(flex.app))`
 * @example Any module-style runtime: `export default { fetch: toFetchHandler(createFlexCheckout(options).then((f) => f.app)) }`
 */
export function toFetchHandler(app: FetchAppLike): FetchHandler {
  const ready = Promise.resolve(app);
  return async (request, env, executionCtx) => (await ready).fetch(request, env, executionCtx);
}
