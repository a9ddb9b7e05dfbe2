import type { FlexEvent } from '@flex-checkout/protocol';
import type { ServerStore } from '../storage/open.js';

/**
 * The `webhook_events` queries. Every write after the claim is fenced by the lease value the
 * claim wrote (`locked_until = lease`): if the lease ran out and another worker took the
 * event, its lease is a later time, so the stale holder's writes match no row.
 */

/** Records a verified event as `received`; false when its event ID is already there. */
export async function recordEvent(store: ServerStore, event: FlexEvent, raw: string, now: number): Promise<boolean> {
  const result = await store.db
    .insertInto('webhook_events')
    .values({ event_id: event.event_id, event_type: event.event_type, payload: raw, status: 'received', attempts: 0, received_at: now })
    .onConflict((oc) => oc.column('event_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export interface ClaimedEvent {
  event_id: string;
  event_type: string;
  payload: string;
  /** When the delivery was recorded (Unix ms): the time of an envelope that carries none. */
  received_at: number;
  /** This attempt's number, counting from 1 (the claim counts it). */
  attempts: number;
  /** The lease this holder wrote; pass it to every later write. */
  lease: number;
}

/**
 * Takes an event for handling when it is `received` and nobody holds it. One UPDATE with
 * the condition in its WHERE: on PostgreSQL a second, concurrent claim waits on the row lock
 * and then no longer matches; on SQLite writers are serialised anyway.
 */
export async function claimEvent(store: ServerStore, eventId: string, now: number, leaseMs: number): Promise<ClaimedEvent | undefined> {
  const lease = now + leaseMs;
  const row = await store.db
    .updateTable('webhook_events')
    .set((eb) => ({ locked_until: lease, attempts: eb('attempts', '+', 1) }))
    .where('event_id', '=', eventId)
    .where('status', '=', 'received')
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .returning(['event_id', 'event_type', 'payload', 'received_at', 'attempts'])
    .executeTakeFirst();
  return row ? { ...row, received_at: Number(row.received_at), attempts: Number(row.attempts), lease } : undefined;
}

/** Pushes the lease forward while the handler runs; false when it was lost. */
export async function renewLease(store: ServerStore, claim: ClaimedEvent, now: number, leaseMs: number): Promise<boolean> {
  const lease = Math.max(now + leaseMs, claim.lease);
  const result = await fenced(store, claim).set({ locked_until: lease }).executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  claim.lease = lease;
  return true;
}

/**
 * Marks the event handled; false when the lease was lost (another holder will complete it).
 * `last_error` stays: a handled event that failed before says so.
 */
export async function completeEvent(store: ServerStore, claim: ClaimedEvent, now: number): Promise<boolean> {
  const result = await fenced(store, claim).set({ status: 'handled', handled_at: now, locked_until: null }).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * After a failed attempt: back to the queue no earlier than `retryAt`, or `failed` when
 * `retryAt` is undefined (no retries left).
 */
export async function releaseEvent(store: ServerStore, claim: ClaimedEvent, error: string, retryAt: number | undefined): Promise<boolean> {
  const update = fenced(store, claim).set(
    retryAt === undefined ? { status: 'failed', locked_until: null, last_error: error } : { locked_until: retryAt, last_error: error },
  );
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

function fenced(store: ServerStore, claim: ClaimedEvent) {
  return store.db.updateTable('webhook_events').where('event_id', '=', claim.event_id).where('status', '=', 'received').where('locked_until', '=', claim.lease);
}

/** Where a pass over the queue has got to: events are visited in (received_at, event_id) order. */
export interface QueueCursor {
  received_at: number;
  event_id: string;
}

/**
 * The next events a worker may claim, after `cursor`. Walking by a cursor (not "whatever is
 * free") means an event that just failed and is free again at once is not met twice in
 * one pass, and never hides the events behind it.
 */
export async function nextFreeEvents(store: ServerStore, now: number, cursor: QueueCursor | undefined, limit: number): Promise<QueueCursor[]> {
  let query = store.db
    .selectFrom('webhook_events')
    .select(['event_id', 'received_at'])
    .where('status', '=', 'received')
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]));
  if (cursor) {
    query = query.where((eb) =>
      eb.or([eb('received_at', '>', cursor.received_at), eb.and([eb('received_at', '=', cursor.received_at), eb('event_id', '>', cursor.event_id)])]),
    );
  }
  const rows = await query.orderBy('received_at').orderBy('event_id').limit(limit).execute();
  return rows.map((r) => ({ event_id: r.event_id, received_at: Number(r.received_at) }));
}
