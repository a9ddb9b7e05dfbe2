import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sessionBinder } from '../src/checkout/binder.js';
import { clientSecrets } from '../src/checkout/client-secrets.js';

/**
 * A hosted session's client secret carries its expiry in Unix seconds. Flex documents a
 * session's `created_at` and `expires_at` as integers without a unit (its examples are seconds):
 * milliseconds and ISO text must mint the same, verifiable secret, not one that no route takes.
 */
describe("the hosted client secret from a session's expiry, whatever its unit", () => {
  const key = randomBytes(32);
  const secrets = clientSecrets(key);
  const binder = sessionBinder({
    secrets,
    key,
    prefix: '/flex',
    experiences: { forSessions: () => Promise.resolve('hosted'), inPageAllowed: () => Promise.resolve(false) },
  });
  const expires = 1_767_229_200;
  const base = { checkout_session_id: 'fcs_01ktimes', mode: 'payment' };

  it.each([
    ['seconds', expires],
    ['milliseconds', expires * 1000 + 500],
    ['ISO text', new Date(expires * 1000).toISOString()],
    ['ISO text without an offset (UTC)', new Date(expires * 1000).toISOString().replace('Z', '')],
  ])('expires_at in %s', async (_unit, expires_at) => {
    const { client_secret } = await binder.bind({ ...base, expires_at });
    expect(client_secret).toMatch(new RegExp(`^fcs_01ktimes_secret_fch${expires}_`));
    expect(secrets.isMinted(client_secret!)).toBe(true);
    expect(secrets.verify(client_secret!, 'fcs_01ktimes', expires - 60)).toBe(true);
  });

  it('no expiry: a day after created_at, in milliseconds too', async () => {
    const { client_secret } = await binder.bind({ ...base, created_at: expires * 1000 });
    expect(client_secret).toMatch(new RegExp(`^fcs_01ktimes_secret_fch${expires + 86_400}_`));
  });
});
