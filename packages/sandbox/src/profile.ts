/**
 * Which API the sandbox offers.
 *
 * - `default`: Flex's documented API plus the sandbox's own extensions: the browser API the
 *   in-page `<flex-checkout>` uses (`/v1/client/*`, confirmation tokens, the publishable key,
 *   the card frame), and conveniences Flex does not document (`/v1/payment_methods`,
 *   `/v1/consultations`, `/v1/webhook_endpoints`, `/v1/events`, session `expire`, cursors with
 *   `has_more`, the `{"detail":[…]}` error shape everywhere).
 * - `flex`: only what Flex's public documentation shows (../docs/sandbox-api.md lists it):
 *   sessions are paid on the hosted page at `redirect_url`, lists page with `limit`/`offset`
 *   and carry no `has_more`, errors are `{"error":{"code","message"}}` (except the off-session
 *   letter check, whose guide shows `{"detail":[…]}`), webhooks are registered at
 *   `POST /v1/webhooks` with `fwhsec_` secrets. Tests run the product against it to prove it
 *   works with Flex as it is. The test helpers (`/v1/test_helpers/*`) stay: they are how a
 *   test moves the clock, never something the product calls.
 */
export const SANDBOX_PROFILES = ['default', 'flex'] as const;
export type SandboxProfile = (typeof SANDBOX_PROFILES)[number];

/**
 * An object as the flex profile answers it: a copy without the fields that are the sandbox's
 * own (`SANDBOX_PRICE_FIELDS`, `SANDBOX_SESSION_FIELDS`, …), which Flex's answers do not have.
 */
export function withoutSandboxFields(object: object, fields: readonly string[]): Record<string, unknown> {
  const documented: Record<string, unknown> = { ...object };
  for (const field of fields) delete documented[field];
  return documented;
}
