import { ApiError } from '@flex-checkout/protocol';
import { readWithin } from '@flex-checkout/protocol/request-body';
import type { Context, MiddlewareHandler } from 'hono';

/** 64 KB is far more than any widget call needs. */
export const WIDGET_BODY_LIMIT = 64 * 1024;
/**
 * How much of a refused body is still read (and thrown away) before the 413. Answering
 * while the client is still sending leaves the connection half-read: a keep-alive client
 * (Node's fetch) would send its next request into the rest of the body and get a reset, or
 * get EPIPE on this one. Past this, the 413 closes the connection instead.
 */
export const DRAIN_LIMIT = 8 * 1024 * 1024;

/**
 * Refuses a body over `maxSize` with 413 in the error shape. The body is read to its end
 * first (up to DRAIN_LIMIT), so the client gets the answer and the connection stays usable;
 * a larger one is answered at once with `Connection: close`.
 */
export function limitBody(maxSize = WIDGET_BODY_LIMIT): MiddlewareHandler {
  const refuse = (c: Context, close: boolean) =>
    c.json(
      ApiError.one(413, ['body'], `The body is larger than ${Math.round(maxSize / 1024)} KB`, 'payload_too_large').body,
      413,
      close ? { connection: 'close' } : {},
    );
  return async (c, next) => {
    // GET and HEAD carry no body. Asking the raw request for one would make
    // @hono/node-server build a whole Fetch Request for every widget read.
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const body = c.req.raw.body;
    if (!body) return next();
    const length = c.req.header('transfer-encoding') ? NaN : Number(c.req.header('content-length'));
    if (length <= maxSize) return next(); // Node holds the body to its Content-Length
    if (length > DRAIN_LIMIT) return refuse(c, true);
    const read = await readWithin(body, maxSize, DRAIN_LIMIT);
    if (read.bytes) {
      c.req.raw = new Request(c.req.raw, { body: read.bytes });
      return next();
    }
    return refuse(c, !read.drained);
  };
}
