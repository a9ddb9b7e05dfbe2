import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { untilPrinted } from '../support/process.js';
import { answerQuestions, CARDS, fillCard, fillHostedPayment } from '../e2e/support/shopper.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Under the repository, so the app's imports resolve to the workspace's packages as they would to installed ones. */
const APP = join(ROOT, 'test-results/quickstart-app');
const DOC = readFileSync(join(ROOT, 'docs/quickstart.md'), 'utf8');

/** The page's files: each ```ts file=NAME block, written as it is. */
function filesOf(markdown: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const match of markdown.matchAll(/```ts file=(\S+)\n([\s\S]*?)```/g)) files[match[1]!] = match[2]!;
  return files;
}

/** `npx tsx FILE` as the page says, the workspace's TypeScript sources standing in for the installed packages. */
function run(file: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--conditions=source', '--import', 'tsx', file], {
    cwd: APP,
    stdio: ['ignore', 'pipe', 'pipe'],
    // A new merchant's shell: no DATABASE_URL (the test run's PostgreSQL is not theirs).
    env: { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'DATABASE_URL')), ...env },
  });
}

/**
 * docs/quickstart.md, run as written: its files copied into an empty app folder, its commands
 * run in order, and a shopper paying in Chromium. If the page and the product disagree, this fails.
 */
describe('docs/quickstart.md, as written', () => {
  let browser: Browser;
  let server: ChildProcess | undefined;
  let sandbox: ChildProcess | undefined;
  const port = String(20000 + Math.floor(Math.random() * 20000));
  /** The webhook's signing secret, from section 4's register-webhook.ts. */
  let webhookSecret: string | undefined;

  /** Stops the store the test before left running, so the next one can take its port. */
  async function stopServer(): Promise<void> {
    const running = server;
    server = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  }

  beforeAll(async () => {
    rmSync(APP, { recursive: true, force: true });
    mkdirSync(APP, { recursive: true });
    // Section 1's first command, run as written (npm init alone makes a CommonJS package, where
    // the files' top-level await fails); its install line is what this repository's workspace gives.
    const init = 'npm init -y && npm pkg set type=module';
    expect(DOC).toContain(`\n${init}\n`);
    execSync(init, { cwd: APP, stdio: 'ignore' });
    expect(JSON.parse(readFileSync(join(APP, 'package.json'), 'utf8'))).toMatchObject({ type: 'module' });
    for (const [name, text] of Object.entries(filesOf(DOC))) writeFileSync(join(APP, name), text);
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    server?.kill('SIGTERM');
    sandbox?.kill('SIGTERM');
    await browser?.close();
  });

  it('has the files it tells a merchant to write', () => {
    expect(Object.keys(filesOf(DOC)).sort()).toEqual(['register-webhook.ts', 'server.ts']);
  });

  it('stops with the error when its port is taken, rather than running and serving nothing', { timeout: 90_000 }, async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, resolve));
    let store: ChildProcess | undefined;
    try {
      const busy = String((taken.address() as AddressInfo).port);
      const started = run('server.ts', { PORT: busy });
      store = started;
      const exited = new Promise<number | null>((resolve) => started.once('exit', resolve));
      const failed = untilPrinted(started, /EADDRINUSE/, 'server.ts on a taken port', 60_000);
      await failed.match;
      expect(await exited).not.toBe(0);
      expect(failed.output()).not.toContain('store on');
    } finally {
      store?.kill('SIGTERM');
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('registers the webhook, serves the store, takes a payment in the element, and hears the webhook', { timeout: 180_000 }, async () => {
    const register = run('register-webhook.ts', { PORT: port });
    const printed = untilPrinted(register, /FLEX_WEBHOOK_SECRET=(fwhsec_\S+)/, 'register-webhook.ts', 60_000);
    const secret = (await printed.match)[1]!;
    webhookSecret = secret;
    await new Promise((resolve) => register.once('exit', resolve));

    server = run('server.ts', { PORT: port, FLEX_WEBHOOK_SECRET: secret });
    const started = untilPrinted(server, /store on (http:\/\/\S+)/, 'server.ts', 60_000);
    const site = (await started.match)[1]!;
    const paid = untilPrinted(server, /paid (fcs_\w+)/, 'the webhook', 90_000);

    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      await page.goto(site);
      await page.getByRole('button', { name: 'Pay with HSA/FSA' }).click();
      // The embedded sandbox runs in-page: the element asks the questions itself.
      await page.locator('flex-checkout [data-heading]', { hasText: 'A few health questions' }).waitFor();
      await answerQuestions(page, 'gym', 'approved', new Date());
      await page.locator('flex-checkout [data-heading]', { hasText: 'You qualify' }).waitFor();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.locator('flex-checkout [data-heading]', { hasText: 'Your details' }).waitFor();
      await page.getByLabel('Email').fill('quickstart@example.com');
      await page.getByLabel('First name').fill('Quinn');
      await page.getByLabel('Last name').fill('Start');
      await page.getByRole('button', { name: 'Continue' }).click();
      await fillCard(page, CARDS.visa);
      await page.getByRole('button', { name: 'Pay $129.00' }).click();
      await page.locator('flex-checkout [data-heading]', { hasText: 'Thank you' }).waitFor();

      const session = (await paid.match)[1]!;
      await page.goto(`${site}/thanks/${session}`);
      expect(await page.getByRole('heading').textContent()).toBe('Paid — thank you');
      expect(await page.request.get(`${site}/flex/flex-checkout.js`).then((r) => r.status())).toBe(200);
    } finally {
      await context.close();
    }
  });

  it(
    'goes live by configuration: the same server.ts against the sandbox as Flex documents it pays on the hosted page in the element',
    { timeout: 180_000 },
    async () => {
      await stopServer();
      // Section 5's commands, as written: the sandbox's flex profile on its own port, from the app's folder.
      expect(DOC).toContain('\nnpx flex-sandbox --profile flex --port 4243\n');
      expect(DOC).toContain('\nFLEX_API_KEY=fsk_test_sandbox FLEX_API_BASE=http://localhost:4243 FLEX_WEBHOOK_SECRET=fwhsec_… npx tsx server.ts\n');
      const sandboxPort = String(Number(port) + 1);
      const upstream = spawn(
        process.execPath,
        ['--conditions=source', '--import', 'tsx', join(ROOT, 'packages/sandbox/src/cli.ts'), '--profile', 'flex', '--port', sandboxPort],
        {
          cwd: APP,
          stdio: ['ignore', 'pipe', 'pipe'],
          env: Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'DATABASE_URL' && name !== 'PORT')),
        },
      );
      sandbox = upstream;
      await untilPrinted(upstream, /Flex sandbox on http:\/\/\S+/, 'flex-sandbox --profile flex', 60_000).match;
      const live = { FLEX_API_KEY: 'fsk_test_sandbox', FLEX_API_BASE: `http://localhost:${sandboxPort}` };

      // The webhook section 4 registered lives in .data/sandbox.sqlite, which this sandbox opened: its secret still verifies.
      if (!webhookSecret) {
        const register = run('register-webhook.ts', { PORT: port, ...live });
        webhookSecret = (await untilPrinted(register, /FLEX_WEBHOOK_SECRET=(fwhsec_\S+)/, 'register-webhook.ts', 60_000).match)[1]!;
      }
      server = run('server.ts', { PORT: port, FLEX_WEBHOOK_SECRET: webhookSecret, ...live });
      const site = (await untilPrinted(server, /store on (http:\/\/\S+)/, 'server.ts against the flex profile', 60_000).match)[1]!;
      const paid = untilPrinted(server, /paid (fcs_\w+)/, 'the webhook from the flex profile', 90_000);

      const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
      try {
        const page = await context.newPage();
        page.setDefaultTimeout(20_000);
        const asked: URL[] = [];
        page.on('request', (request) => asked.push(new URL(request.url())));
        await page.goto(site);
        await page.getByRole('button', { name: 'Pay with HSA/FSA' }).click();
        // No browser API upstream: the element frames the sandbox's hosted page, where the shopper answers and pays.
        const frame = page.frameLocator('flex-checkout iframe');
        await answerQuestions(frame, 'gym', 'approved', new Date());
        await fillHostedPayment(frame, CARDS.visa, { email: 'live@example.com', firstName: 'Lee', lastName: 'Live' });
        await frame.getByRole('button', { name: 'Pay $129.00' }).click();
        await page.locator('flex-checkout [data-heading]', { hasText: 'Thank you' }).waitFor();
        // The browser never called the upstream's API (the flex profile has no browser API): only its hosted page.
        expect(asked.filter((url) => url.pathname.startsWith('/v1/'))).toEqual([]);
        expect(asked.some((url) => url.port === sandboxPort && url.pathname.startsWith('/pay/'))).toBe(true);
        const session = (await paid.match)[1]!;
        await page.goto(`${site}/thanks/${session}`);
        expect(await page.getByRole('heading').textContent()).toBe('Paid — thank you');
      } finally {
        await context.close();
      }
    },
  );
});
