import { isClientAbort, readWithin } from '@flex-checkout/protocol/request-body';
import type { MiddlewareHandler } from 'hono';
import { clientAborted } from './client-abort.js';
import { ApiError } from './errors.js';

/**
 * How much of a refused body is still read (and thrown away) before the 413. Answering
 * while the client is still sending leaves the connection half-read: a keep-alive client
 * (Node's fetch) would send its next request into the rest of the body and get a reset, or
 * get EPIPE on this one. Past this, the 413 closes the connection instead.
 */
export const DRAIN_LIMIT = 16 * 1024 * 1024;

/**
 * Refuses a body over `maxSize` with 413 (in the profile's error shape: it is thrown). The
 * body is read to its end first, up to DRAIN_LIMIT, so the client gets the answer and the
 * connection stays usable; a larger one is answered at once with `Connection: close`. A
 * client that hangs up while its body is read is logged as an abort, not a failure.
 */
export function limitBody(maxSize: number, what = `The body is larger than ${maxSize / (1024 * 1024)} MB`): MiddlewareHandler {
  const tooLarge = () => ApiError.one(413, ['body'], what, 'payload_too_large');
  return async (c, next) => {
    const body = c.req.raw.body;
    if (!body) return next();
    const length = c.req.header('transfer-encoding') ? NaN : Number(c.req.header('content-length'));
    if (length <= maxSize) return next(); // Node holds the body to its Content-Length
    if (length > DRAIN_LIMIT) {
      c.header('connection', 'close');
      throw tooLarge();
    }
    let read: Awaited<ReturnType<typeof readWithin>>;
    try {
      read = await readWithin(body, maxSize, DRAIN_LIMIT);
    } catch (error) {
      if (isClientAbort(error, c.req.raw)) throw clientAborted(c);
      throw error;
    }
    if (read.bytes) {
      c.req.raw = new Request(c.req.raw, { body: read.bytes });
      return next();
    }
    if (!read.drained) c.header('connection', 'close');
    throw tooLarge();
  };
}
