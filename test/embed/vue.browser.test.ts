import { createApp, h, ref, type App } from 'vue';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FlexCheckout } from '@flex-checkout/vue';
import { countFlexListeners, endpoint, newSession, sees } from './support/shopper.js';
import { completesARealCheckout, remountsCleanly, type Wrapper } from './support/wrapper-checks.js';

/** `@flex-checkout/vue` in Chromium against the real companion server and sandbox. */

let app: App | undefined;
let host: HTMLElement | undefined;
function mount(render: () => ReturnType<typeof h>) {
  host = document.body.appendChild(document.createElement('div'));
  app = createApp({ render });
  app.mount(host);
}
function unmount() {
  app?.unmount();
  app = undefined;
  host?.remove();
  host = undefined;
}
afterEach(unmount);

const element = () => document.querySelector('flex-checkout')!;
const wrapper: Wrapper = { mount: (props) => mount(() => h(FlexCheckout, props)), unmount };

describe('@flex-checkout/vue', () => {
  it('mounts <flex-checkout> with its props, and a shopper completes a real checkout: complete emitted once', { timeout: 90_000 }, () =>
    completesARealCheckout(wrapper),
  );

  it('props are reactive: a new locale re-renders in Spanish, on the same element', async () => {
    const session = await newSession();
    const locale = ref('en');
    mount(() => h(FlexCheckout, { clientSecret: session.secret, endpoint: endpoint(), locale: locale.value }));
    await sees('heading', 'Your details');
    const el = element();
    locale.value = 'es';
    await sees('heading', 'Sus datos');
    expect(element()).toBe(el);
  });

  it('re-renders never add listeners: one per event on the element, each emit once', async () => {
    const listeners = countFlexListeners();
    const session = await newSession();
    const theme = ref<'light' | 'dark'>('light');
    const onStepChange = vi.fn();
    mount(() => h(FlexCheckout, { clientSecret: session.secret, endpoint: endpoint(), theme: theme.value, onStepChange }));
    await sees('heading', 'Your details');
    const el = element();
    const before = listeners().get(el);
    theme.value = 'dark';
    await vi.waitFor(() => expect(el.getAttribute('theme')).toBe('dark'));
    theme.value = 'light';
    await vi.waitFor(() => expect(el.getAttribute('theme')).toBe('light'));
    expect(listeners().get(el)).toBe(before);
    // A step change no shopper could have made here (nobody filled the details): emitted once.
    const poke = { step: 'payment', previous: 'details' };
    el.dispatchEvent(new CustomEvent('flex-step-change', { detail: poke }));
    expect(onStepChange.mock.calls.filter((c) => c[0].detail === poke)).toHaveLength(1);
  });

  it('unmounts cleanly and remounts twice: one element at a time, one ready per mount, its payment frame gone with it', () => remountsCleanly(wrapper));
});
