import { createSSRApp, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { describe, expect, it, vi } from 'vitest';
import { FlexCheckout } from '@flex-checkout/vue';

/** `@flex-checkout/vue` rendered on the server (Node, no DOM), as Nuxt does. */
describe('@flex-checkout/vue server rendering', () => {
  it('renders the tag with its attributes, no listeners or objects, and touches no window', async () => {
    expect(typeof window).toBe('undefined');
    const onComplete = vi.fn();
    const app = createSSRApp({
      render: () =>
        h(FlexCheckout, {
          clientSecret: 'fcs_01TEST_secret_abc',
          endpoint: '/api/flex',
          locale: 'es',
          theme: 'dark',
          appearance: { variables: { colorPrimary: '#0a7d5a' } },
          onComplete,
        }),
    });
    const html = await renderToString(app);
    expect(html).toBe('<flex-checkout client-secret="fcs_01TEST_secret_abc" endpoint="/api/flex" locale="es" theme="dark" redirect="never"></flex-checkout>');
    expect(typeof window).toBe('undefined');
    expect(typeof document).toBe('undefined');
    expect(onComplete).not.toHaveBeenCalled();
  });

  it('defaults are rendered too, so an element that upgrades before hydration starts with the same settings', async () => {
    const html = await renderToString(createSSRApp({ render: () => h(FlexCheckout, { clientSecret: 'fcs_01TEST_secret_abc' }) }));
    expect(html).toBe('<flex-checkout client-secret="fcs_01TEST_secret_abc" endpoint="/flex" locale="auto" theme="light" redirect="never"></flex-checkout>');
  });
});
