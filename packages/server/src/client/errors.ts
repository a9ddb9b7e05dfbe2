import { ApiError, isLetterRequired, readErrorDetail, type ErrorDetail } from '@flex-checkout/protocol';
import { retryAfterSeconds, SecretKeyRefusedError } from '../upstream.js';

/** What every error the client throws carries, besides its message. */
export interface FlexErrorInit {
  status: number;
  detail: ErrorDetail[];
}

/**
 * An error answer from Flex (or the sandbox), or a failure to get one. `detail` is the
 * upstream's whole `detail` list, exactly as it came, so nothing it said is lost (an answer
 * with no such list gets one entry saying what it did say, or what its status means); `type` is
 * the first entry's type (`"card_error"`, `"not_found"`…). Catch a subclass to act on one
 * kind of failure; catch `FlexError` for all of them.
 *
 * @example
 * ```ts
 * try {
 *   await flex.client.products.retrieve(id);
 * } catch (error) {
 *   if (error instanceof NotFoundError) return null;
 *   if (error instanceof FlexError) console.error(error.status, error.detail);
 *   throw error;
 * }
 * ```
 */
export class FlexError extends Error {
  /** The HTTP status of the answer (502 when Flex could not be reached, or its success could not be read). */
  readonly status: number;
  /** Every entry of the answer's `{"detail":[...]}`, unchanged. */
  readonly detail: ErrorDetail[];
  /** The first entry's `type`: `invalid_request_error`, `card_error`, `not_found`… */
  readonly type: string;

  constructor({ status, detail }: FlexErrorInit) {
    super(messageOf(detail, status));
    this.name = new.target.name;
    this.status = status;
    this.detail = detail;
    this.type = detail[0]?.type ?? 'api_error';
  }
}

/**
 * The customer holds no valid Letter of Medical Necessity for the visit type of what was
 * charged: Flex's 422 `{"detail":[{"loc":["visit_type"],"msg":"A LoMN is required for this
 * visit type","type":"invalid_request_error"}]}`. Off session this means: send the
 * customer through an on-session checkout for that visit type (it holds the consultation)
 * before charging them off session again.
 *
 * @example
 * ```ts
 * try {
 *   await flex.client.offSession.charge({ customer, paymentMethod, lineItems: [{ price }] });
 * } catch (error) {
 *   if (error instanceof LetterRequiredError) await emailCheckoutLink(customer);
 *   else throw error;
 * }
 * ```
 */
export class LetterRequiredError extends FlexError {}

/**
 * An off-session create's refusal read as `LetterRequiredError` when it speaks of a letter.
 * Flex's off-session guide shows one wording (a 422 at `["visit_type"]`, "A LoMN is required
 * for this visit type"), which `errorFromAnswer` matches exactly anywhere; an off-session
 * charge can be refused 422 for no other reason that names a letter, so there any 422 whose
 * message or type does (LoMN, LMN, letter) is that refusal in other words.
 */
export function letterRefusal(error: unknown): unknown {
  if (!(error instanceof ValidationError) || error.status !== 422) return error;
  const speaksOfLetter = error.detail.some((d) => /\b(lomn|lmn)\b|letter/i.test(d.msg) || /lomn|lmn|letter/i.test(d.type));
  return speaksOfLetter ? new LetterRequiredError({ status: error.status, detail: error.detail }) : error;
}

/**
 * The card was declined (402, `card_error`). `declineCode` is the reason when Flex gives
 * one, e.g. `insufficient_funds`, or `authentication_required` for a card that wants 3-D
 * Secure, which cannot happen off session.
 *
 * @example
 * ```ts
 * catch (error) {
 *   if (error instanceof CardDeclinedError && error.declineCode === 'authentication_required') askToPayOnSession();
 * }
 * ```
 */
export class CardDeclinedError extends FlexError {
  /** The decline code when the answer names one, else null. */
  readonly declineCode: string | null;

  constructor(init: FlexErrorInit) {
    super(init);
    this.declineCode = declineCodeOf(init.detail);
  }
}

/** The secret key is missing or wrong (401). Check `apiKey`; never retry with the same key. */
export class AuthenticationError extends FlexError {}

/** No such object, or no such route (404). */
export class NotFoundError extends FlexError {}

/** The `Idempotency-Key` was already used with a different request (409 `idempotency_error`). */
export class IdempotencyError extends FlexError {}

/** The request conflicts with the object's state (409): e.g. expiring a completed session. */
export class ConflictError extends FlexError {}

/** The request was malformed (400) or not valid (422); `detail` names every field at fault. */
export class ValidationError extends FlexError {}

/** Too many requests (429). `retryAfter` is in seconds when the answer says. */
export class RateLimitError extends FlexError {
  /** Seconds to wait, from the `Retry-After` header; null when absent. */
  readonly retryAfter: number | null;

  constructor(init: FlexErrorInit & { retryAfter?: number | null }) {
    super(init);
    this.retryAfter = init.retryAfter ?? null;
  }
}

/** Flex failed (5xx), could not be reached, or answered a success (2xx) that could not be read. */
export class FlexApiError extends FlexError {}

/**
 * The error for an answer. The class is chosen from the HTTP status (400/422 invalid, 401
 * key, 402 declined, 404 not found, 409 conflict, 429 rate limited, 5xx failed) and, where
 * one status means several things (409, 422), from the detail; never from whether the body
 * could be read. Every error body Flex documents is read: `{"error":{"code","message"}}` (its
 * API reference), `{"detail":[…]}` (its guides, the sandbox, this server) and `{"detail":"…"}`;
 * each becomes `detail` entries. Any other body (none, HTML from a proxy, `{"message":"…"}`)
 * gives what it readably says, or a message naming the status: a 429 promises no body, only
 * headers saying when to retry (`Retry-After`, read into `retryAfter`). Only a success that
 * could not be read is a `FlexApiError` of 502. Exported for merchants wrapping their own calls.
 *
 * @example
 * ```ts
 * const res = await fetch(`${base}/v1/products`, { headers });
 * if (!res.ok) throw errorFromAnswer(res.status, await res.json().catch(() => null), res.headers);
 * ```
 */
export function errorFromAnswer(status: number, body: unknown, headers?: Headers): FlexError {
  if (status < 400) {
    return new FlexApiError({
      status: 502,
      detail: [{ loc: [], msg: `Flex answered ${status} in a way that could not be read`, type: 'api_error' }],
    });
  }
  const retryAfter = status === 429 ? (headers ? retryAfterSeconds(headers) : null) : null;
  const detail = readErrorDetail(body) ?? [{ loc: [], msg: looseMessageOf(body) ?? defaultMessage(status, retryAfter), type: typeOfStatus(status) }];
  const init = { status, detail };
  const types = new Set(detail.map((d) => d.type));
  if (status === 401) return new AuthenticationError(init);
  if (status === 402) return new CardDeclinedError(init);
  if (status === 404) return new NotFoundError(init);
  if (status === 409) return types.has('idempotency_error') ? new IdempotencyError(init) : new ConflictError(init);
  if (status === 422 && isLetterRequired(detail)) return new LetterRequiredError(init);
  if (status === 400 || status === 422) return new ValidationError(init);
  if (status === 429) return new RateLimitError({ ...init, retryAfter });
  if (status >= 500) return new FlexApiError(init);
  return new FlexError(init);
}

/**
 * A failure from under the client's calls (the upstream unreachable, or its look at what the
 * upstream offers refused the key) as the error the client documents: always a `FlexError`.
 */
export function clientErrorOf(error: unknown): unknown {
  if (error instanceof SecretKeyRefusedError) {
    return new AuthenticationError({ status: 401, detail: [{ loc: [], msg: defaultMessage(401, null), type: 'authentication_error' }] });
  }
  if (error instanceof ApiError) return new FlexApiError({ status: error.status, detail: error.detail });
  return error;
}

/** `work`, its failure thrown as `clientErrorOf` gives it. */
export async function withClientErrors<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw clientErrorOf(error);
  }
}

/** The `type` of an error whose body names none. */
function typeOfStatus(status: number): string {
  if (status === 400 || status === 422) return 'invalid_request_error';
  if (status === 401) return 'authentication_error';
  if (status === 402) return 'card_error';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limit_error';
  return 'api_error';
}

/** What an error answer means when its body says nothing readable, its status named. */
function defaultMessage(status: number, retryAfter: number | null): string {
  switch (status) {
    case 400:
    case 422:
      return `Flex refused the request as not valid (${status}) without saying why`;
    case 401:
      return 'Flex refused the secret key (401): check apiKey';
    case 402:
      return 'The card was declined (402)';
    case 403:
      return 'Flex refused the request (403 Forbidden)';
    case 404:
      return 'Flex found no such object or route (404)';
    case 409:
      return "The request conflicts with the object's state (409)";
    case 429:
      return retryAfter === null
        ? 'Too many requests to Flex (429): try again later'
        : `Too many requests to Flex (429): try again in ${retryAfter} second${retryAfter === 1 ? '' : 's'}`;
    default:
      return status >= 500 ? `Flex answered ${status} in a way that could not be read` : `Flex answered ${status}`;
  }
}

/**
 * A message from a body in none of the documented shapes, when it plainly holds one:
 * `{"message":"…"}`, `{"error":"…"}`, `{"error":{"message":"…"}}`. Never text that is not
 * JSON (an HTML page from a proxy is no message for a merchant).
 */
function looseMessageOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const { message, error } = body as { message?: unknown; error?: unknown };
  const nested = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
  for (const candidate of [message, error, nested]) {
    if (typeof candidate === 'string' && candidate.trim()) return candidate.trim().slice(0, 500);
  }
  return null;
}

/** "A LoMN is required for this visit type (visit_type)"; entries joined with "; ". */
function messageOf(detail: ErrorDetail[], status: number): string {
  if (detail.length === 0) return `Flex answered ${status}`;
  return detail.map((d) => (d.loc.length > 0 ? `${d.msg} (${d.loc.join('.')})` : d.msg)).join('; ');
}

/**
 * Flex (and the sandbox) end a decline message with its code in brackets: "Your card has
 * insufficient funds. Try another card. (insufficient_funds)".
 */
function declineCodeOf(detail: ErrorDetail[]): string | null {
  for (const d of detail) {
    const code = (d as { decline_code?: unknown }).decline_code;
    if (typeof code === 'string') return code;
    const match = /\(([a-z][a-z0-9_]*)\)\s*$/.exec(d.msg);
    if (match) return match[1]!;
  }
  return null;
}
