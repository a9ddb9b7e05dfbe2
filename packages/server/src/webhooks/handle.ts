import { receivedFlexEvent, type FlexEvent } from '@flex-checkout/protocol';
import type { ServerStore } from '../storage/open.js';
import type { ResolvedReceiver } from './options.js';
import { claimEvent, completeEvent, releaseEvent, renewLease, type ClaimedEvent } from './store.js';

/** What handling one event came to. */
export type HandleOutcome = 'handled' | 'retry' | 'failed' | 'not-claimed' | 'lease-lost';

/**
 * Handlings under way, per store: the route starts them without waiting, and the worker's
 * `stop()` waits for them before the store is closed.
 */
const inFlight = new WeakMap<ServerStore, Set<Promise<unknown>>>();

export function trackInFlight<T>(store: ServerStore, work: Promise<T>): Promise<T> {
  let set = inFlight.get(store);
  if (!set) inFlight.set(store, (set = new Set()));
  const tracked = set;
  tracked.add(work);
  void work.finally(() => tracked.delete(work)).catch(() => {});
  return work;
}

export function inFlightFor(store: ServerStore): Promise<unknown>[] {
  return [...(inFlight.get(store) ?? [])];
}

/** The longest kept of a handler's error message: enough to debug, not a dump. */
const MAX_ERROR_LENGTH = 1000;

/**
 * Claims one event, hands it to `onEvent`, and records how that went. Safe to call from any
 * number of places at once: only the holder of the lease runs it.
 *
 * @example
 * ```ts
 * await handleEvent(resolveReceiver(options), 'evt_123'); // 'handled', 'retry', 'failed', …
 * ```
 */
export function handleEvent(receiver: ResolvedReceiver, eventId: string): Promise<HandleOutcome> {
  return trackInFlight(receiver.store, run(receiver, eventId));
}

async function run(receiver: ResolvedReceiver, eventId: string): Promise<HandleOutcome> {
  const { store, logger, now, leaseMs } = receiver;
  const claim = await claimEvent(store, eventId, now(), leaseMs);
  if (!claim) return 'not-claimed';
  const fields = { event_id: claim.event_id, event_type: claim.event_type, attempt: claim.attempts };
  logger.info('webhook event handling', { ...fields, status: 'received' });

  const heartbeat = keepLease(receiver, claim);
  let failure: string | undefined;
  // Parsed again from the stored text: that text, not an object in memory, is what
  // survives a restart, so both paths hand over the same thing (an envelope with no time of
  // its own gets the time it was received, kept in the row).
  const event = parseStored(claim.payload, claim.received_at);
  if (!event) {
    failure = 'The stored payload is not a Flex event';
  } else {
    try {
      await receiver.onEvent?.(event);
    } catch (error) {
      failure = messageOf(error);
    }
  }
  await heartbeat.stop();

  if (failure === undefined) {
    if (!(await completeEvent(store, claim, now()))) return leaseLost(receiver, fields);
    logger.info('webhook event handled', { ...fields, status: 'handled' });
    return 'handled';
  }
  const delay = receiver.retryDelaysMs[claim.attempts - 1];
  const retryAt = delay === undefined ? undefined : now() + delay;
  if (!(await releaseEvent(store, claim, failure, retryAt))) return leaseLost(receiver, fields);
  if (retryAt === undefined) {
    logger.error('webhook event failed: no retries left', { ...fields, status: 'failed', error: failure });
    return 'failed';
  }
  logger.warn('webhook event handler threw: will retry', { ...fields, status: 'received', retry_in_ms: delay, error: failure });
  return 'retry';
}

function leaseLost(receiver: ResolvedReceiver, fields: Record<string, unknown>): HandleOutcome {
  // The handler outlived its lease and another worker took the event: that worker's result
  // stands, this one's is dropped, so the event is still completed once.
  receiver.logger.warn('webhook event lease lost: another worker took it over', { ...fields, status: 'received' });
  return 'lease-lost';
}

/** Renews the lease every third of its length while the handler runs. */
function keepLease(receiver: ResolvedReceiver, claim: ClaimedEvent): { stop(): Promise<void> } {
  let renewing: Promise<unknown> = Promise.resolve();
  const timer = setInterval(
    () => {
      // Chained, so a renewal never overlaps the next one or the final write.
      renewing = renewing
        .then(() => renewLease(receiver.store, claim, receiver.now(), receiver.leaseMs))
        .then((kept) => {
          if (!kept) clearInterval(timer);
        })
        .catch((error: unknown) => {
          receiver.logger.warn('webhook event lease renewal failed', { event_id: claim.event_id, error: messageOf(error) });
        });
    },
    Math.max(1, Math.floor(receiver.leaseMs / 3)),
  );
  // A handler that hangs must not keep the process alive on our account.
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await renewing;
    },
  };
}

/** Checked on receipt already; a fixed message here, as JSON.parse's would quote the payload. */
function parseStored(payload: string, receivedAt: number): FlexEvent | undefined {
  try {
    return receivedFlexEvent(() => receivedAt).parse(JSON.parse(payload));
  } catch {
    return undefined;
  }
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}
