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

type Loc = ErrorDetail['loc'];

/**
 * An answer in the one error shape. Throwing it from a handler rolls back everything the
 * request wrote and answers `{"detail":[...]}` with its status.
 */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 402 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 502 | 503,
    readonly detail: ErrorDetail[],
  ) {
    super(detail.map((d) => d.msg).join('; '));
    this.name = 'ApiError';
  }

  get body(): ErrorBody {
    return { detail: this.detail };
  }

  static one(status: ApiError['status'], loc: Loc, msg: string, type: ErrorType | (string & {})): ApiError {
    return new ApiError(status, [{ loc, msg, type }]);
  }
}

export const notFound = (loc: Loc, what: string, id: string) => ApiError.one(404, loc, `No such ${what}: '${id}'`, 'not_found');

export const invalid = (loc: Loc, msg: string) => ApiError.one(422, loc, msg, 'invalid_request_error');

export const conflict = (loc: Loc, msg: string) => ApiError.one(409, loc, msg, 'conflict');

/**
 * Turns a zod failure into the error shape. Wrong JSON types and unknown fields are a
 * malformed request (400); everything else is a well-formed request that is not valid (422).
 *
 * Parse with `{ reportInput: true }`: without it zod leaves `input` out of every issue, and
 * a field of the wrong type could not be told from a missing one.
 */
export function fromZod(error: z.ZodError, where: 'body' | 'query' | 'path'): ApiError {
  const detail: ErrorDetail[] = [];
  let malformed = false;
  for (const issue of error.issues) {
    const base: Loc = [where, ...(issue.path as (string | number)[])];
    if (issue.code === 'unrecognized_keys') {
      malformed = true;
      for (const key of issue.keys) detail.push({ loc: [...base, key], msg: 'Unknown field', type: 'extra_forbidden' });
    } else if (issue.code === 'invalid_type' && issue.input === undefined) {
      detail.push({ loc: base, msg: 'Field required', type: 'missing' });
    } else if (issue.code === 'invalid_type' && where === 'body' && !isNumberForNumber(issue.expected, issue.input)) {
      malformed = true;
      detail.push({ loc: base, msg: `Expected ${issue.expected}`, type: 'type_error' });
    } else if (issue.code === 'invalid_type') {
      // The right JSON type with a value the type does not take (1.5 for an integer), or a
      // query string, which has no JSON type, that does not read as one: a value error.
      detail.push({ loc: base, msg: `Expected ${issue.expected === 'int' ? 'an integer' : `a ${issue.expected}`}`, type: 'value_error' });
    } else {
      detail.push({ loc: base, msg: issue.message, type: 'value_error' });
    }
  }
  return new ApiError(malformed ? 400 : 422, detail);
}

/** A JSON number where a number of another kind was expected (an integer, a finite number). */
const isNumberForNumber = (expected: string, input: unknown) => (expected === 'int' || expected === 'number') && typeof input === 'number';

/**
 * The error body of Flex's API reference: `{"error":{"code":"invalid_request","message":"…"}}`.
 * Flex's guides show the `{"detail":[…]}` shape for the off-session letter check, and a bare
 * `{"detail":"…"}` string is FastAPI's default; a reader of Flex's answers takes all three.
 */
export const FlexErrorEnvelope = z.object({
  error: z.object({ code: z.string(), message: z.string() }).loose(),
});
export type FlexErrorEnvelope = z.infer<typeof FlexErrorEnvelope>;

/** Validation failures, which Flex's reference calls `invalid_request`. */
const VALIDATION_TYPES = new Set(['missing', 'extra_forbidden', 'type_error', 'value_error', 'json_invalid', 'invalid_request_error']);

/** Where a detail points, as words: `checkout_session.line_items.0.price`. */
const field = (loc: ErrorDetail['loc']) =>
  loc.filter((part, i) => !(i === 0 && (part === 'body' || part === 'query' || part === 'path' || part === 'header'))).join('.');

/**
 * An error in the shape Flex's API reference shows. The off-session letter check keeps the
 * shape its own guide shows (`{"detail":[…]}`, Flex's exact words), as Flex answers it.
 */
export function toFlexErrorBody(error: ApiError): ErrorBody | FlexErrorEnvelope {
  if (isLetterRequired(error.detail)) return error.body;
  const [first] = error.detail;
  const code = first && VALIDATION_TYPES.has(first.type) ? 'invalid_request' : (first?.type ?? 'api_error');
  const message = error.detail
    .map((d) => {
      const where = field(d.loc);
      if (d.type === 'missing' && where) return `Missing required parameter: ${where}`;
      // A decline's words are the shopper's (and end with its code): kept as they are.
      return where && d.type !== 'card_error' ? `${d.msg} (${where})` : d.msg;
    })
    .join('; ');
  return { error: { code, message } };
}

/** Exactly Flex's LoMN answer: one entry at `["visit_type"]` with Flex's words. */
export function isLetterRequired(detail: readonly ErrorDetail[]): boolean {
  const [expected] = LETTER_REQUIRED_ERROR.detail;
  const [only] = detail;
  return detail.length === 1 && only !== undefined && only.msg === expected!.msg && only.loc.length === 1 && only.loc[0] === expected!.loc[0];
}

/**
 * The `detail` list of any error body Flex (or the sandbox) may send: `{"detail":[…]}` as it
 * is, `{"error":{code,message}}` as one entry typed by its code, `{"detail":"…"}` as one
 * entry. Null when the body is none of these.
 */
export function readErrorDetail(body: unknown): ErrorDetail[] | null {
  const list = ErrorBody.safeParse(body);
  if (list.success) return list.data.detail;
  const envelope = FlexErrorEnvelope.safeParse(body);
  if (envelope.success) return [{ loc: [], msg: envelope.data.error.message, type: envelope.data.error.code }];
  const text = (body as { detail?: unknown } | null)?.detail;
  if (typeof text === 'string' && text.length > 0) return [{ loc: [], msg: text, type: 'api_error' }];
  return null;
}
