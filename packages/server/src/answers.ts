import { ApiError } from '@flex-checkout/protocol';

/**
 * The answer to a failure of our own (a bug, a lost database): the one error shape, saying
 * nothing of the cause, which goes to the log instead. Every app this package builds answers
 * it the same way (the server, the webhook route standing alone, the first view).
 */
export const unexpectedError = () => ApiError.one(500, [], 'Something went wrong on our side. Try again in a moment.', 'api_error');
