import type { Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components';
import { html } from 'lit';
import manifest from '../packages/element/dist/custom-elements.json' with { type: 'json' };
import { replay, useHandlers, type NetworkOptions } from '../stories/support/network.js';
import type { Fixture } from '../stories/fixtures/fixture.js';

// The docs page's attributes, properties, events, slots, parts and CSS properties come from
// the element's JSDoc, through the manifest the element build writes (`npm run build`).
setCustomElementsManifest(manifest);

const preview: Preview = {
  globalTypes: {
    locale: {
      description: 'The element’s locale',
      toolbar: {
        title: 'Locale',
        icon: 'globe',
        dynamicTitle: true,
        items: [
          { value: 'en', title: 'English' },
          { value: 'es', title: 'Español' },
        ],
      },
    },
    theme: {
      description: 'The element’s theme (and the page behind it)',
      toolbar: {
        title: 'Theme',
        icon: 'contrast',
        dynamicTitle: true,
        items: [
          { value: 'light', title: 'Light' },
          { value: 'dark', title: 'Dark' },
        ],
      },
    },
    width: {
      description: 'The width the merchant gives the element',
      toolbar: {
        title: 'Width',
        icon: 'mobile',
        dynamicTitle: true,
        // Strings, as toolbar values are (and as a `globals=width:320` URL gives them).
        items: [
          { value: '320', title: '320 px' },
          { value: '768', title: '768 px' },
          { value: '1280', title: '1280 px' },
        ],
      },
    },
  },
  initialGlobals: { locale: 'en', theme: 'light', width: '768' },
  loaders: [
    // Each story gets its own recorded conversation, from its first request (counters reset on every render).
    async ({ parameters }) => {
      const fixture = parameters.fixture as Fixture | undefined;
      await useHandlers(fixture ? replay(fixture, parameters.network as NetworkOptions | undefined) : []);
      return {};
    },
  ],
  decorators: [
    (story, { globals }) => {
      // The merchant's page: dark behind a dark checkout, as a merchant would theme it.
      document.body.style.background = globals.theme === 'dark' ? '#0b1220' : '#eef1f5';
      document.body.style.margin = '0';
      return html`<div class="merchant-page" style="box-sizing:border-box;width:${globals.width}px;padding:16px 0">${story()}</div>`;
    },
  ],
  parameters: {
    layout: 'fullscreen',
    // Every story is checked by axe-core; a violation fails its test (addon-vitest).
    a11y: { test: 'error' },
    controls: { expanded: true },
  },
};
export default preview;
