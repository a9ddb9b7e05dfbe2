import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import type { CheckoutStatus } from '@flex-checkout/protocol';
import { HostedWatch, type HostedWatchHooks } from '../src/hosted/watch.js';

/**
 * The hosted frame's watcher on its own, in Chromium, on Vitest's fake clock: the polls back
 * off and stop when the session is over or the page is hidden, the link is offered when the
 * frame never loads, and only the frame's own messages, from the server's origin, count.
 */
describe('HostedWatch', () => {
  const SERVER = 'https://shop.example';
  const HOSTED = 'https://checkout.flex.example';
  let frame: HTMLIFrameElement;
  let hidden = false;
  let statuses: (CheckoutStatus | null)[];
  /** The hooks, each a mock (properties, not methods: they are read apart from the object). */
  let hooks: { [K in keyof HostedWatchHooks]: Mock<HostedWatchHooks[K]> };
  let watch: HostedWatch;

  beforeEach(() => {
    vi.useFakeTimers();
    frame = document.createElement('iframe');
    document.body.append(frame);
    hidden = false;
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
    statuses = [];
    hooks = {
      check: vi.fn(() => Promise.resolve(statuses.shift() ?? 'open')),
      canceled: vi.fn(),
      height: vi.fn(),
      blocked: vi.fn(),
      loaded: vi.fn(),
    };
    watch = new HostedWatch({ frame: () => frame, hostedOrigin: HOSTED, serverOrigin: SERVER, pollDelays: [100, 200, 400], loadTimeoutMs: 1000 }, hooks);
  });
  afterEach(() => {
    watch.stop();
    frame.remove();
    Reflect.deleteProperty(document, 'hidden');
    vi.useRealTimers();
  });

  it('polls after 100, 200, then every 400 ms, and stops once the session is no longer open', async () => {
    watch.start();
    await vi.advanceTimersByTimeAsync(99);
    expect(hooks.check).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(hooks.check).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(199);
    expect(hooks.check).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(hooks.check).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(400);
    expect(hooks.check).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(400);
    expect(hooks.check).toHaveBeenCalledTimes(4);
    statuses.push('complete');
    await vi.advanceTimersByTimeAsync(400);
    expect(hooks.check).toHaveBeenCalledTimes(5);
    // Over: an hour of the clock brings no other poll.
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(hooks.check).toHaveBeenCalledTimes(5);
  });

  it('pauses while the page is hidden and asks at once when it shows again', async () => {
    watch.start();
    await vi.advanceTimersByTimeAsync(100);
    expect(hooks.check).toHaveBeenCalledTimes(1);
    hidden = true;
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(hooks.check).toHaveBeenCalledTimes(1);
    hidden = false;
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(0);
    expect(hooks.check).toHaveBeenCalledTimes(2);
  });

  it('offers the link when the frame has not loaded in time, and not when it has', async () => {
    watch.start();
    await vi.advanceTimersByTimeAsync(999);
    expect(hooks.blocked).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(hooks.blocked).toHaveBeenCalledExactlyOnceWith('timeout');

    const loaded = new HostedWatch({ frame: () => frame, hostedOrigin: HOSTED, serverOrigin: SERVER, loadTimeoutMs: 1000 }, hooks);
    hooks.blocked.mockClear();
    loaded.start();
    loaded.frameLoaded();
    await vi.advanceTimersByTimeAsync(5000);
    expect(hooks.blocked).not.toHaveBeenCalled();
    expect(hooks.loaded).toHaveBeenCalledExactlyOnceWith(true);
    loaded.stop();
  });

  it("takes the return page's message only from the frame and from the server's origin", async () => {
    watch.start();
    const post = (data: unknown, origin: string, source: MessageEventSource | null) =>
      window.dispatchEvent(new MessageEvent('message', { data, origin, source }));
    const cancel = { type: 'flex-checkout:return', kind: 'cancel' };
    post(cancel, SERVER, window); // the merchant's own window, or any script on it
    post(cancel, HOSTED, frame.contentWindow); // the frame, but the hosted page's origin
    post(cancel, 'https://evil.example', frame.contentWindow);
    expect(hooks.canceled).not.toHaveBeenCalled();
    post(cancel, SERVER, frame.contentWindow);
    expect(hooks.canceled).toHaveBeenCalledTimes(1);

    // A success return asks the server; it never completes anything itself.
    post({ type: 'flex-checkout:return', kind: 'success' }, SERVER, frame.contentWindow);
    await vi.advanceTimersByTimeAsync(0);
    expect(hooks.check).toHaveBeenCalledTimes(1);
    // The sandbox's height message counts from the hosted page's origin only.
    post({ type: 'flex-sandbox:resize', height: 700 }, SERVER, frame.contentWindow);
    post({ type: 'flex-sandbox:resize', height: 800 }, HOSTED, frame.contentWindow);
    expect(hooks.height).toHaveBeenCalledExactlyOnceWith(800);
  });

  it('stop() ends polls and listeners', async () => {
    watch.start();
    watch.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    window.dispatchEvent(new MessageEvent('message', { data: { type: 'flex-checkout:return', kind: 'cancel' }, origin: SERVER, source: frame.contentWindow }));
    expect(hooks.check).not.toHaveBeenCalled();
    expect(hooks.blocked).not.toHaveBeenCalled();
    expect(hooks.canceled).not.toHaveBeenCalled();
  });
});
