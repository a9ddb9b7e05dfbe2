import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSandboxApp, DEFAULT_SECRET_KEY } from '@flex-checkout/sandbox';
import { createFlexCheckout, silentLogger, type FlexCheckout, type FlexCheckoutOptions } from '@flex-checkout/server';
import { createPrice, createSession } from '../../../test/support/checkout.js';
import { describeEachDatabase, freshDatabase, type DatabaseKind, type TestDatabase } from '../../../test/support/databases.js';
import { until } from '../../../test/support/http-probes.js';
import { caller } from '../../../test/support/sandbox.js';
import { freshServerDatabase, type TestServerDatabase } from '../../../test/support/server-store.js';

const PER_SESSION = 5;

type Session = { checkout_session_id: string; client_secret: string };

// The counts are per minute on the clock: keep clear of a minute's last seconds.
const clearOfMinuteEnd = () => until(() => Date.now() % 60_000 < 45_000, 'a minute with time to spare', 20_000);

/**
 * Two companion server instances on one fresh server database of `kind`, in front of one
 * embedded sandbox, and two sessions of a first-aid kit, set up before the suite's tests and
 * closed after them.
 */
function twoInstances(kind: DatabaseKind, options: Pick<FlexCheckoutOptions, 'rateLimit' | 'trustProxy'>) {
  const suite = { instances: [] as FlexCheckout[], sessions: [] as Session[], serverDb: undefined as TestServerDatabase | undefined };
  let sandboxDb: TestDatabase | undefined;
  beforeAll(async () => {
    sandboxDb = await freshDatabase(kind);
    const serverDb = (suite.serverDb = freshServerDatabase(kind));
    const sandboxApp = createSandboxApp({ store: sandboxDb.store });
    const flexOptions = {
      sandboxApp,
      apiKey: DEFAULT_SECRET_KEY,
      database: serverDb.url,
      ...(serverDb.schema ? { schema: serverDb.schema } : {}),
      logger: silentLogger,
      ...options,
    };
    suite.instances = [await createFlexCheckout(flexOptions), await createFlexCheckout(flexOptions)];
    const sandbox = caller(async (path, init) => sandboxApp.request(path, init));
    const price = (await createPrice(sandbox, { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation' })).price_id;
    suite.sessions = [await createSession(sandbox, { line_items: [{ price }] }), await createSession(sandbox, { line_items: [{ price }] })];
  });
  afterAll(async () => {
    for (const flex of suite.instances) await flex.close();
    await suite.serverDb?.dispose();
    await sandboxDb?.dispose();
  });
  return suite;
}

/**
 * Review finding 4 (issue 15): the rate limits were counted in each process's memory, so N
 * server instances on one database allowed N times the limit. The counts now live in the
 * server's database, and the limit holds across every instance on it.
 */
describeEachDatabase('finding 4: two server instances on one database share the rate limit', (kind) => {
  const suite = twoInstances(kind, { rateLimit: { perSession: PER_SESSION, perIp: 1000 } });

  const read = (flex: FlexCheckout, session: Session) =>
    // `request` answers a Response or a promise of one; Promise.all below takes promises.
    Promise.resolve(
      flex.app.request(`http://shop.test/flex/sessions/${session.checkout_session_id}`, { headers: { authorization: `Bearer ${session.client_secret}` } }),
    );

  it('sixteen reads of one session, alternating between the instances: five in all get through, the rest 429', async () => {
    await clearOfMinuteEnd();
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++) statuses.push((await read(suite.instances[i % 2]!, suite.sessions[0]!)).status);
    expect(statuses).toEqual([...Array(PER_SESSION).fill(200), ...Array(16 - PER_SESSION).fill(429)]);
  });

  it('eight reads through each instance at once: five in all get through, the rest 429 in the error shape', async () => {
    await clearOfMinuteEnd();
    const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => read(suite.instances[i % 2]!, suite.sessions[1]!)));
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
    const store = await suite.serverDb!.open();
    const rows = await store.db.selectFrom('rate_limits').select(['hits']).execute();
    expect(rows.map((r) => Number(r.hits)).filter((hits) => hits === 16)).toHaveLength(2); // one row per session
  });
});

/**
 * On PostgreSQL most calls are counted without a statement: each instance takes a block of a
 * key's count from the database ahead of use (a twentieth of its limit) and hands it out in
 * memory. The limit still holds across instances: the database's count is never below what
 * they handed out. (SQLite counts every call in the database: RateLimitStore.inBlocks.)
 */
describeEachDatabase('counted in blocks (PostgreSQL) or call by call (SQLite): two instances on one database still share the limit', (kind) => {
  const PER_IP = 40; // blocks of 2
  const PER_SESSION_BLOCKS = 120; // blocks of 6
  const suite = twoInstances(kind, { rateLimit: { perSession: PER_SESSION_BLOCKS, perIp: PER_IP }, trustProxy: true });

  const read = (flex: FlexCheckout, address: string, as: Session = suite.sessions[0]!, secret = as.client_secret) =>
    flex.app.request(`http://shop.test/flex/sessions/${as.checkout_session_id}`, {
      headers: { authorization: `Bearer ${secret}`, 'x-forwarded-for': address },
    });
  /** A key's count as the database holds it (keys are stored hashed). */
  const hitsOf = async (key: string) => {
    const store = await suite.serverDb!.open();
    const hash = createHash('sha256').update(key).digest('base64url');
    return Number((await store.db.selectFrom('rate_limits').select(['hits']).where('key', '=', hash).executeTakeFirst())?.hits);
  };

  it('fifty calls of one address, alternating between the instances: the first forty get through, the rest 429', async () => {
    await clearOfMinuteEnd();
    const statuses: number[] = [];
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 50; i++) {
      const answer = await read(suite.instances[i % 2]!, '203.0.113.40');
      statuses.push(answer.status);
      remaining.push(answer.headers.get('ratelimit-remaining'));
    }
    expect(statuses).toEqual([...Array(PER_IP).fill(200), ...Array(50 - PER_IP).fill(429)]);
    // Each call has its own place in the address's count, whichever instance answered it.
    expect(new Set(remaining.slice(0, PER_IP)).size).toBe(PER_IP);
  });

  it('seven reads through one instance: on PostgreSQL two blocks of the session’s count, on SQLite seven calls', async () => {
    await clearOfMinuteEnd();
    const fresh = suite.sessions[1]!;
    for (let i = 0; i < 7; i++) expect((await read(suite.instances[0]!, '198.51.100.40', fresh)).status).toBe(200);
    // PostgreSQL: blocks of 6 for the session (two), of 2 for the address (four). SQLite counts
    // every call in the database (RateLimitStore.inBlocks): 7 each.
    expect(await hitsOf(`checkout session:${fresh.checkout_session_id}`)).toBe(kind === 'postgres' ? 12 : 7);
    expect(await hitsOf('address:198.51.100.40')).toBe(kind === 'postgres' ? 8 : 7);
  });

  it('a refusal counted by one instance is read by the other once its block of the address is spent', async () => {
    await clearOfMinuteEnd();
    const address = '192.0.2.40';
    // The second instance answers a good call first: its block of the address (2) and a
    // reading of 0 refused secrets for it.
    expect((await read(suite.instances[1]!, address)).status).toBe(200);
    // Thirty wrong secrets through the first instance: the refused-secrets limit is reached.
    for (let i = 0; i < 30; i++)
      expect((await read(suite.instances[0]!, address, suite.sessions[0], `${suite.sessions[0]!.checkout_session_id}_secret_wrongwrong`)).status).toBe(401);
    expect((await read(suite.instances[0]!, address)).status).toBe(429);
    // The second instance answers from its block at most once more, then reads the count and refuses.
    const statuses = [(await read(suite.instances[1]!, address)).status, (await read(suite.instances[1]!, address)).status];
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(1);
  });
});
