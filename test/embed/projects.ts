import { fileURLToPath } from 'node:url';
import { playwright } from '@vitest/browser-playwright';
import type { TestProjectConfiguration } from 'vitest/config';
import { CHROMIUM_ARGS } from '../support/browser.js';
import { embedCommands } from './support/commands.js';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { EMBED_TEST_PORT, REACT18_TEST_PORT, STORYBOOK_TEST_PORT } from './support/ports.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** React 18, installed beside the root's React 19 by the test/embed/react18 workspace. */
const react18 = {
  react: here('./react18/node_modules/react'),
  'react-dom': here('./react18/node_modules/react-dom'),
};

/**
 * The embedding projects (issue 8), added to the root config's list:
 * - `embed`: the React (19) and Vue wrappers in Chromium against the real companion server;
 * - `react18`: the React wrapper's tests again with react and react-dom resolved to 18.3;
 * - `react18-ssr`: server rendering with React 18, in Node (React 19's runs in `node`);
 * - `storybook`: every story in stories/ as a test (its play function, no console error,
 *   axe-core finds nothing), through @storybook/addon-vitest;
 * - `visual`: screenshots of every story × locale × theme against the committed baselines
 *   (`npm run test:visual -- --update` rewrites them).
 * Without Chromium only the Node one is returned (the root config says why, and fails under CI).
 */
export function embedProjects(chromiumPath: string | undefined): TestProjectConfiguration[] {
  const browser = (name: string, port: number, include: string[], extra: Record<string, unknown> = {}): TestProjectConfiguration => ({
    extends: true,
    ...extra,
    test: {
      name,
      include,
      globalSetup: ['test/embed/support/global-setup.ts'],
      provide: { reactMajor: name === 'react18' ? '18' : '19' },
      browser: {
        enabled: true,
        headless: true,
        provider: playwright({ launchOptions: { executablePath: chromiumPath!, args: CHROMIUM_ARGS } }),
        instances: [{ browser: 'chromium' }],
        viewport: { width: 1024, height: 900 },
        api: { port, strictPort: true },
        commands: embedCommands,
        screenshotFailures: false,
      },
    },
  });
  return [
    {
      extends: true,
      resolve: { alias: react18 },
      test: { name: 'react18-ssr', include: ['test/embed/react-ssr.test.ts'], environment: 'node', provide: { reactMajor: '18' } },
    },
    ...(chromiumPath
      ? [
          browser('embed', EMBED_TEST_PORT, ['test/embed/**/*.browser.test.ts'], {
            optimizeDeps: { include: ['react', 'react-dom/client', 'vue', '@lit/react'] },
          }),
          browser('react18', REACT18_TEST_PORT, ['test/embed/react.browser.test.ts'], {
            resolve: { alias: react18 },
            optimizeDeps: { include: ['react', 'react-dom/client', '@lit/react'] },
          }),
          {
            extends: true,
            plugins: [storybookTest({ configDir: here('../../.storybook'), storybookScript: 'npm run storybook -- --ci' })],
            optimizeDeps: {
              include: ['msw', 'msw/browser', 'lit/directives/keyed.js', 'storybook/test', '@storybook/web-components-vite', '@storybook/addon-a11y/preview'],
            },
            test: {
              name: 'storybook',
              setupFiles: [here('../../.storybook/vitest.setup.ts')],
              browser: {
                enabled: true,
                headless: true,
                provider: playwright({ launchOptions: { executablePath: chromiumPath, args: CHROMIUM_ARGS } }),
                instances: [{ browser: 'chromium' }],
                viewport: { width: 1300, height: 900 },
                api: { port: STORYBOOK_TEST_PORT, strictPort: true },
                screenshotFailures: false,
              },
            },
          } satisfies TestProjectConfiguration,
          {
            extends: true,
            test: {
              name: 'visual',
              include: ['test/visual/**/*.visual.ts'],
              maxConcurrency: 3,
              environment: 'node',
              globalSetup: ['test/visual/setup.ts'],
            },
          } satisfies TestProjectConfiguration,
        ]
      : []),
  ];
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The React major a project runs the wrapper's tests on. */
    reactMajor: string;
  }
}
