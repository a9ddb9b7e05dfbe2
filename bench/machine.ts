import { execFileSync } from 'node:child_process';
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

/** One line naming the machine (without its load, which changes by the minute). */
export const describeMachine = (m: Machine) => `${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, Chromium ${m.chromium}`;
