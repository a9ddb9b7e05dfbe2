/**
 * `npm run bench [-- size ready server memory]`: measures flex-checkout beside the
 * alternatives and the floor, prints one table, and writes bench/results.json and
 * docs/performance.md. With part names, runs only those and keeps the others' figures.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { ROOT } from './bundle.js';
import { waitForQuiet } from './machine.js';
import { memoryPart } from './memory.js';
import { readyPart } from './ready.js';
import { consoleTable, markdown } from './report.js';
import { PARTS, readResults, RESULTS_FILE, writeResults, type PartName, type PartResult } from './results.js';
import { serverPart } from './server.js';
import { sizePart } from './size.js';

const RUNNERS: Record<PartName, () => Promise<PartResult>> = {
  size: sizePart,
  ready: readyPart,
  server: serverPart,
  memory: memoryPart,
};

const asked = process.argv.slice(2);
const unknown = asked.filter((a) => !(PARTS as readonly string[]).includes(a));
if (unknown.length > 0) {
  console.error(`Unknown part ${unknown.join(', ')}: choose from ${PARTS.join(', ')} (none runs them all).`);
  process.exit(2);
}
const parts = asked.length > 0 ? PARTS.filter((p) => asked.includes(p)) : [...PARTS];

// An interrupted run still stops what it started (the throw-away PostgreSQL, on exit).
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

const results = readResults();
for (const part of parts) {
  // Each part starts on a settled machine, and says how it found it: the figures of one part
  // are not those of the previous part's leftovers (its builds, browsers, servers).
  process.stderr.write(`bench: ${part}: waiting for the machine to settle…`);
  const quiet = await waitForQuiet();
  const loadAtStart = Math.round(loadavg()[0]! * 100) / 100;
  const started = performance.now();
  process.stderr.write(` (${quiet.waitedSeconds} s) running…`);
  const result = await RUNNERS[part]();
  results[part] = { ...result, machine: { ...result.machine, loadAverage: loadAtStart, idleAtStart: quiet.idle, waitedSeconds: quiet.waitedSeconds } };
  process.stderr.write(` ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
}
writeResults(results);
const doc = join(ROOT, 'docs/performance.md');
writeFileSync(doc, markdown(results));
console.log(consoleTable(results, parts));
console.log(`\nwrote ${RESULTS_FILE.slice(ROOT.length)} and ${doc.slice(ROOT.length)}`);
