import type { FetchAppLike } from './fetch-app.js';

type RouteHandler = (request: Request) => Promise<Response>;

/** The exports of a Next.js App Router `route.ts`. */
export interface NextRouteHandlers {
  GET: RouteHandler;
  HEAD: RouteHandler;
  POST: RouteHandler;
  PUT: RouteHandler;
  PATCH: RouteHandler;
  DELETE: RouteHandler;
  OPTIONS: RouteHandler;
}

/**
 * The app as Next.js App Router route handlers, for a catch-all route file. Next hands each
 * handler the whole request (its full URL), so the app sees `/flex/…` exactly as it would on
 * its own server: put the file where its routes live, `app/flex/[...path]/route.ts` for the
 * default `/flex` prefix. The route needs the Node.js runtime (the server keeps its own
 * database and uses node:crypto). Takes the app or a promise of it, since a route module
 * is evaluated before `createFlexCheckout` can be awaited.
 *
 * @example app/flex/[...path]/route.ts
 * ```ts
 * import { toNextRouteHandler } from '@flex-checkout/server';
 * import { flex } from '@/lib/flex'; // export const flex = createFlexCheckout({ ... })
 * export const runtime = 'nodejs';
 * export const dynamic = 'force-dynamic';
 * export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = toNextRouteHandler(flex.then((f) => f.app));
 * ```
 */
export function toNextRouteHandler(app: FetchAppLike): NextRouteHandlers {
  const ready = Promise.resolve(app);
  // Next passes a second argument (the route's params); the app reads the path itself.
  const handle: RouteHandler = async (request) => (await ready).fetch(request);
  return { GET: handle, HEAD: handle, POST: handle, PUT: handle, PATCH: handle, DELETE: handle, OPTIONS: handle };
}
