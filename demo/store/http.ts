import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isClientAbort, readWithin } from '@flex-checkout/protocol/request-body';
import type { Context, MiddlewareHandler } from 'hono';

/**
 * HTTP hygiene for the store's own pages: a body limit that leaves no half-read connection
 * behind, and client aborts logged as what they are.
 */

/** The store's forms are a few fields; 16 KB is plenty. */
export const FORM_BODY_LIMIT = 16 * 1024;
/**
 * How much of a refused body is still read (and thrown away) before the 413: answering while
 * the client is still sending leaves the connection half-read, and a keep-alive client would
 * send its next request into the rest (a reset). Past this, the 413 closes the connection.
 */
export const DRAIN_LIMIT = 4 * 1024 * 1024;

/**
 * Refuses a body over `maxSize` with `page` (a 413). The body is read to its end first, up
 * to DRAIN_LIMIT, so the browser gets the page and the connection stays usable; a larger one
 * is answered at once with `Connection: close`. (The same rule as the companion server's and
 * the sandbox's body limits.)
 */
export function limitForms(page: (c: Context) => Response | Promise<Response>, maxSize = FORM_BODY_LIMIT): MiddlewareHandler {
  return async (c, next) => {
    const body = c.req.raw.body;
    if (!body) return next();
    const length = c.req.header('transfer-encoding') ? NaN : Number(c.req.header('content-length'));
    if (length <= maxSize) return next(); // Node holds the body to its Content-Length
    let drained = false;
    if (!(length > DRAIN_LIMIT)) {
      try {
        const read = await readWithin(body, maxSize, DRAIN_LIMIT);
        if (read.bytes) {
          c.req.raw = new Request(c.req.raw, { body: read.bytes });
          return next();
        }
        drained = read.drained;
      } catch (error) {
        if (!isClientAbort(error, c.req.raw)) throw error;
        logClientAbort(c);
        return c.body(null, 400, { connection: 'close' });
      }
    }
    if (!drained) c.header('connection', 'close');
    return page(c);
  };
}

/** A client that went away is not the store's failure: info, not error. */
export function logClientAbort(c: Context): void {
  console.log(JSON.stringify({ level: 'info', msg: 'client aborted', method: c.req.method, path: c.req.path }));
}

/**
 * The demo's data folder, readable by this user only: 0700, its files 0600. New files are
 * made so (@flex-checkout/storage); this also tightens a folder an earlier version left open.
 */
export function tightenDataDir(dir: string): void {
  if (!existsSync(dir)) return;
  chmodSync(dir, 0o700);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) tightenDataDir(path);
    else if (stat.isFile()) chmodSync(path, 0o600);
  }
}
