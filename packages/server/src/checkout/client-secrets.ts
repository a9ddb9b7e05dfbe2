import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Client secrets the companion server mints for sessions whose upstream gives none (Flex's
 * sessions have no client secret). One looks like the sandbox's: `fcs_…_secret_…`, so the
 * element's attribute and the server's routes take either. It is bound to the session ID and
 * its expiry and signed with the server's key (HMAC-SHA256):
 *
 *     {session id}_secret_fch{expires_at}_{signature, base64url}
 *
 * Checking it needs no database read and no call upstream, and is done in constant time.
 */
const MINTED = /^(fcs_[A-Za-z0-9]{8,64})_secret_fch(\d{1,12})_([A-Za-z0-9_-]{43})$/;

/** A minted secret stays good this long after its session's expiry, so the page can still read how it ended. */
const GRACE_S = 7 * 24 * 60 * 60;

export interface ClientSecrets {
  /** The secret for a session. The same session and expiry always give the same secret. */
  mint(sessionId: string, expiresAt: number): string;
  /** Whether a secret is one this server minted for that session (and is not long stale). */
  verify(secret: string, sessionId: string, nowS?: number): boolean;
  /** Whether a secret has the minted form (checked or not). */
  isMinted(secret: string): boolean;
}

export function clientSecrets(key: Buffer): ClientSecrets {
  const sign = (sessionId: string, expiresAt: number) => createHmac('sha256', key).update(`client_secret\n${sessionId}\n${expiresAt}`).digest('base64url');
  return {
    mint: (sessionId, expiresAt) => `${sessionId}_secret_fch${Math.floor(expiresAt)}_${sign(sessionId, Math.floor(expiresAt))}`,
    verify(secret, sessionId, nowS = Math.floor(Date.now() / 1000)) {
      const match = MINTED.exec(secret);
      if (!match || match[1] !== sessionId) return false;
      const expiresAt = Number(match[2]);
      const given = Buffer.from(match[3]!);
      const expected = Buffer.from(sign(sessionId, expiresAt));
      return given.length === expected.length && timingSafeEqual(given, expected) && nowS <= expiresAt + GRACE_S;
    },
    isMinted: (secret) => MINTED.test(secret),
  };
}
