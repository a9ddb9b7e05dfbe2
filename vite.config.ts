import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig, type TestProjectConfiguration } from 'vitest/config';
import { CHROMIUM_ARGS, findChromium } from './test/support/browser.js';
import { commands } from './packages/element/test/support/commands.js';
import { BROWSER_TEST_PORT } from './packages/element/test/support/port.js';
import { embedProjects } from './test/embed/projects.js';
import { SkippedReporter, type SkippedGroup } from './test/support/skipped-reporter.js';

/**
 * Chromium for the browser tests. Without one, a developer's run skips those tests (and says
 * so); under CI it is an error, since nothing may skip there.
 */
function chromium(): string | undefined {
  try {
    return findChromium();
  } catch (error) {
    if (process.env.CI) throw error;
    console.warn(`[vitest] browser tests skipped: ${(error as Error).message}`);
    return undefined;
  }
}
const chromiumPath = chromium();

/** What this machine cannot run, said at the end of the run (never under CI: there it fails instead). */
const skipped: SkippedGroup[] = [
  ...(chromiumPath
    ? []
    : [
        {
          what: 'browser projects (the element in Chromium, the wrappers, Storybook, the visual review)',
          why: 'no Chromium: apt-get install -y chromium, or set CHROMIUM_PATH',
        },
      ]),
  ...(process.env.DATABASE_URL
    ? []
    : [
        {
          what: 'the PostgreSQL run of every storage-backed suite',
          why: 'DATABASE_URL is not set: eval "$(bash scripts/postgres-throwaway.sh)" starts a throw-away PostgreSQL',
          matches: (name: string) => name.includes('[postgres]'),
        },
      ]),
];

const src = (pkg: string, file = 'index') => fileURLToPath(new URL(`./packages/${pkg}/src/${file}.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run the TypeScript sources, never a stale build.
    alias: {
      // Before the package itself, like the element's subpath below.
      '@flex-checkout/protocol/shown-questions': src('protocol', 'shown-questions'),
      '@flex-checkout/protocol/request-body': src('protocol', 'request-body'),
      '@flex-checkout/protocol/country-options': src('protocol', 'country-options'),
      '@flex-checkout/protocol': src('protocol'),
      '@flex-checkout/sandbox': src('sandbox'),
      '@flex-checkout/storage': src('storage'),
      '@flex-checkout/server': src('server'),
      // Before the package itself: a subpath would otherwise land under index.ts.
      '@flex-checkout/element/define': src('element', 'define'),
      '@flex-checkout/element': src('element'),
      '@flex-checkout/react': src('react'),
      '@flex-checkout/vue': src('vue'),
    },
  },
  // Pre-bundled, so a dynamic import does not make Vite reload the browser mid-run.
  optimizeDeps: { include: ['lit', 'zustand/vanilla', '@stripe/stripe-js/pure/index.js', 'axe-core'] },
  test: {
    reporters: ['default', new SkippedReporter(skipped)],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Vitest's default is one worker fewer than the cores: one on a 2-core machine such as CI's.
    // Most of a test's time waits on Chromium, a server or a database, not on the worker, so two
    // there finish sooner (the whole run 681 → 596 s on 2 cores, every test passing).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/*.browser.test.ts', '**/node_modules/**'],
          environment: 'node',
        },
      },
      ...(chromiumPath
        ? ([
            {
              extends: true,
              test: {
                name: 'browser',
                include: ['packages/*/test/**/*.browser.test.ts'],
                globalSetup: ['packages/element/test/support/global-setup.ts'],
                browser: {
                  enabled: true,
                  headless: true,
                  provider: playwright({ launchOptions: { executablePath: chromiumPath, args: CHROMIUM_ARGS } }),
                  instances: [{ browser: 'chromium' }],
                  // A laptop-sized page: the 3-D Secure modal needs the height a shopper's screen has.
                  viewport: { width: 1024, height: 900 },
                  api: { port: BROWSER_TEST_PORT, strictPort: true },
                  commands,
                  screenshotFailures: false,
                },
              },
            },
          ] satisfies TestProjectConfiguration[])
        : []),
      ...embedProjects(chromiumPath),
    ],
  },
});
