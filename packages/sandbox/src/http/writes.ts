import { createHash } from 'node:crypto';
import { isClientAbort } from '@flex-checkout/protocol/request-body';
import type { MiddlewareHandler } from 'hono';
import type { ExpressionBuilder } from 'kysely';
import { sandboxNow } from '../clock.js';
import type { Db } from '../db/collection.js';
import type { Database } from '../db/schema.js';
import { isUniqueViolation, type Store } from '../db/open.js';
import { clientAborted } from './client-abort.js';
import { ApiError } from './errors.js';
import type { SandboxEnv } from './env.js';

/**
 * Idempotency keys are honoured for 24 hours of sandbox time, as Stripe does. Flex documents
 * no keys: this is the sandbox's extension, advertised in the default profile (`idempotency`
 * in `flex-sandbox-extensions`) and not offered in the flex profile, which ignores the header.
 */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** A stored key: the key as sent, and whose it is. */
interface ScopedKey {
  scope: string;
  key: string;
}

/**
 * Whose key it is: a hash of the credential that sent it (the secret key, the publishable
 * key, one session's client secret), never the credential itself. As Stripe scopes keys by
 * account and key, a key the card frame or a shopper's page used first does not answer, or
 * 409, the merchant's own request with the same key. A request with a wrong credential is
 * refused (401) before anything is kept under its scope.
 */
function scopeOf(authorization: string | undefined): string {
  return createHash('sha256')
    .update(authorization?.trim() ?? '')
    .digest('hex')
    .slice(0, 32);
}

/** Thrown out of the transaction to roll it back when the handler answered with an error; caught below by identity. */
const ROLLBACK = new Error('rollback: the request was answered with an error');

/**
 * Every write request runs in one transaction: either all it wrote is committed or none of
 * it is, even if the process is killed halfway. A handler that throws rolls back; one that
 * returns (even an error status it chose to record, like a declined payment) commits.
 *
 * With an `Idempotency-Key` the key is claimed inside the same transaction, so the stored
 * answer and the writes it describes commit together. A second request with the key waits
 * for the first (PostgreSQL blocks on the key's row; SQLite runs transactions one at a
 * time), then replays its answer; the same key with another body is 409.
 */
export function transactionalWrites(store: Store): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const now = await sandboxNow(store.db);
    c.set('now', now);
    c.set('store', store);
    if (c.req.method === 'GET' || c.req.method === 'HEAD') {
      c.set('db', store.db);
      return next();
    }

    // Flex documents no keys: the flex profile ignores the header, as an upstream that does
    // not honour keys would, so code proved against it cannot lean on a replay.
    const sent = c.var.profile === 'flex' ? undefined : c.req.header('idempotency-key');
    if (sent !== undefined && !/^[\x21-\x7e]{1,255}$/.test(sent)) {
      throw ApiError.one(400, ['header', 'idempotency-key'], 'An Idempotency-Key is 1 to 255 printable ASCII characters', 'value_error');
    }
    let raw: string;
    try {
      raw = await c.req.text();
    } catch (error) {
      if (isClientAbort(error, c.req.raw)) throw clientAborted(c);
      throw error;
    }
    const fingerprint = createHash('sha256').update(`${c.req.method} ${c.req.path}\n${raw}`).digest('hex');
    const key: ScopedKey | undefined = sent ? { scope: scopeOf(c.req.header('authorization')), key: sent } : undefined;

    if (key) {
      const prior = await replay(store.db, key, fingerprint, now);
      if (prior) return prior;
    }

    let failed = false;
    try {
      await store.db.transaction().execute(async (trx) => {
        if (key) {
          await expire(trx, key, now);
          await trx
            .insertInto('idempotency_keys')
            .values({ ...key, fingerprint, status: null, body: null, created_at: now })
            .execute();
        }
        c.set('db', trx);
        await next();
        if (c.error) {
          failed = true;
          throw ROLLBACK;
        }
        if (key) await saveAnswer(trx, key, c.res);
      });
    } catch (error) {
      if (error === ROLLBACK) {
        // c.res already holds the error answer. Keep it for the key unless it was our fault
        // (5xx): a retry of a server failure deserves a real second try.
        // A refused credential (401) is no answer to the request itself: it is not kept either.
        if (key && failed && c.res.status < 500 && c.res.status !== 401) await recordFailure(store.db, key, fingerprint, now, c.res);
        return;
      }
      if (key && isUniqueViolation(error)) {
        const prior = await replay(store.db, key, fingerprint, now);
        if (prior) return prior;
      }
      throw error;
    }
  };
}

/** The row of this key, in this scope. */
const own = (key: ScopedKey) => (eb: ExpressionBuilder<Database, 'idempotency_keys'>) => eb.and([eb('scope', '=', key.scope), eb('key', '=', key.key)]);

/** Drops the key's row when it is past its 24 hours: the key is free again. */
async function expire(db: Db, key: ScopedKey, now: number): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where(own(key))
    .where('created_at', '<', now - IDEMPOTENCY_TTL_MS)
    .execute();
}

async function saveAnswer(db: Db, key: ScopedKey, res: Response): Promise<void> {
  const body = await res.clone().text();
  await db.updateTable('idempotency_keys').set({ status: res.status, body }).where(own(key)).execute();
}

async function recordFailure(db: Db, key: ScopedKey, fingerprint: string, now: number, res: Response): Promise<void> {
  const body = await res.clone().text();
  try {
    await db.transaction().execute(async (trx) => {
      // A key past its 24 hours may still hold its old answer: the failed request's own
      // delete of it was rolled back with the rest of its writes. The key is this request's now.
      await expire(trx, key, now);
      await trx
        .insertInto('idempotency_keys')
        .values({ ...key, fingerprint, status: res.status, body, created_at: now })
        .execute();
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error; // another request took the key meanwhile: its answer stands
  }
}

async function replay(db: Db, key: ScopedKey, fingerprint: string, now: number): Promise<Response | undefined> {
  const row = await db.selectFrom('idempotency_keys').selectAll().where(own(key)).executeTakeFirst();
  if (!row || row.created_at < now - IDEMPOTENCY_TTL_MS || row.status === null) return undefined;
  if (row.fingerprint !== fingerprint) {
    throw ApiError.one(
      409,
      ['header', 'idempotency-key'],
      'This Idempotency-Key was already used with a different request; use a new key for a new request',
      'idempotency_error',
    );
  }
  return new Response(row.body, {
    status: row.status,
    headers: { 'content-type': 'application/json', 'idempotent-replayed': 'true' },
  });
}
