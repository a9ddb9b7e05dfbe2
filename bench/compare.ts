/**
 * `npm run bench:compare -- <before> [after] [--pairs 150]`: whether a change to the element
 * makes the time to ready sooner, measured as pairs of cold loads of two builds of the
 * script-tag files (each a directory such as a copy of packages/element/dist; `after`
 * defaults to packages/element/dist), in alternating order, with the floor every fifth
 * pair. Both builds go through the same route and page (bench/site.ts `builds`), so only
 * the files differ.
 *
 * Why a tool of its own: on this 2-core machine the floor's median moves 5–8 ms from one
 * `npm run bench -- ready` to the next, more than most changes to the element are worth, so
 * two runs of the bench cannot tell a 2 ms gain from none. Pairs narrow it: the same build
 * against itself (pass one directory twice) gave 1.1 ± 1.8 ms over 150 pairs (trimmed mean,
 * 2 s.e.), so a change is worth keeping for ready only when it is sooner by more than that.
 * It prints and writes nothing else: the product's figures come from `npm run bench`.
 *
 * Making the "before" build:
 *   git stash && npm run build -w packages/element && cp -r packages/element/dist /tmp/before
 *   git stash pop && npm run build -w packages/element
 *   npm run bench:compare -- /tmp/before
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../test/support/browser.js';
import { ROOT } from './bundle.js';
import { waitForQuiet } from './machine.js';
import { loadOnce } from './ready.js';
import { startSite } from './site.js';
import { formatRatio, summarize } from './stats.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { pairs: { type: 'string', default: '150' } } });
const pairs = Number(values.pairs);
if (positionals.length < 1 || positionals.length > 2 || !Number.isInteger(pairs) || pairs < 10) {
  console.error('usage: npm run bench:compare -- <before-dir> [after-dir] [--pairs 150] (pairs: 10 or more)');
  process.exit(2);
}
const [before, after = resolve(ROOT, 'packages/element/dist')] = positionals.map((dir) => resolve(dir)) as [string, string?];
const WARM_UP = 2;

/** The mean of the middle 80 % of the differences, and twice its standard error. */
function trimmedMean(samples: readonly number[]): { mean: number; twoSe: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const kept = sorted.slice(Math.floor(sorted.length * 0.1), Math.ceil(sorted.length * 0.9));
  const mean = kept.reduce((sum, x) => sum + x, 0) / kept.length;
  const variance = kept.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (kept.length - 1);
  return { mean, twoSe: 2 * Math.sqrt(variance / kept.length) };
}

process.stderr.write('bench:compare: waiting for the machine to settle…');
await waitForQuiet();
process.stderr.write(' running…\n');
const site = await startSite({ builds: { before, after } });
let browser: Browser | undefined;
try {
  browser = await launchBrowser();
  const session = await site.newSession('consultation');
  const url = (name: string) => `${site.url}/page/build/${name}/${session}`;
  const times = { before: [] as number[], after: [] as number[], floor: [] as number[] };
  const differences: number[] = [];
  for (let i = 0; i < WARM_UP + pairs; i++) {
    // Alternating which goes first, so a drift within a pair falls on both alike.
    const got: Record<string, number> = {};
    for (const name of i % 2 === 0 ? ['before', 'after'] : ['after', 'before']) got[name] = await loadOnce(browser, url(name));
    const floor = i % 5 === 0 ? await loadOnce(browser, `${site.url}/page/bare`) : undefined;
    if (i < WARM_UP) continue;
    times.before.push(got.before!);
    times.after.push(got.after!);
    if (floor !== undefined) times.floor.push(floor);
    differences.push(got.after! - got.before!);
  }
  const [was, is, floor] = [summarize(times.before), summarize(times.after), summarize(times.floor)];
  const { mean, twoSe } = trimmedMean(differences);
  console.log(`before  ${before}: median ${was.median.toFixed(1)} ms (${formatRatio(was.median / floor.median)} the floor)`);
  console.log(`after   ${after}: median ${is.median.toFixed(1)} ms (${formatRatio(is.median / floor.median)} the floor)`);
  console.log(`floor   median ${floor.median.toFixed(1)} ms (${floor.runs} loads)`);
  console.log(
    `after − before, ${differences.length} pairs: median ${summarize(differences).median.toFixed(1)} ms, ` +
      `trimmed mean ${mean.toFixed(1)} ± ${twoSe.toFixed(1)} ms (2 s.e.; negative is sooner)`,
  );
} finally {
  await browser?.close();
  await site.close();
}
