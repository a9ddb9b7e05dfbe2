import { ApiError } from '@flex-checkout/protocol';
import type { ErrorHandler } from 'hono';
import type { Logger } from './log.js';
import { logUnreachable } from './upstream.js';

/**
 * The answer to a failure of our own (a bug, a lost database): the one error shape, saying
 * nothing of the cause, which goes to the log instead. Every app this package builds answers
 * it the same way (the server, the webhook route standing alone, the first view).
 */
export const unexpectedError = () => ApiError.one(500, [], 'Something went wrong on our side. Try again in a moment.', 'api_error');

/**
 * An app's `onError` for the apps that stand alone (the webhook route, the first view's
 * widget routes): an ApiError is answered as it says (one the upstream could not be reached
 * for is logged, see logUnreachable); anything else is logged as `failed`
 * and answered with `unexpectedError()`. The server app has its own, which also tells a
 * caller's hang-up apart and logs the request's ID.
 */
export function answerErrors(logger: Logger, failed: string): ErrorHandler {
  return (error, c) => {
    if (error instanceof ApiError) {
      logUnreachable(logger, error, 1);
      return c.json(error.body, error.status);
    }
    logger.error(failed, { error: String(error) });
    return c.json(unexpectedError().body, 500);
  };
}
