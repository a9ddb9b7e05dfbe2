import type { StorybookConfig } from '@storybook/web-components-vite';

/**
 * Storybook 10 for <flex-checkout>: every state a shopper can see (stories/), answered at
 * the network boundary by MSW with recordings of the real server. Offline, no telemetry.
 */
const config: StorybookConfig = {
  framework: '@storybook/web-components-vite',
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y', '@storybook/addon-vitest'],
  // mockServiceWorker.js, and the sandbox's Stripe.js stand-in, card frame and 3-D Secure page.
  staticDirs: ['../stories/public'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true, enableCrashReports: false },
  async viteFinal(config) {
    // Our packages' `source` condition: stories run the TypeScript sources, never a stale build.
    config.resolve ??= {};
    config.resolve.conditions = ['source', 'module', 'browser', 'development|production'];
    return config;
  },
};
export default config;
