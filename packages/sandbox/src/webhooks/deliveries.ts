import type { WebhookAttempt, WebhookDelivery } from '@flex-checkout/protocol';
import { toIso, toUnixSeconds } from '../clock.js';
import type { Db } from '../db/collection.js';
import type { Store } from '../db/open.js';
import { retryDelayMs, type DeliverySchedule } from './schedule.js';

/** One delivery a worker holds: it alone sends this attempt. */
export interface ClaimedDelivery {
  id: string;
  event_id: string;
  endpoint_id: string;
  /** The number of the attempt this claim starts (1 for the first). */
  attempt: number;
  /** Sandbox milliseconds of the event. */
  created_at: number;
  /** This claim's own token: every later write of the holder matches on it. */
  token: string;
}

/** What an attempt whose process stopped before it recorded an answer is marked with. */
export const INTERRUPTED = 'No answer was recorded: the sandbox process sending it stopped';

/**
 * Claims up to `limit` deliveries that are due (sandbox time) and held by nobody (or whose
 * holder's lease, in real time, ran out: its process died), in one transaction:
 * - one UPDATE over a sub-select of the due rows; on PostgreSQL the sub-select locks them
 *   `FOR UPDATE SKIP LOCKED`, so workers in other processes take other rows instead of
 *   waiting, and no row is claimed twice; SQLite runs one write at a time;
 * - the claim counts its attempt and writes the attempt's log row before anything is sent,
 *   so every attempt is logged, even one cut off by a kill.
 */
export async function claimDeliveries(
  store: Store,
  at: { now: number; wall: number },
  { leaseMs, limit, token }: { leaseMs: number; limit: number; token: string },
): Promise<ClaimedDelivery[]> {
  return store.db.transaction().execute(async (trx) => {
    let due = trx
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', at.now)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', at.wall)]))
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(limit);
    if (store.dialect === 'postgres') due = due.forUpdate().skipLocked();
    const rows = await trx
      .updateTable('webhook_deliveries')
      .set((eb) => ({ claimed_by: token, locked_until: at.wall + leaseMs, attempt_count: eb('attempt_count', '+', 1) }))
      .where('id', 'in', due)
      .returning(['id', 'event_id', 'endpoint_id', 'attempt_count', 'created_at'])
      .execute();
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    await trx
      .updateTable('webhook_attempts')
      .set({ error: INTERRUPTED })
      .where('delivery_id', 'in', ids)
      .where('status_code', 'is', null)
      .where('error', 'is', null)
      .execute();
    await trx
      .insertInto('webhook_attempts')
      .values(rows.map((r) => ({ delivery_id: r.id, attempt: r.attempt_count, sent_at: at.wall, status_code: null, error: null, duration_ms: 0 })))
      .execute();
    return rows.map((r) => ({
      id: r.id,
      event_id: r.event_id,
      endpoint_id: r.endpoint_id,
      attempt: Number(r.attempt_count),
      created_at: Number(r.created_at),
      token,
    }));
  });
}

export interface AttemptResult {
  /** The endpoint's HTTP status; null when none came. */
  statusCode: number | null;
  /** Why no 2xx came, without anything from the body; null on a 2xx. */
  error: string | null;
  durationMs: number;
}

/**
 * Logs the attempt's result and settles the delivery: `delivered` on a 2xx; otherwise due
 * again after the backoff, or `failed` once the schedule gives up. `canceled` when the
 * endpoint was deleted meanwhile. The delivery's row changes only while this claim still
 * holds it (a worker that outlived its lease writes nothing there).
 */
export async function recordAttempt(
  store: Store,
  claim: ClaimedDelivery,
  result: AttemptResult & { endpointGone?: boolean },
  { now, schedule }: { now: number; schedule: DeliverySchedule },
): Promise<WebhookDelivery['status']> {
  const delivered = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  let status: WebhookDelivery['status'] = 'pending';
  if (result.endpointGone) status = 'canceled';
  else if (delivered) status = 'delivered';
  else if (claim.attempt >= schedule.maxAttempts) status = 'failed';
  await store.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('webhook_attempts')
      .set({ status_code: result.statusCode, error: result.error, duration_ms: Math.max(0, Math.round(result.durationMs)) })
      .where('delivery_id', '=', claim.id)
      .where('attempt', '=', claim.attempt)
      .execute();
    await trx
      .updateTable('webhook_deliveries')
      .set({
        status,
        next_attempt_at: status === 'pending' ? now + retryDelayMs(schedule, claim.attempt) : null,
        delivered_at: delivered ? now : null,
        claimed_by: null,
        locked_until: null,
      })
      .where('id', '=', claim.id)
      .where('claimed_by', '=', claim.token)
      .execute();
  });
  return status;
}

/** Every delivery to one endpoint, newest event first, with its attempts. */
export async function listDeliveries(
  db: Db,
  endpointId: string,
  page: { limit: number; starting_after?: string | undefined; event?: string | undefined },
): Promise<{ deliveries: WebhookDelivery[]; has_more: boolean }> {
  let query = db
    .selectFrom('webhook_deliveries')
    .innerJoin('events', 'events.id', 'webhook_deliveries.event_id')
    .select([
      'webhook_deliveries.id as id',
      'webhook_deliveries.event_id as event_id',
      'events.type as event_type',
      'webhook_deliveries.status as status',
      'webhook_deliveries.attempt_count as attempt_count',
      'webhook_deliveries.next_attempt_at as next_attempt_at',
      'webhook_deliveries.delivered_at as delivered_at',
    ])
    .where('webhook_deliveries.endpoint_id', '=', endpointId);
  if (page.event) query = query.where('webhook_deliveries.event_id', '=', page.event);
  if (page.starting_after) query = query.where('webhook_deliveries.event_id', '<', page.starting_after);
  const rows = await query
    .orderBy('webhook_deliveries.event_id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const kept = rows.slice(0, page.limit);
  const attempts = kept.length
    ? await db
        .selectFrom('webhook_attempts')
        .selectAll()
        .where(
          'delivery_id',
          'in',
          kept.map((r) => r.id),
        )
        .orderBy('attempt')
        .execute()
    : [];
  return {
    has_more: rows.length > page.limit,
    deliveries: kept.map((r) => ({
      event_id: r.event_id,
      event_type: r.event_type,
      webhook_endpoint: endpointId,
      status: r.status,
      attempt_count: Number(r.attempt_count),
      next_attempt_at: r.status === 'pending' && r.next_attempt_at !== null ? toUnixSeconds(Number(r.next_attempt_at)) : null,
      delivered_at: r.delivered_at === null ? null : toIso(Number(r.delivered_at)),
      attempts: attempts
        .filter((a) => a.delivery_id === r.id)
        .map((a): WebhookAttempt => ({
          attempt: Number(a.attempt),
          sent_at: toIso(Number(a.sent_at)),
          status_code: a.status_code === null ? null : Number(a.status_code),
          error: a.error,
          duration_ms: Number(a.duration_ms),
        })),
    })),
  };
}
