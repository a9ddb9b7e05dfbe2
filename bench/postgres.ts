import { execFile, execFileSync } from 'node:child_process';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './bundle.js';

export type Postgres = { url: string; stop(): Promise<void> } | { unavailable: string };

const SCRIPT = join(ROOT, 'scripts/postgres-throwaway.sh');

/**
 * PostgreSQL for the server part: DATABASE_URL when it names one, else a throw-away
 * server (scripts/postgres-throwaway.sh) that `stop()` removes, and that is removed on exit
 * too if the run is interrupted. When none can be had, says why instead of throwing.
 */
export async function postgres(): Promise<Postgres> {
  const given = process.env.DATABASE_URL;
  if (given && /^postgres(ql)?:\/\//.test(given)) return { url: given, stop: async () => {} };
  let printed: string;
  try {
    // A quarter of the machine's memory for PostgreSQL's own cache, at most 4 GB (PostgreSQL's
    // guidance for a dedicated server; its 128 MB default is for a laptop). The 100,000-session
    // database is about 1 GB: with the default, reads of it pay for a cache that cannot hold
    // what a real deployment's would.
    const sharedBuffers = Math.min(4096, Math.floor(totalmem() / 4 / 2 ** 20));
    printed = (await promisify(execFile)('bash', [SCRIPT], { cwd: ROOT, env: { ...process.env, PG_OPTIONS: `-c shared_buffers=${sharedBuffers}MB` } })).stdout;
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '').trim();
    return { unavailable: stderr || (error as Error).message };
  }
  const url = /DATABASE_URL=(\S+)/.exec(printed)?.[1];
  const dir = /PG_THROWAWAY_DIR=(\S+)/.exec(printed)?.[1];
  if (!url || !dir) return { unavailable: `scripts/postgres-throwaway.sh printed no URL: ${printed.trim()}` };
  let stopped = false;
  const stopNow = () => {
    if (stopped) return;
    stopped = true;
    execFileSync('bash', [SCRIPT, 'stop', dir], { cwd: ROOT, stdio: 'ignore' });
  };
  process.once('exit', stopNow);
  return {
    url,
    stop: () => {
      stopNow();
      process.off('exit', stopNow);
      return Promise.resolve();
    },
  };
}
