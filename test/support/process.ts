import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { randomBytes } from 'node:crypto';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface RunningSandbox {
  url: string;
  child: ChildProcess;
  /** Everything the process printed, for a failing test's message. */
  output: () => string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Waits for a child process to print a line matching `pattern` (on stdout or stderr): the
 * match, or an error holding all it printed when it exits first or takes over `timeoutMs`.
 * `output()` is everything it has printed so far, for a failing test's message.
 */
export function untilPrinted(child: ChildProcess, pattern: RegExp, what: string, timeoutMs: number): { match: Promise<RegExpExecArray>; output: () => string } {
  let printed = '';
  const match = new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start within ${timeoutMs / 1000} s:\n${printed}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      printed += chunk.toString();
      const found = pattern.exec(printed);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}:\n${printed}`));
    });
  });
  return { match, output: () => printed };
}

/**
 * Starts `flex-sandbox` as its own process (the TypeScript sources through tsx) on a free
 * port, and resolves once it prints its URL.
 */
export async function startSandboxProcess(db: string, extraArgs: string[] = []): Promise<RunningSandbox> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'packages/sandbox/src/cli.ts', '--port', '0', '--db', db, ...extraArgs], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DATABASE_URL: '' },
  });
  const started = untilPrinted(child, /Flex sandbox on (http:\/\/\S+)/, 'the sandbox', 30_000);
  const url = (await started.match)[1]!;
  return {
    url,
    child,
    output: started.output,
    kill: (signal = 'SIGKILL') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

/** A new, empty PostgreSQL database on the test server; its URL and how to drop it. */
export async function createPostgresDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
