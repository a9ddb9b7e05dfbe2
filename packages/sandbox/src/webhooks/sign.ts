import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/**
 * A new endpoint secret: a prefix and 24 random bytes in base64. `whsec_` is the Standard
 * Webhooks format (the sandbox's `/v1/webhook_endpoints`); `fwhsec_` is what Flex issues for
 * `POST /v1/webhooks`. Either way the signing key is the base64 after the prefix.
 */
export function newWebhookSecret(prefix: 'whsec_' | 'fwhsec_' = 'whsec_'): string {
  return `${prefix}${randomBytes(24).toString('base64')}`;
}

/** The base64 key of a secret, whichever prefix it has (the library strips only `whsec_`). */
const keyOf = (secret: string) => secret.replace(/^f?whsec_/, '');

/**
 * The headers of one delivery, signed the Standard Webhooks / Svix way by the reference
 * library: `svix-id` is the event's ID (the same on every attempt, so a receiver
 * de-duplicates retries by it), `svix-timestamp` the real time of this attempt (receivers
 * refuse one more than 5 minutes from their own clock), `svix-signature` an HMAC-SHA256 of
 * `id.timestamp.body` under the endpoint's secret.
 */
export function signedHeaders(secret: string, eventId: string, sentAtMs: number, body: string): Record<string, string> {
  const at = new Date(sentAtMs);
  return {
    'content-type': 'application/json',
    'user-agent': 'flex-sandbox-webhooks',
    'svix-id': eventId,
    'svix-timestamp': String(Math.floor(sentAtMs / 1000)),
    'svix-signature': new Webhook(keyOf(secret)).sign(eventId, at, body),
  };
}
