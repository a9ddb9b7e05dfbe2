import type { Context } from 'hono';
import { ApiError } from './errors.js';

/**
 * Whether reading a request failed because its client went away mid-body (a cancelled
 * upload, a closed tab, the server's request timeout). Node fails the read with
 * Error('aborted'), code ECONNRESET.
 */
export function isClientAbort(error: unknown, request?: Request): boolean {
  if (request?.signal.aborted) return true;
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (code === 'ECONNRESET' && message === 'aborted') || code === 'ERR_STREAM_PREMATURE_CLOSE';
}

/**
 * Logs a client that hung up as what it is — at info, not as an unhandled error — and gives
 * the error to throw: nobody reads the answer, but the request must end without a 500.
 */
export function clientAborted(c: Context): ApiError {
  console.log(JSON.stringify({ level: 'info', msg: 'client aborted', method: c.req.method, path: c.req.path }));
  c.header('connection', 'close');
  return ApiError.one(400, ['body'], 'The connection closed before the request body ended', 'client_aborted');
}
