import type { Letter, VisitType } from '@flex-checkout/protocol';
import { toIso } from '../clock.js';
import { Collection, type Db } from '../db/collection.js';
import { newId } from '../ids.js';

/** A letter is valid for 365 days from the consultation, for its one visit type. */
export const LETTER_VALIDITY_MS = 365 * 24 * 60 * 60 * 1000;

type StoredLetter = Omit<Letter, 'status'> & { checkout_session: string | null };

const letters = new Collection<StoredLetter>(
  'letters',
  (l) => l.letter_id,
  (l) => ({
    customer_id: l.customer,
    checkout_session_id: l.checkout_session,
    visit_type: l.visit_type,
    expires_at: Date.parse(l.expires_at),
  }),
);

/** A letter as the API shows it: `status` follows the sandbox clock. */
export function letterView(stored: StoredLetter, now: number): Letter {
  const { checkout_session: _session, ...letter } = stored;
  return { ...letter, status: Date.parse(stored.expires_at) > now ? 'valid' : 'expired' };
}

export async function issueLetter(
  db: Db,
  now: number,
  fields: { consultation: string; visit_type: VisitType; customer: string | null; checkout_session: string | null },
): Promise<Letter> {
  // Whole seconds, as subscription periods are: a letter issued at a subscription's start
  // has run out by the renewal 365 days later, never a fraction of a second after it.
  const issued = Math.floor(now / 1000) * 1000;
  const stored: StoredLetter = {
    letter_id: newId('letter', now),
    customer: fields.customer,
    consultation: fields.consultation,
    visit_type: fields.visit_type,
    issued_at: toIso(issued),
    expires_at: toIso(issued + LETTER_VALIDITY_MS),
    test_mode: true,
    checkout_session: fields.checkout_session,
  };
  await letters.insert(db, stored);
  return letterView(stored, now);
}

/**
 * The valid letter covering `visitType` for this customer, or one issued in this checkout
 * session (a new shopper gets the letter before they become a customer). Latest expiry first.
 */
export async function findValidLetter(
  db: Db,
  now: number,
  visitType: string,
  holder: { customer?: string | null; checkoutSession?: string | null },
): Promise<Letter | undefined> {
  if (!holder.customer && !holder.checkoutSession) return undefined;
  const row = await db
    .selectFrom('letters')
    .select('data')
    .where('visit_type', '=', visitType)
    .where('expires_at', '>', now)
    .where((eb) => {
      const ors = [];
      if (holder.customer) ors.push(eb('customer_id', '=', holder.customer));
      if (holder.checkoutSession) ors.push(eb('checkout_session_id', '=', holder.checkoutSession));
      return eb.or(ors);
    })
    .orderBy('expires_at', 'desc')
    .executeTakeFirst();
  return row ? letterView(JSON.parse(row.data) as StoredLetter, now) : undefined;
}

/** Gives the letters issued during a session to the customer it completed for. */
export async function attachSessionLetters(db: Db, checkoutSession: string, customer: string): Promise<void> {
  const rows = await db.selectFrom('letters').select('data').where('checkout_session_id', '=', checkoutSession).where('customer_id', 'is', null).execute();
  for (const row of rows) await letters.update(db, { ...(JSON.parse(row.data) as StoredLetter), customer });
}

export async function listLetters(db: Db, now: number, customer: string): Promise<Letter[]> {
  const rows = await db.selectFrom('letters').select('data').where('customer_id', '=', customer).orderBy('id', 'desc').execute();
  return rows.map((r) => letterView(JSON.parse(r.data) as StoredLetter, now));
}
