import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from '../../support/browser.js';
import { untilPrinted } from '../../support/process.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface RunningDemo {
  /** `http://localhost:PORT` as it printed it. */
  url: string;
  /** Where its databases are. */
  dataDir: string;
  /** Everything it printed. */
  output: () => string;
  /** Stops it (SIGTERM, then SIGKILL after 5 s) and waits for the exit. */
  stop(): Promise<void>;
  /** A call to the demo's sandbox API with the secret key, as a merchant's script would. */
  api: <T = any>(method: string, path: string, body?: unknown) => Promise<{ status: number; body: T }>;
}

/**
 * Starts the demo as `npm start` does — `node --conditions=source --import tsx demo/server.ts`
 * — on a free port and its own data folder, and resolves once it prints its URL.
 */
export async function startDemo(options: { dataDir?: string; port?: string; args?: string[]; env?: Record<string, string> } = {}): Promise<RunningDemo> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'flex-demo-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', 'demo/server.ts', '--data', dataDir, ...(options.args ?? [])],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own SQLite files, whatever DATABASE_URL the test run has.
      env: { ...process.env, PORT: options.port ?? '0', HOST: '127.0.0.1', DATABASE_URL: '', LOG_LEVEL: '', ...options.env },
    },
  );
  const started = untilPrinted(child, /demo store on (http:\/\/\S+)/, 'the demo', 90_000);
  const url = (await started.match)[1]!;
  return {
    url,
    dataDir,
    output: started.output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
    async api(method, path, body) {
      const res = await fetch(url + path, {
        method,
        headers: { authorization: 'Bearer fsk_test_sandbox', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: await res.json() };
    },
  };
}

/** Removes a demo's data folder once it has stopped. */
export function removeData(demo: RunningDemo): void {
  rmSync(demo.dataDir, { recursive: true, force: true });
}

/**
 * One `npm start` and one Chromium for a test file: started before its tests, stopped (and
 * the data folder removed) after. A test may put a restarted demo in `demo`.
 */
export function useDemo(): { demo: RunningDemo; browser: Browser } {
  const running = {} as { demo: RunningDemo; browser: Browser };
  beforeAll(async () => {
    [running.demo, running.browser] = await Promise.all([startDemo(), launchBrowser()]);
  });
  afterAll(async () => {
    await running.browser?.close();
    await running.demo?.stop();
    if (running.demo) removeData(running.demo);
  });
  return running;
}
