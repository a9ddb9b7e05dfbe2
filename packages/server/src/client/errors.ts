import { isLetterRequired, readErrorDetail, type ErrorDetail } from '@flex-checkout/protocol';

/** What every error the client throws carries, besides its message. */
export interface FlexErrorInit {
  status: number;
  detail: ErrorDetail[];
}

/**
 * An error answer from Flex (or the sandbox), or a failure to get one. `detail` is the
 * upstream's whole `detail` list, exactly as it came, so nothing it said is lost; `type` is
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
  /** The HTTP status of the answer (502 when Flex could not be reached or read). */
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

/** Flex failed (5xx), could not be reached, or answered in a way that could not be read. */
export class FlexApiError extends FlexError {}

/**
 * The error for an answer: the class is chosen from the status and, where one status means
 * several things (409, 422), from the detail. Every error body Flex documents is read:
 * `{"error":{"code","message"}}` (its API reference), `{"detail":[…]}` (its guides, the
 * sandbox) and `{"detail":"…"}`; each becomes `detail` entries. Exported for merchants
 * wrapping their own calls.
 *
 * @example
 * ```ts
 * const res = await fetch(`${base}/v1/products`, { headers });
 * if (!res.ok) throw errorFromAnswer(res.status, await res.json());
 * ```
 */
export function errorFromAnswer(status: number, body: unknown, headers?: Headers): FlexError {
  const detail = readErrorDetail(body);
  if (!detail) {
    return new FlexApiError({
      status: status >= 500 ? status : 502,
      detail: [{ loc: [], msg: `Flex answered ${status} in a way that could not be read`, type: 'api_error' }],
    });
  }
  const init = { status, detail };
  const types = new Set(detail.map((d) => d.type));
  if (status === 401) return new AuthenticationError(init);
  if (status === 402) return new CardDeclinedError(init);
  if (status === 404) return new NotFoundError(init);
  if (status === 409) return types.has('idempotency_error') ? new IdempotencyError(init) : new ConflictError(init);
  if (status === 422 && isLetterRequired(detail)) return new LetterRequiredError(init);
  if (status === 400 || status === 422) return new ValidationError(init);
  if (status === 429) return new RateLimitError({ ...init, retryAfter: retryAfterOf(headers) });
  if (status >= 500) return new FlexApiError(init);
  return new FlexError(init);
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

function retryAfterOf(headers: Headers | undefined): number | null {
  const value = headers?.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}
