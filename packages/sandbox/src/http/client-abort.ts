import type { Context } from 'hono';
import { ApiError } from './errors.js';

/**
 * Logs a client that hung up as what it is — at info, not as an unhandled error — and gives
 * the error to throw: nobody reads the answer, but the request must end without a 500.
 */
export function clientAborted(c: Context): ApiError {
  console.log(JSON.stringify({ level: 'info', msg: 'client aborted', method: c.req.method, path: c.req.path }));
  c.header('connection', 'close');
  return ApiError.one(400, ['body'], 'The connection closed before the request body ended', 'client_aborted');
}
