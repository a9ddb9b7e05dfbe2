import { createElement, StrictMode, version as reactVersion } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { FlexCheckout, type FlexCheckoutProps } from '@flex-checkout/react';
import { countFlexListeners, endpoint, newSession, sees } from './support/shopper.js';
import { completesARealCheckout, remountsCleanly, type Wrapper } from './support/wrapper-checks.js';

/**
 * `@flex-checkout/react` in Chromium against the real companion server and sandbox. The
 * same file runs in two projects: `embed` (React 19) and `react18` (react and react-dom
 * resolved to 18.3).
 */
const expectedMajor = inject('reactMajor');

let root: Root | undefined;
let host: HTMLElement | undefined;
function render(props: FlexCheckoutProps) {
  host ??= document.body.appendChild(document.createElement('div'));
  root ??= createRoot(host);
  // Committed before render() returns, so a test acts on what React has put in the page.
  flushSync(() => root!.render(createElement(StrictMode, null, createElement(FlexCheckout, props))));
}
function unmount() {
  root?.unmount();
  root = undefined;
}
afterEach(() => {
  unmount();
  host?.remove();
  host = undefined;
});

const element = () => document.querySelector('flex-checkout')!;
const wrapper: Wrapper = { mount: render, unmount };

describe(`@flex-checkout/react on React ${reactVersion}`, () => {
  it(`runs on the React this project names (${expectedMajor})`, () => {
    expect(reactVersion.split('.')[0]).toBe(expectedMajor);
  });

  it('mounts <flex-checkout> with its props, and a shopper completes a real checkout: onComplete once', { timeout: 90_000 }, () =>
    completesARealCheckout(wrapper),
  );

  it('passes locale through: Spanish', async () => {
    const session = await newSession();
    render({ clientSecret: session.secret, endpoint: endpoint(), locale: 'es' });
    await sees('heading', 'Sus datos');
    expect(element().locale).toBe('es');
  });

  it('changing a callback swaps the listener: never two, and only the newest is called', async () => {
    const listeners = countFlexListeners();
    const session = await newSession();
    const first = vi.fn();
    const second = vi.fn();
    render({ clientSecret: session.secret, endpoint: endpoint(), onStepChange: first });
    await sees('heading', 'Your details');
    render({ clientSecret: session.secret, endpoint: endpoint(), onStepChange: second });
    render({ clientSecret: session.secret, endpoint: endpoint(), onStepChange: second });
    const el = element();
    expect(listeners().get(el)).toBe(1);
    // A step change no shopper could have made here (nobody filled the details): only the newest callback hears it, once.
    const poke = { step: 'payment', previous: 'details' };
    el.dispatchEvent(new CustomEvent('flex-step-change', { detail: poke }));
    const heardPoke = (fn: typeof first) => fn.mock.calls.filter((c) => c[0].detail === poke).length;
    expect(heardPoke(first)).toBe(0);
    expect(heardPoke(second)).toBe(1);
  });

  it('unmounts cleanly and remounts twice: one element at a time, one onReady per mount, its payment frame gone with it', () => remountsCleanly(wrapper));
});
