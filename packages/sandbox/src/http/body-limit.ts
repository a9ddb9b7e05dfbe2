import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { clientAborted, isClientAbort } from './client-abort.js';
import { ApiError } from './errors.js';

/**
 * Refuses a body over `maxSize` with 413, and closes the connection after the answer: the
 * rest of the body is never read, so a client that reuses the socket (Node's fetch does)
 * would send its next request into those bytes and get a reset. A client that hangs up
 * while the limit reads its body (chunked uploads) is logged as an abort, not a failure.
 */
export function limitBody(maxSize: number): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize,
    onError: (c) => {
      c.header('connection', 'close');
      throw ApiError.one(413, ['body'], `The body is larger than ${maxSize / (1024 * 1024)} MB`, 'payload_too_large');
    },
  });
  return async (c, next) => {
    try {
      return await limit(c, next);
    } catch (error) {
      // Only the limit's own reading lands here: what later handlers throw is answered where
      // it is thrown (Hono's onError).
      if (isClientAbort(error, c.req.raw)) throw clientAborted(c);
      throw error;
    }
  };
}
