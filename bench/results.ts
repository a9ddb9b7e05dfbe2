import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR } from './bundle.js';
import type { Machine } from './machine.js';

/** One line of the printed table (and of docs/performance.md). */
export interface Row {
  what: string;
  figure: string;
  /** Against the baseline measured in the same run, spelled out ("6.2× ours"). */
  ratio: string;
  runs: string;
}

/** What one part (size, ready, server, memory) measured, on which machine, when. */
export interface PartResult<Data = unknown> {
  machine: Machine;
  at: string;
  rows: Row[];
  /** Anything that kept a figure from being measured (no PostgreSQL, a stale build). */
  warnings: string[];
  data: Data;
}

export const PARTS = ['size', 'ready', 'server', 'memory'] as const;
export type PartName = (typeof PARTS)[number];
export type Results = Partial<Record<PartName, PartResult>>;

export const RESULTS_FILE = join(BENCH_DIR, 'results.json');

/**
 * The results so far: a part run alone (`npm run bench -- size`) replaces only its own
 * entry, and each entry keeps the machine and time it was measured with.
 */
export function readResults(): Results {
  if (!existsSync(RESULTS_FILE)) return {};
  try {
    return JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Results;
  } catch {
    return {};
  }
}

export function writeResults(results: Results): void {
  const ordered = Object.fromEntries(PARTS.filter((p) => results[p]).map((p) => [p, results[p]]));
  writeFileSync(RESULTS_FILE, `${JSON.stringify(ordered, null, 2)}\n`);
}
