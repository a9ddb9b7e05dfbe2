/** The server part's section of docs/performance.md (bench/report.ts puts it together). */
import { SERVER_CHANGES } from './changes.js';
import type { PartResult } from './results.js';
import { GROWTH, LOAD, OVERHEAD, type GrowthLoad, type ServerData } from './server.js';
import type { PlannedQuery } from './target-info.js';

type MdTable = (headers: readonly string[], rows: readonly (readonly string[])[]) => string;

const DATABASES = [
  ['sqlite', 'SQLite'],
  ['postgresql', 'PostgreSQL'],
] as const;

const count = (n: number) => n.toLocaleString('en-US');
const times = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

/** The plans of both databases side by side, one line per query (in the order SQLite's request ran them). */
function planRows(sqlite: PlannedQuery[] | undefined, pg: PlannedQuery[] | undefined): string[][] {
  const key = (q: PlannedQuery) => `${q.store}\n${q.query}`;
  const order: string[] = [];
  const byDb = { sqlite: new Map<string, PlannedQuery>(), pg: new Map<string, PlannedQuery>() };
  for (const [name, list] of [
    ['sqlite', sqlite],
    ['pg', pg],
  ] as const) {
    for (const q of list ?? []) {
      if (!order.includes(key(q))) order.push(key(q));
      byDb[name].set(key(q), q);
    }
  }
  const cell = (q: PlannedQuery | undefined) => (!q ? '—' : q.before === q.access ? q.access : `**${q.before} → ${q.access}**`);
  return order.map((k) => {
    const q = byDb.sqlite.get(k) ?? byDb.pg.get(k)!;
    const text = q.query.length > 110 ? `${q.query.slice(0, 107)}…` : q.query;
    return [q.store === 'server' ? 'companion server' : 'sandbox', `\`${text}\``, cell(byDb.sqlite.get(k)), cell(byDb.pg.get(k))];
  });
}

export function serverSection(r: PartResult<ServerData>, measuredOn: string, mdTable: MdTable): string {
  const d = r.data;
  const measured = DATABASES.flatMap(([name, label]) => {
    const db = d.databases[name];
    return 'unavailable' in db ? [] : [{ name, label, db }];
  });
  const failures = (l: { non2xx: number; errors: number }) => String(l.non2xx + l.errors);

  const scenarios: string[][] = [['Hono hello world', '—', String(d.hello.requestsPerSecond), String(d.hello.p99Ms), '—', '—', failures(d.hello)]];
  for (const [name, label] of DATABASES) {
    const db = d.databases[name];
    if ('unavailable' in db) {
      scenarios.push(['companion server', label, `not measured: ${db.unavailable}`, '', '', '', '']);
      continue;
    }
    const o = db.overhead;
    scenarios.push(['session read via /flex', label, String(o.flex.requestsPerSecond), String(o.flex.p99Ms), '—', '—', failures(o.flex)]);
    scenarios.push(['session read direct from the upstream', label, String(o.direct.requestsPerSecond), String(o.direct.p99Ms), '—', '—', failures(o.direct)]);
    const c = db.checkout;
    scenarios.push([
      'checkout (4 requests)',
      label,
      String(c.requestsPerSecond),
      String(c.p99Ms),
      String(c.checkoutsPerSecond),
      String(c.checkoutP99Ms),
      String(c.non2xx + c.errors + c.failedCheckouts),
    ]);
  }

  const overhead = measured.map(({ label, db }) => [
    label,
    String(db.overhead.flex.requestsPerSecond),
    String(db.overhead.direct.requestsPerSecond),
    `**${times(db.overhead.flex.requestsPerSecond, db.overhead.direct.requestsPerSecond)}**`,
    `${db.overhead.flex.p99Ms} / ${db.overhead.direct.p99Ms}`,
  ]);

  const cells = (l: GrowthLoad) => `${l.p50Ms} / ${l.p99Ms}`;
  const growth = measured.flatMap(({ label, db }) =>
    (['read', 'confirm'] as const).map((op) => {
      const m = db.growth[op];
      return [
        op === 'read' ? 'session read' : 'confirm',
        label,
        cells(m.small),
        cells(m.large),
        `**${times(m.large.p99Ms, m.small.p99Ms)}**`,
        cells(m.without.small),
        cells(m.without.large),
        times(m.without.large.p99Ms, m.without.small.p99Ms),
        `${m.small.requests} + ${m.large.requests} + ${m.without.small.requests} + ${m.without.large.requests}`,
      ];
    }),
  );

  const sqlite = measured.find((m) => m.name === 'sqlite')?.db.growth;
  const pg = measured.find((m) => m.name === 'postgresql')?.db.growth;
  const seeded = sqlite ?? pg;
  const kinds = seeded
    ? seeded.large.kinds.map((k) => [
        k.kind,
        k.weight ? `${Math.round((100 * k.weight) / seeded.large.kinds.reduce((s, x) => s + x.weight, 0))} %` : 'the confirm rounds',
        String(k.rows),
      ])
    : [];
  const tables = seeded
    ? Object.entries(seeded.large.rows)
        .filter(([, n]) => n > 0)
        .sort((a, b) => b[1] - a[1])
        .map(([table, n]) => [table, count(n), count(seeded.small.rows[table] ?? 0)])
    : [];
  const seedTimes = measured.map(({ label, db }) => `${label} ${db.growth.small.seedSeconds} s and ${db.growth.large.seedSeconds} s`).join('; ');
  const newIndexes = d.newIndexes.map((i) => `\`${i}\``).join(', ');

  return `## Server

${measuredOn}

autocannon (programmatic) on loopback, ${d.connections} connections; each server runs in its own Node
process (\`bench/server-target.ts\`) so the load generator never shares its event loop. The floor
is a bare Hono hello world on the same adapter (@hono/node-server), ${d.seconds} s after a thrown-away
warm-up. The companion server runs as a merchant mounts it, with the embedded sandbox as its
upstream (so each widget call also does the sandbox's work), logging off and the rate limits
raised so that one address may send everything (they are still counted, in the server's
database, as in production). **Checkout**: each connection in turn creates a session (a
merchant route calling \`flex.client.checkoutSessions.create\`), sends the details, makes a
confirmation token for card 4242 (the card frame's call), and confirms (with an
Idempotency-Key); a checkout counts when the confirm answers \`complete\`, ${d.seconds} s after a
warm-up. PostgreSQL is \`DATABASE_URL\` when set, else a throw-away server from
\`scripts/postgres-throwaway.sh\` (which runs with \`fsync=off\`, and here with \`shared_buffers\` a quarter
of the machine's memory, at most 4 GB, as PostgreSQL advises for a dedicated server instead of
its 128 MB default), each server in its own schema.

${mdTable(['scenario', 'database', 'req/s', 'p99 ms per request', 'checkouts/s', 'p99 ms per checkout', 'failures'], scenarios)}

### Session read via /flex vs direct

What the companion server adds to its upstream. One process serves both: the companion server
under \`/flex\`, and its upstream, the embedded sandbox's browser API, mounted beside it at
\`/v1/client/checkout_sessions/*\`. The same in-page session is read with the same client
secret through \`GET /flex/sessions/{id}\` (rate limits, the secret check, the forward, the
schema filter) and straight from \`GET /v1/client/checkout_sessions/{id}\`. The two answers are
first compared field by field (they must match), then read in ${OVERHEAD.rounds} alternating rounds of
${OVERHEAD.seconds} s each way, so that load from elsewhere on the machine slows both alike. Target:
through /flex at 0.6× the direct rate or more.

${mdTable(['database', 'via /flex req/s', 'direct req/s', 'via /flex ÷ direct', 'p99 ms via / direct'], overhead)}

### Cost as data grows

Session read and confirm with ${count(d.growthSizes.small)} and with ${count(d.growthSizes.large)} sessions in the database, each
database in its own target process, both up at once. Rounds alternate between the two sizes
(${GROWTH.rounds} rounds; in each, reads for ${GROWTH.readSeconds} s, then ${GROWTH.confirms} confirms, on each size), and between the
sandbox's indexes as migrated and the same database without ${newIndexes} (dropped
before the round and made again after it: the database as it was before sandbox migration
0006). Reads take the next of a sample of up to 1,000 seeded sessions, with the database's mix of kinds; each
confirm pays a different session waiting at the card form (details given, a fresh
confirmation token; the round's ${GROWTH.confirms} are seeded just before it), through
\`POST /flex/sessions/{id}/confirm\` with an Idempotency-Key, as the element does: so each
database holds ${count((GROWTH.rounds * 2 + 1) * GROWTH.confirms)} more sessions by the end than at the start. Before the
rounds, the same warm-up on each size, not counted: every session of its read sample read once,
and one round of confirms. ${LOAD.connections} connections.
Target: the larger at 1.3× the smaller or less (p99).

${mdTable(['operation', 'database', `${count(d.growthSizes.small)}: p50 / p99 ms`, `${count(d.growthSizes.large)}: p50 / p99 ms`, 'p99 larger ÷ smaller', `without index, ${count(d.growthSizes.small)}`, `without index, ${count(d.growthSizes.large)}`, 'without: larger ÷ smaller', 'requests'], growth)}

**What is in the database.** Sessions are not made by API calls but copied: each kind of
checkout below is run once through the real API (the merchant's typed client, the widget's
calls through the companion server, the card frame's token), the rows it wrote in the
sandbox's and the companion server's tables are kept, and each seeded session is a copy with
every object ID in it replaced by a new one made at a time spread over the last 30 days
(\`bench/seed.ts\`): its customer, consultation, letter, card, payment intent, balance
transaction, events, idempotency records and the companion server's confirm record, as the
real checkout left them. The sessions at the card form are copied the same way, made in the
last hour. Row counts are at the start of the measuring. PostgreSQL is \`VACUUM (ANALYZE)\`d after the load, as autovacuum would, and checkpointed, as it would in minutes; and each target process collects its garbage once after the load, the 100,000-session seed's heap of 150–250 MB mostly dead (all before the measuring, not during it). Seeding took ${seedTimes}.

${mdTable(['kind of session', 'share', 'rows it holds'], kinds)}

${mdTable(['table', `rows with ${count(d.growthSizes.large)} sessions`, `with ${count(d.growthSizes.small)}`], tables)}

### Which index serves each query

Every query a session read and a confirm ran on the ${count(d.growthSizes.large)}-session database (recorded as they ran,
through a kysely plugin on each database handle: \`bench/query-plans.ts\`), explained there
with the parameters it ran with: \`EXPLAIN QUERY PLAN\` on SQLite, \`EXPLAIN\` on PostgreSQL.
Reads cover one session of each kind; the confirm, one of each ready kind. *primary key* is
the table's key (SQLite's autoindex for a text key); a full scan reads the whole table.
**Bold**: the plan without ${newIndexes} → with it. On PostgreSQL the planner reads a table of a
few rows whole whatever its indexes (\`sandbox_state\`, the one clock row; \`rate_limits\`, a row
per caller and session active this minute, swept each minute; \`webhook_endpoints\`).

**Session read**

${mdTable(['database of', 'query', 'SQLite', 'PostgreSQL'], planRows(sqlite?.plans.read, pg?.plans.read))}

**Confirm**

${mdTable(['database of', 'query', 'SQLite', 'PostgreSQL'], planRows(sqlite?.plans.confirm, pg?.plans.confirm))}

### What changed these figures

${SERVER_CHANGES.map((c) => `- ${c}`).join('\n')}
`;
}
