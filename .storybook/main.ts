import type { StorybookConfig } from '@storybook/web-components-vite';
import { sandboxPages } from './sandbox-pages.js';

/**
 * Storybook 10 for <flex-checkout>: every state a shopper can see (stories/), answered at
 * the network boundary by MSW with recordings of the real server. Offline, no telemetry.
 */
const config: StorybookConfig = {
  framework: '@storybook/web-components-vite',
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y', '@storybook/addon-vitest'],
  // mockServiceWorker.js (the sandbox's pages come from sandboxPages() below).
  staticDirs: ['../stories/public'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true, enableCrashReports: false },
  viteFinal(config) {
    // Our packages' `source` condition: stories run the TypeScript sources, never a stale build.
    config.resolve ??= {};
    config.resolve.conditions = ['source', 'module', 'browser', 'development|production'];
    config.plugins = [...(config.plugins ?? []), sandboxPages()];
    return config;
  },
};
export default config;
