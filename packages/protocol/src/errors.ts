import { z } from 'zod';

/**
 * Where an error points: `["body", "checkout_session", "line_items", 0, "price"]`,
 * `["query", "limit"]`, `["path", "id"]`, `["header", "authorization"]`, or a bare field
 * name where Flex documents one (`["visit_type"]` for the LoMN answer).
 */
export const ErrorLoc = z.array(z.union([z.string(), z.number()]));

/** The kinds of error every flex-checkout process may answer with. */
export const ErrorType = z.enum([
  /** The request is well-formed but not allowed as asked (Flex's own type). */
  'invalid_request_error',
  /** The body is not JSON. */
  'json_invalid',
  /** A required field is absent. */
  'missing',
  /** A field the object does not have. */
  'extra_forbidden',
  /** A field of the wrong JSON type. */
  'type_error',
  /** A field of the right type with a value that is not allowed. */
  'value_error',
  /** No such object. */
  'not_found',
  /** A missing or wrong API key or client secret. */
  'authentication_error',
  /** An Idempotency-Key reused with another request. */
  'idempotency_error',
  /** A request that conflicts with the object's state. */
  'conflict',
  /** The checkout session expired: start a new one. */
  'session_expired',
  /** The card was declined; the message says why in a shopper's words. */
  'card_error',
  /** Too many requests. */
  'rate_limit_error',
  /** A body over the size limit. */
  'payload_too_large',
  /** Something failed on our side; nothing was written. */
  'api_error',
]);
export type ErrorType = z.infer<typeof ErrorType>;

export const ErrorDetail = z.object({
  loc: ErrorLoc,
  msg: z.string(),
  type: z.string(),
});
export type ErrorDetail = z.infer<typeof ErrorDetail>;

/** The one error shape: `{"detail":[{"loc":[...],"msg":"...","type":"..."}]}`. */
export const ErrorBody = z.object({ detail: z.array(ErrorDetail).min(1) });
export type ErrorBody = z.infer<typeof ErrorBody>;

/** The exact answer Flex gives when no valid letter covers the product's visit type. */
export const LETTER_REQUIRED_ERROR: ErrorBody = {
  detail: [
    {
      loc: ['visit_type'],
      msg: 'A LoMN is required for this visit type',
      type: 'invalid_request_error',
    },
  ],
};
