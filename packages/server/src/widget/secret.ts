import { ApiError } from '@flex-checkout/protocol';

const CLIENT_SECRET = /^(fcs_[0-9A-HJKMNP-TV-Z]{26})_secret_[A-Za-z0-9_-]{8,128}$/;

/**
 * The client secret in `Authorization: Bearer fcs_…_secret_…`, checked against the session
 * in the path. A secret opens its own session only: another session's ID answers 404 as if
 * it did not exist. Whether the secret is right, the upstream decides (401).
 */
export function clientSecretFor(authorization: string | undefined, sessionId: string): string {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  const owner = token ? CLIENT_SECRET.exec(token)?.[1] : undefined;
  if (!token || !owner) {
    throw ApiError.one(401, ['header', 'authorization'], "Send the checkout session's client secret as \"Authorization: Bearer fcs_…_secret_…\"", 'authentication_error');
  }
  if (owner !== sessionId) throw ApiError.one(404, ['path', 'id'], `No such checkout session: '${sessionId}'`, 'not_found');
  return token;
}
