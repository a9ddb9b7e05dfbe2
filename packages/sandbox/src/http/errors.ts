import type { ErrorBody, ErrorDetail, ErrorType } from '@flex-checkout/protocol';
import type { z } from 'zod';

type Loc = ErrorDetail['loc'];

/**
 * An answer in the one error shape. Throwing it from a handler rolls back everything the
 * request wrote and answers `{"detail":[...]}` with its status.
 */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 402 | 403 | 404 | 409 | 413 | 422 | 429 | 500,
    readonly detail: ErrorDetail[],
  ) {
    super(detail.map((d) => d.msg).join('; '));
    this.name = 'ApiError';
  }

  get body(): ErrorBody {
    return { detail: this.detail };
  }

  static one(status: ApiError['status'], loc: Loc, msg: string, type: ErrorType | string): ApiError {
    return new ApiError(status, [{ loc, msg, type }]);
  }
}

export const notFound = (loc: Loc, what: string, id: string) =>
  ApiError.one(404, loc, `No such ${what}: '${id}'`, 'not_found');

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
