import { ApiError, receivedFlexEvent, type FlexEvent } from '@flex-checkout/protocol';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

/** Header names, in the order they are looked for: Svix's, then the unbranded standard's. */
const FAMILIES = ['svix', 'webhook'] as const;
type Family = (typeof FAMILIES)[number];

/** What a rejected delivery's message says; never anything from the body. */
const SIGNATURE_MSG = "The signature does not match this body and timestamp under the endpoint's secret";
const STALE_MSG = 'The timestamp is more than 5 minutes from now: check the clocks, or this is a replay';
const TIMESTAMP_MSG = 'The timestamp is not a number of seconds';

/**
 * Verifies deliveries with the `standardwebhooks` reference library. The secret is decoded
 * once, so a malformed one fails when the server starts rather than on the first delivery.
 * Flex issues `fwhsec_…` secrets and documents the key as the base64 after the prefix; the
 * library strips only `whsec_`, so both prefixes are taken off here. `receivedAt` (Unix ms) is
 * the event's time when the envelope carries neither `event_dt` nor `created_at`.
 *
 * @example
 * ```ts
 * const verify = createVerifier('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
 * const event = verify(await c.req.text(), (name) => c.req.header(name), Date.now()); // throws ApiError(400)
 * ```
 */
export function createVerifier(secret: string): (raw: string, header: (name: string) => string | undefined, receivedAt: number) => FlexEvent {
  let webhook: Webhook;
  try {
    // The prefix is required: a secret read from an answer that had none arrives as "undefined",
    // which is base64 too, and would refuse every real delivery without a word at startup.
    const prefixed = /^f?whsec_/.exec(secret);
    const key = secret.slice(prefixed?.[0].length ?? 0);
    if (!prefixed || !/^[A-Za-z0-9+/]+={0,2}$/.test(key)) throw new Error('not a secret');
    webhook = new Webhook(key);
  } catch {
    // The library's message could quote the secret; ours does not.
    throw new Error(
      'The webhook secret is not a Flex webhook secret (fwhsec_ or whsec_ followed by base64): set webhookSecret to the signing secret Flex gave for this webhook endpoint',
    );
  }
  return (raw, header, receivedAt) => {
    const family = FAMILIES.find((f) => header(`${f}-id`) ?? header(`${f}-timestamp`) ?? header(`${f}-signature`)) ?? 'svix';
    const name = (part: 'id' | 'timestamp' | 'signature') => `${family}-${part}`;
    const values = { id: header(name('id')), timestamp: header(name('timestamp')), signature: header(name('signature')) };
    for (const part of ['id', 'timestamp', 'signature'] as const) {
      if (!values[part]) throw ApiError.one(400, ['header', name(part)], `The ${name(part)} header is required`, 'missing');
    }
    try {
      // jsonParse: false — the envelope is parsed below, from the very text that was signed.
      webhook.verify(raw, { 'webhook-id': values.id!, 'webhook-timestamp': values.timestamp!, 'webhook-signature': values.signature! }, { jsonParse: false });
    } catch (error) {
      throw rejection(error, family);
    }
    return parseEnvelope(raw, receivedAt);
  };
}

/** Maps the library's (fixed, body-free) reasons onto the error shape. */
function rejection(error: unknown, family: Family): ApiError {
  const reason = error instanceof WebhookVerificationError ? error.message : '';
  if (/timestamp too (old|new)/i.test(reason)) return ApiError.one(400, ['header', `${family}-timestamp`], STALE_MSG, 'value_error');
  if (/invalid signature headers/i.test(reason)) return ApiError.one(400, ['header', `${family}-timestamp`], TIMESTAMP_MSG, 'value_error');
  return ApiError.one(400, ['header', `${family}-signature`], SIGNATURE_MSG, 'authentication_error');
}

/**
 * A verified body must still be a Flex event envelope, in either shape Flex documents (with
 * `event_dt`, or with `created_at`, or with neither); messages name fields, never values.
 */
function parseEnvelope(raw: string, receivedAt: number): FlexEvent {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw ApiError.one(400, ['body'], 'The body is not JSON', 'json_invalid');
  }
  const parsed = receivedFlexEvent(() => receivedAt).safeParse(json, { reportInput: true });
  if (parsed.success) return parsed.data;
  throw new ApiError(
    400,
    parsed.error.issues.map((issue) => {
      const loc = ['body', ...(issue.path as (string | number)[])];
      if (issue.input === undefined) return { loc, msg: 'Field required', type: 'missing' };
      if (issue.code === 'invalid_type')
        return { loc, msg: `Expected ${issue.expected === 'object' || issue.expected === 'record' ? 'an object' : `a ${issue.expected}`}`, type: 'type_error' };
      return { loc, msg: 'Not a valid value for a Flex event', type: 'value_error' };
    }),
  );
}
