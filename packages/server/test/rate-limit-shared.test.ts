import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSandboxApp, DEFAULT_SECRET_KEY } from '@flex-checkout/sandbox';
import { createFlexCheckout, silentLogger, type FlexCheckout } from '@flex-checkout/server';
import { createPrice, createSession } from '../../../test/support/checkout.js';
import { describeEachDatabase, freshDatabase, type TestDatabase } from '../../../test/support/databases.js';
import { until } from '../../../test/support/http-probes.js';
import { caller } from '../../../test/support/sandbox.js';
import { freshServerDatabase, type TestServerDatabase } from '../../../test/support/server-store.js';

const PER_SESSION = 5;

/**
 * Review finding 4 (issue 15): the rate limits were counted in each process's memory, so N
 * server instances on one database allowed N times the limit. The counts now live in the
 * server's database, and the limit holds across every instance on it.
 */
describeEachDatabase('finding 4: two server instances on one database share the rate limit', (kind) => {
  let sandboxDb: TestDatabase;
  let serverDb: TestServerDatabase;
  let instances: FlexCheckout[] = [];
  let sessions: { checkout_session_id: string; client_secret: string }[];

  beforeAll(async () => {
    sandboxDb = await freshDatabase(kind);
    serverDb = freshServerDatabase(kind);
    const sandboxApp = createSandboxApp({ store: sandboxDb.store });
    const options = {
      sandboxApp,
      apiKey: DEFAULT_SECRET_KEY,
      database: serverDb.url,
      ...(serverDb.schema ? { schema: serverDb.schema } : {}),
      logger: silentLogger,
      rateLimit: { perSession: PER_SESSION, perIp: 1000 },
    };
    instances = [await createFlexCheckout(options), await createFlexCheckout(options)];
    const sandbox = caller(async (path, init) => sandboxApp.request(path, init));
    const price = (await createPrice(sandbox, { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation' })).price_id;
    sessions = [await createSession(sandbox, { line_items: [{ price }] }), await createSession(sandbox, { line_items: [{ price }] })];
  });
  afterAll(async () => {
    for (const flex of instances) await flex.close();
    await serverDb?.dispose();
    await sandboxDb?.dispose();
  });

  const read = (flex: FlexCheckout, session: { checkout_session_id: string; client_secret: string }) =>
    // `request` answers a Response or a promise of one; Promise.all below takes promises.
    Promise.resolve(
      flex.app.request(`http://shop.test/flex/sessions/${session.checkout_session_id}`, { headers: { authorization: `Bearer ${session.client_secret}` } }),
    );
  // The counts are per minute on the clock: keep clear of a minute's last seconds.
  const clearOfMinuteEnd = () => until(() => Date.now() % 60_000 < 50_000, 'a minute with time to spare', 15_000);

  it('sixteen reads of one session, alternating between the instances: five in all get through, the rest 429', async () => {
    await clearOfMinuteEnd();
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++) statuses.push((await read(instances[i % 2]!, sessions[0]!)).status);
    expect(statuses).toEqual([...Array(PER_SESSION).fill(200), ...Array(16 - PER_SESSION).fill(429)]);
  });

  it('eight reads through each instance at once: five in all get through, the rest 429 in the error shape', async () => {
    await clearOfMinuteEnd();
    const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => read(instances[i % 2]!, sessions[1]!)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(PER_SESSION);
    expect(statuses.filter((s) => s === 429)).toHaveLength(16 - PER_SESSION);
    // Each instance turned some away: neither counted alone.
    for (const i of [0, 1]) expect(statuses.filter((s, n) => n % 2 === i && s === 429).length).toBeGreaterThan(0);

    const limited = answers[statuses.indexOf(429)]!;
    expect(await limited.json()).toEqual({
      detail: [{ loc: [], msg: 'Too many requests for this checkout session. Wait a minute and try again.', type: 'rate_limit_error' }],
    });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('ratelimit-limit')).toBe(String(PER_SESSION));

    // The count is a row in the server's database, not a key in either process's memory.
    const store = await serverDb.open();
    const rows = await store.db.selectFrom('rate_limits').select(['hits']).execute();
    expect(rows.map((r) => Number(r.hits)).filter((hits) => hits === 16)).toHaveLength(2); // one row per session
  });
});
