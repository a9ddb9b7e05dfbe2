import { randomBytes } from 'node:crypto';
import { ID_PREFIXES, type ObjectKind } from '@flex-checkout/protocol';
import { monotonicFactory } from 'ulid';

// Monotonic: IDs made in one process always sort in the order they were made, which is
// what list ordering and pagination cursors rely on.
const nextUlid = monotonicFactory();

/** A new ID of the given kind, time-ordered by the sandbox clock: `fprod_01HW5MXAPB…`. */
export function newId(kind: ObjectKind, nowMs: number): string {
  return ID_PREFIXES[kind] + nextUlid(nowMs);
}

/** An unguessable token for secrets (client secrets, webhook secrets). */
export function secretToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}
