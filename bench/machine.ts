import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import { findChromium } from '../test/support/browser.js';

/** The machine a figure was measured on: every part of the results carries one. */
export interface Machine {
  cores: number;
  cpu: string;
  memoryGiB: number;
  os: string;
  node: string;
  chromium: string;
  /** 1-minute load average when the part started: other work on the machine skews figures. */
  loadAverage: number;
  /** The share of CPU time idle in the second before the part started (where the system says: Linux). */
  idleAtStart?: number;
  /** How long the part waited for the machine to settle first (waitForQuiet). */
  waitedSeconds?: number;
}

let chromiumVersion: string | undefined;

/** The Chromium the browser parts drive, as it reports itself (or why there is none). */
function chromium(): string {
  if (chromiumVersion) return chromiumVersion;
  try {
    const out = execFileSync(findChromium(), ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    chromiumVersion = /[\d.]+\d/.exec(out)?.[0] ?? out.trim();
  } catch (error) {
    chromiumVersion = `not found (${(error as Error).message.split('.')[0]})`;
  }
  return chromiumVersion;
}

export function machine(): Machine {
  const list = cpus();
  return {
    cores: list.length,
    cpu: list[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${osType()} ${release()}`,
    node: process.version,
    chromium: chromium(),
    loadAverage: Math.round(loadavg()[0]! * 100) / 100,
  };
}

/** CPU time so far, idle and in all, from /proc/stat's first line (Linux); undefined elsewhere. */
function cpuTimes(): { idle: number; total: number } | undefined {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/);
    const n = fields.map(Number);
    // user nice system idle iowait irq softirq steal: idle and iowait are the idle time.
    return { idle: n[3]! + (n[4] ?? 0), total: n.slice(0, 8).reduce((a, b) => a + b, 0) };
  } catch {
    return undefined;
  }
}

/**
 * Waits until the machine has settled: the CPU at least `idle` idle over two seconds running
 * (the previous part's builds, browsers and servers done with), or `deadlineMs` has passed.
 * The load average cannot tell: it trails the last minute. Answers the idle share of the
 * last second and how long it waited; where /proc/stat is not, it does not wait.
 */
export async function waitForQuiet({ idle = 0.8, deadlineMs = 60_000 } = {}): Promise<{ idle?: number; waitedSeconds: number }> {
  const started = performance.now();
  let calm = 0;
  let share: number | undefined;
  for (let before = cpuTimes(); before;) {
    await sleep(1000);
    const after = cpuTimes()!;
    share = (after.idle - before.idle) / Math.max(1, after.total - before.total);
    before = after;
    calm = share >= idle ? calm + 1 : 0;
    if (calm >= 2 || performance.now() - started > deadlineMs) break;
  }
  return { ...(share !== undefined ? { idle: Math.round(share * 100) / 100 } : {}), waitedSeconds: Math.round((performance.now() - started) / 100) / 10 };
}

/** One line naming the machine (without its load, which changes by the minute). */
export const describeMachine = (m: Machine) => `${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, Chromium ${m.chromium}`;
