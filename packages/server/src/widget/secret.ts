import { ApiError } from '@flex-checkout/protocol';

/** `fcs_…_secret_…`: the sandbox's form and the one this server mints. IDs may be lower case (Flex's sometimes are). */
const CLIENT_SECRET = /^(fcs_[A-Za-z0-9]{8,64})_secret_[A-Za-z0-9_-]{8,128}$/;

/**
 * The one answer for every client secret that does not open the session in the path: a
 * missing or malformed one, another session's, a wrong one, or one for a session that does
 * not exist. Telling these apart would tell a stranger which session IDs exist.
 */
export const refusedSecret = () =>
  ApiError.one(
    401,
    ['header', 'authorization'],
    'Send this checkout session\'s client secret as "Authorization: Bearer fcs_…_secret_…"',
    'authentication_error',
  );

/** The session a well-formed client secret belongs to (`fcs_…` before `_secret_`), or undefined. */
export function sessionOfSecret(secret: string): string | undefined {
  return CLIENT_SECRET.exec(secret)?.[1];
}

/** The client secret in `Authorization: Bearer fcs_…_secret_…`, if it names the session in the path; else 401. */
export function clientSecretFor(authorization: string | undefined, sessionId: string): string {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  const owner = token ? sessionOfSecret(token) : undefined;
  if (!token || !owner || owner !== sessionId) throw refusedSecret();
  return token;
}
