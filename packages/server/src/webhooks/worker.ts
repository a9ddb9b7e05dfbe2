import type { WebhookReceiverOptions } from './options.js';
import { resolveReceiver } from './options.js';
import { handleEvent, inFlightFor } from './handle.js';
import { nextFreeEvents, type QueueCursor } from './store.js';

export interface EventWorker {
  /** Runs a pass now, then one every `intervalMs` (default 1000) after the last one ends. */
  start(intervalMs?: number): void;
  /** Stops polling and waits (up to 10 s) for handlings under way on this store. */
  stop(): Promise<void>;
  /** One pass over every `received` event whose lease is free; resolves with how many it completed. */
  runOnce(): Promise<number>;
}

/** Events read per query; a pass keeps reading until the queue behind its cursor is empty. */
const BATCH = 50;
/** How long `stop()` waits for a handler before giving up on it (its lease then runs out). */
const STOP_WAIT_MS = 10_000;

/**
 * The worker that hands recorded events to `onEvent`: those the route's own attempt could
 * not finish (a retry is due, the handler threw, the process died mid-way). Any number of
 * workers, in any number of processes on one database, may run: each event is claimed
 * by one at a time.
 *
 * @example
 * ```ts
 * const worker = createEventWorker({ secret, store, logger, onEvent });
 * worker.start();          // picks up what was accepted before a restart, then polls
 * // on shutdown:
 * await worker.stop();
 * await store.close();
 * ```
 */
export function createEventWorker(options: WebhookReceiverOptions): EventWorker {
  const receiver = resolveReceiver(options);
  const { store, logger } = receiver;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = false;

  async function pass(): Promise<number> {
    let completed = 0;
    let cursor: QueueCursor | undefined;
    while (!stopped) {
      const batch = await nextFreeEvents(store, receiver.now(), cursor, BATCH);
      for (const next of batch) {
        if (stopped) break;
        cursor = next;
        if ((await handleEvent(receiver, next.event_id)) === 'handled') completed += 1;
      }
      if (batch.length < BATCH) break;
    }
    return completed;
  }

  function runOnce(): Promise<number> {
    // Passes of one worker never overlap: a second call joins the pass under way.
    running ??= pass().finally(() => (running = undefined));
    return running;
  }

  let started = false;
  function tick(intervalMs: number): void {
    runOnce()
      .catch((error: unknown) => logger.error('webhook worker pass failed', { error: String(error) }))
      .finally(() => {
        if (stopped) return;
        timer = setTimeout(() => tick(intervalMs), intervalMs);
        // The server keeps the process alive; the worker alone should not.
        timer.unref();
      });
  }

  return {
    start(intervalMs = 1_000) {
      if (started || stopped) return;
      started = true;
      tick(intervalMs);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      const pending = [running, ...inFlightFor(store)].filter(Boolean).map((p) => Promise.resolve(p).catch(() => {}));
      let waited: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<'timeout'>((resolve) => (waited = setTimeout(() => resolve('timeout'), STOP_WAIT_MS)));
      const outcome = await Promise.race([Promise.all(pending), gaveUp]);
      clearTimeout(waited);
      if (outcome === 'timeout') logger.warn('webhook worker stopped with a handler still running: its event is retried after the lease runs out');
    },
    runOnce,
  };
}
