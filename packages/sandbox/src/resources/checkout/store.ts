import type { CheckoutSession } from '@flex-checkout/protocol';
import { toUnixSeconds } from '../../clock.js';
import { Collection, type Db } from '../../db/collection.js';
import { inTransaction } from '../../db/transaction.js';
import { emitEvent } from '../../events/outbox.js';

export const sessions = new Collection<CheckoutSession>(
  'checkout_sessions',
  (s) => s.checkout_session_id,
  (s) => ({
    status: s.status,
    customer_id: s.customer,
    // The column is unique and not null; a session without a secret (the flex profile) holds
    // a value no bearer token can equal. Nothing looks sessions up by it.
    client_secret: s.client_secret ?? `none:${s.checkout_session_id}`,
    expires_at: s.expires_at,
  }),
);

const isDue = (session: CheckoutSession, now: number) => session.status === 'open' && toUnixSeconds(now) >= session.expires_at;

/**
 * A session past its `expires_at` is expired, whoever looks first (a read, a step of the
 * test clock, the background worker). The update applies only to a row that is still open,
 * so it never overwrites a completion that won the race, and only the one that changed the
 * row writes `checkout.session.expired` — in the same transaction as the change.
 */
export async function settleExpiry(db: Db, session: CheckoutSession, now: number): Promise<CheckoutSession> {
  if (!isDue(session, now)) return session;
  const expired: CheckoutSession = { ...session, status: 'expired' };
  return inTransaction(db, async (trx) => {
    const changed = await trx
      .updateTable('checkout_sessions')
      .set({ status: 'expired', data: JSON.stringify(expired) })
      .where('id', '=', session.checkout_session_id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) === 1) await emitEvent(trx, now, 'checkout.session.expired', expired);
    return (await sessions.get(trx, session.checkout_session_id)) ?? expired;
  });
}

/** Expires an open session now, as asked (`POST …/expire`), with its event. */
export async function expireSession(db: Db, session: CheckoutSession, now: number): Promise<CheckoutSession> {
  const expired = await sessions.update(db, { ...session, status: 'expired' });
  await emitEvent(db, now, 'checkout.session.expired', expired);
  return expired;
}

/** Expires every open session whose time has passed (before a list, so filters see the truth). */
export async function settleAllExpiries(db: Db, now: number): Promise<void> {
  const due = await db.selectFrom('checkout_sessions').select('data').where('status', '=', 'open').where('expires_at', '<=', toUnixSeconds(now)).execute();
  for (const row of due) await settleExpiry(db, JSON.parse(row.data) as CheckoutSession, now);
}
