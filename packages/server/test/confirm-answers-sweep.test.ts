import { afterAll, beforeAll, expect, it } from 'vitest';
import { KEEP_MS, SWEEP_EVERY_MS, sweepConfirmAnswers } from '../src/widget/confirm-store.js';
import type { ServerStore } from '../src/storage/open.js';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { freshServerDatabase, type TestServerDatabase } from '../../../test/support/server-store.js';

/**
 * Confirm answers are kept 24 hours. Before the sweep, an answer was dropped only when its
 * own key came again, which most never do: every confirm's answer stayed for good.
 */
describeEachDatabase('confirm answers past their 24 hours are swept', (kind) => {
  let serverDb: TestServerDatabase;
  let store: ServerStore;

  beforeAll(async () => {
    serverDb = freshServerDatabase(kind);
    store = await serverDb.open();
  });
  afterAll(async () => {
    await serverDb?.dispose();
  });

  const answer = (key: string, created_at: number) =>
    store.db.insertInto('confirm_attempts').values({ key, fingerprint: 'f', status: 200, body: '{}', created_at }).execute();
  const keys = async () => (await store.db.selectFrom('confirm_attempts').select('key').orderBy('key').execute()).map((r) => r.key);

  it('drops the answers older than 24 hours and keeps the rest, at most once an hour per process', async () => {
    const now = Date.now();
    await answer('a-old', now - KEEP_MS - 1);
    await answer('b-day', now - KEEP_MS + 60_000);
    await answer('c-new', now);
    await sweepConfirmAnswers(store, now);
    expect(await keys()).toEqual(['b-day', 'c-new']);

    // Within the hour: not swept again, even though b-day has passed its 24 hours by then.
    await sweepConfirmAnswers(store, now + 2 * 60_000);
    expect(await keys()).toEqual(['b-day', 'c-new']);
    await sweepConfirmAnswers(store, now + SWEEP_EVERY_MS);
    expect(await keys()).toEqual(['c-new']);
  });
});
