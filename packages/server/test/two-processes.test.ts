import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { browserOf, CARDS, createPrice, createSession, tokenFor } from '../../../test/support/checkout.js';
import { createPostgresDatabase, startSandboxProcess } from '../../../test/support/process.js';
import { caller } from '../../../test/support/sandbox.js';
import { scannedFetch as fetch } from '../../../test/support/secret-scan.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const postgres = process.env.DATABASE_URL;
if (!postgres && process.env.CI) throw new Error('CI=true but DATABASE_URL is not set');

/** Starts `flex-checkout-server` as its own process and resolves with its origin. */
async function startServerProcess(args: string[]) {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'packages/server/src/cli.ts', '--port', '0', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DATABASE_URL: '' },
  });
  let printed = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${printed}`)), 30_000);
    const onData = (chunk: Buffer) => {
      printed += chunk.toString();
      const match = /server on (http:\/\/[^/\s]+)/.exec(printed);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${printed}`)));
  });
  return {
    url,
    stop: () => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGKILL')))),
  };
}

(postgres ? describe : describe.skip)('two server processes on one PostgreSQL', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('the same confirm sent to both charges once', async () => {
    const sandboxDb = await createPostgresDatabase(postgres!);
    const serverDb = await createPostgresDatabase(postgres!);
    cleanups.push(sandboxDb.drop, serverDb.drop);
    const sandbox = await startSandboxProcess(sandboxDb.url);
    cleanups.push(() => sandbox.kill());
    const args = ['--upstream', sandbox.url, '--api-key', 'fsk_test_sandbox', '--db', serverDb.url];
    const [a, b] = await Promise.all([startServerProcess(args), startServerProcess(args)]);
    cleanups.push(a.stop, b.stop);

    const upstream = caller((path, init) => fetch(sandbox.url + path, init));
    const gym = await createPrice(upstream, { visit_type: 'gym' }, { unit_amount: 7500 });
    for (let round = 0; round < 5; round++) {
      const session = await createSession(upstream, { line_items: [{ price: gym.price_id }] });
      const browser = browserOf(upstream, session);
      await browser.answer('approved', 'gym', new Date());
      await browser.details({ email: `twice${round}@example.com`, first_name: 'Two', last_name: 'Servers' });
      const token = await tokenFor(upstream, CARDS.visa);

      const confirmAt = (origin: string) =>
        fetch(`${origin}/flex/sessions/${session.checkout_session_id}/confirm`, {
          method: 'POST',
          headers: { authorization: `Bearer ${session.client_secret}`, 'content-type': 'application/json', 'idempotency-key': `same-attempt-${round}` },
          body: JSON.stringify({ confirmation_token: token }),
        }).then(async (res) => ({ status: res.status, body: await res.text() }));
      const [fromA, fromB] = await Promise.all([confirmAt(a.url), confirmAt(b.url)]);
      expect(fromA.status, fromA.body).toBe(200);
      expect(fromB.status, fromB.body).toBe(200);
      expect(JSON.parse(fromA.body)).toEqual(JSON.parse(fromB.body));

      const intents = (await upstream('GET', `/v1/payment_intents?checkout_session=${session.checkout_session_id}`)).body.payment_intents;
      expect(intents).toHaveLength(1);
      expect(intents[0].status).toBe('succeeded');
    }
  });
});
