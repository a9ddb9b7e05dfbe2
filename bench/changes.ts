/**
 * What changed the server figures, and by how much: each change was measured before and
 * after in the same runs (clean copies of the two commits side by side, alternating, on this
 * 2-core machine under the other work's load), so these are ratios, not absolute figures.
 * docs/performance.md shows this list under the server part.
 */
export const SERVER_CHANGES: readonly string[] = [
  'Rate limits: the three limits (per address, refused secrets per caller, per session) each made a query per request — two upserts and a read — through hono-rate-limiter and a store of our own. They are now one middleware (`guards/request-limits.ts`) whose counts are one statement (`RateLimitStore.count`), and every count asked in one turn of the event loop shares that statement (group commit). Session read via /flex ÷ direct, SQLite: 0.24–0.40× before, 0.34–0.58× with one statement a request, 0.66–0.78× batched; PostgreSQL: 0.21–0.45×, 0.42–0.54×, 0.51–0.73×.',
  'Body limit: the widget routes\' 64 KB limit asked every request for its body, so @hono/node-server built a whole Fetch Request for each GET. GET and HEAD now pass at once. SQLite: 0.67–0.76× → 0.91–1.16× (the sandbox\'s own body limit still does this on the direct path; with it fixed too, the ratio was 0.49–0.59× on SQLite and 0.31–0.41× on PostgreSQL in the same experiment).',
  'PostgreSQL: `rate_limits` is an unlogged table (server migration 0007): a count lives a minute, so its writes need no write-ahead log flush at commit. With fsync off (the throw-away server) the change is within the noise (0.52–0.57× → 0.60–0.73×); on a server that flushes its log, it takes a disk flush off every widget call.',
  'Letters by session: `findValidLetter` (session read and confirm, for a shopper who is not yet a customer) and `attachSessionLetters` (confirm) read every letter ever issued; sandbox migration 0006 adds `letters_session`. The figures without it are measured in every run (the "without" columns above).',
  'Measured and left alone: zod\'s parse of the session answer takes about 7 µs, JSON.parse 7 µs and JSON.stringify 4 µs of a request that costs the server 0.3–0.6 ms; a hand-written filter would save a few microseconds and add a second declaration of the schema.',
];
