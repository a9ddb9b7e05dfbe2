import { expect, vi, type Mock } from 'vitest';
import { endpoint, newSession, payWithCard, sees, toPayment } from './shopper.js';

/** What both wrappers' tests pass: the same props, whatever the framework calls them. */
export interface WrapperProps {
  clientSecret: string;
  endpoint: string;
  locale?: string;
  theme?: 'light' | 'dark';
  appearance?: HTMLElementTagNameMap['flex-checkout']['appearance'];
  onReady?: Mock;
  onStepChange?: Mock;
  onComplete?: Mock;
  onError?: Mock;
}

/** How a test file renders its wrapper, and takes it away. */
export interface Wrapper {
  mount(props: WrapperProps): void;
  unmount(): void;
}

const element = () => document.querySelector('flex-checkout')!;

/**
 * The checks the React and the Vue wrapper must both pass, written once: every prop reaches
 * <flex-checkout>, and a shopper's real checkout calls back ready once, each step, complete once.
 */
export async function completesARealCheckout(wrapper: Wrapper): Promise<void> {
  const session = await newSession();
  const [onReady, onStepChange, onComplete, onError] = [vi.fn(), vi.fn(), vi.fn(), vi.fn()];
  const appearance = { theme: 'flat' as const, variables: { colorPrimary: '#0a7d5a' } };
  wrapper.mount({ clientSecret: session.secret, endpoint: endpoint(), locale: 'en', theme: 'dark', appearance, onReady, onStepChange, onComplete, onError });
  await sees('heading', 'Your details');
  const el = element();
  expect(el.getAttribute('client-secret')).toBe(session.secret);
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
}

/** Mounted and unmounted three times: one element at a time, one ready per mount, the last one's payment frame gone with it. */
export async function remountsCleanly(wrapper: Wrapper): Promise<void> {
  for (let mount = 1; mount <= 3; mount++) {
    const session = await newSession();
    const onReady = vi.fn();
    wrapper.mount({ clientSecret: session.secret, endpoint: endpoint(), onReady });
    await sees('heading', 'Your details');
    expect(document.querySelectorAll('flex-checkout')).toHaveLength(1);
    await vi.waitFor(() => expect(onReady).toHaveBeenCalledTimes(1));
    if (mount === 3) {
      // The last one reaches the payment step, so there is a card frame to take away.
      await toPayment();
      expect(document.querySelectorAll('iframe[title="Secure payment input frame"]')).toHaveLength(1);
    }
    const el = element();
    wrapper.unmount();
    expect(el.isConnected).toBe(false);
    expect(document.querySelectorAll('flex-checkout')).toHaveLength(0);
    expect(onReady).toHaveBeenCalledTimes(1);
  }
  expect(document.querySelectorAll('iframe')).toHaveLength(0);
}
