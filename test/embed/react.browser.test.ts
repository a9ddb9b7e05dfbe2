import { createElement, StrictMode, version as reactVersion } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { FlexCheckout, type FlexCheckoutProps } from '@flex-checkout/react';
import { countFlexListeners, endpoint, newSession, payWithCard, sees, toPayment } from './support/shopper.js';

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

describe(`@flex-checkout/react on React ${reactVersion}`, () => {
  it(`runs on the React this project names (${expectedMajor})`, () => {
    expect(reactVersion.split('.')[0]).toBe(expectedMajor);
  });

  it('mounts <flex-checkout> with its props, and a shopper completes a real checkout: onComplete once', async () => {
    const session = await newSession();
    const onReady = vi.fn();
    const onStepChange = vi.fn();
    const onComplete = vi.fn();
    const onError = vi.fn();
    const appearance = { theme: 'flat' as const, variables: { colorPrimary: '#0a7d5a' } };
    render({ clientSecret: session.secret, endpoint: endpoint(), locale: 'en', theme: 'dark', appearance, onReady, onStepChange, onComplete, onError });
    await sees('heading', 'Your details');
    const el = element();
    expect(el.clientSecret).toBe(session.secret);
    expect(el.endpoint).toBe(endpoint());
    expect(el.theme).toBe('dark');
    expect(el.getAttribute('theme')).toBe('dark');
    expect(el.appearance).toEqual(appearance);
    expect(onReady).toHaveBeenCalledTimes(1);
    expect(onReady.mock.calls[0]![0].detail).toEqual({ checkoutSessionId: session.id, step: 'details' });

    await payWithCard();
    await sees('heading', 'Thank you');
    expect(onComplete).toHaveBeenCalledTimes(1);
    expect(onComplete.mock.calls[0]![0].detail).toMatchObject({ checkoutSessionId: session.id, status: 'complete' });
    expect(onStepChange.mock.calls.map((c) => c[0].detail.step)).toEqual(['details', 'payment', 'processing', 'complete']);
    expect(onError).not.toHaveBeenCalled();
  });

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

  it('unmounts cleanly and remounts twice: one element at a time, one onReady per mount, its payment frame gone with it', async () => {
    for (let mount = 1; mount <= 3; mount++) {
      const session = await newSession();
      const onReady = vi.fn();
      render({ clientSecret: session.secret, endpoint: endpoint(), onReady });
      await sees('heading', 'Your details');
      expect(document.querySelectorAll('flex-checkout')).toHaveLength(1);
      await vi.waitFor(() => expect(onReady).toHaveBeenCalledTimes(1));
      if (mount === 3) {
        // The last one reaches the payment step, so there is a card frame to take away.
        await toPayment();
        expect(document.querySelectorAll('iframe[title="Secure payment input frame"]')).toHaveLength(1);
      }
      const el = element();
      unmount();
      expect(el.isConnected).toBe(false);
      expect(document.querySelectorAll('flex-checkout')).toHaveLength(0);
      expect(onReady).toHaveBeenCalledTimes(1);
    }
    expect(document.querySelectorAll('iframe')).toHaveLength(0);
  });
});
