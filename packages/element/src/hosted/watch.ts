import type { CheckoutStatus } from '@flex-checkout/protocol';

/** What the watcher tells the controller. */
export interface HostedWatchHooks {
  /** Ask the server now: the session may have finished (a poll said so, or the return page did). */
  check(): Promise<CheckoutStatus | null>;
  /** The shopper canceled on the hosted page (its cancel URL led back to the return page). */
  canceled(): void;
  /** The hosted page says how tall it is (the sandbox's page does; Flex documents no such message). */
  height(px: number): void;
  /** The frame cannot be shown: blocked by a policy, or never loaded. */
  blocked(why: 'csp' | 'timeout'): void;
  /** The frame finished loading a page (each step of the hosted page is one). */
  loaded(first: boolean): void;
}

export interface HostedWatchOptions {
  /** The frame the hosted page is in (messages are only taken from it). */
  frame: () => HTMLIFrameElement | null;
  /** The hosted page's origin (`redirect_url`'s). */
  hostedOrigin: string;
  /** The companion server's origin: the return page is served there. */
  serverOrigin: string;
  /** Milliseconds between polls, growing to the last and staying there. */
  pollDelays?: readonly number[];
  /** How long the frame may take to load before the link is offered instead. */
  loadTimeoutMs?: number;
}

const POLL_DELAYS_MS = [2000, 3000, 5000, 8000, 10000, 15000];
const LOAD_TIMEOUT_MS = 15000;

/**
 * Watches a hosted checkout while its frame is shown. Flex's page may post a message when it
 * is done but documents neither its shape nor that it fires, so nothing waits on one; two
 * signals make the element ask the server instead:
 *
 * - the return page (the session's success or cancel URL, on the server's origin) posts
 *   `flex-checkout:return` from inside the frame;
 * - a poll of the session's status, backing off from 2 s to 15 s, paused while the page is
 *   hidden, at once when it shows again.
 *
 * Whatever a message says, only the server's answer (read with the secret key) completes the
 * checkout. `stop()` ends everything: timers, listeners.
 */
export class HostedWatch {
  private readonly abort = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private loadTimer: ReturnType<typeof setTimeout> | undefined;
  private polls = 0;
  private loads = 0;
  private checking = false;

  constructor(
    private readonly options: HostedWatchOptions,
    private readonly hooks: HostedWatchHooks,
  ) {}

  start(): void {
    const { signal } = this.abort;
    window.addEventListener('message', (event) => this.onMessage(event), { signal });
    document.addEventListener('visibilitychange', () => (document.hidden ? this.pause() : void this.check()), { signal });
    // A page CSP without the hosted page's origin in frame-src: the browser blocks the frame and says so here.
    document.addEventListener(
      'securitypolicyviolation',
      (event) => {
        const blocked = event.blockedURI;
        if (/^(frame|child|default)-src/.test(event.effectiveDirective) && blocked && blocked.startsWith(this.options.hostedOrigin)) {
          this.hooks.blocked('csp');
        }
      },
      { signal },
    );
    this.loadTimer = setTimeout(() => {
      if (this.loads === 0) this.hooks.blocked('timeout');
    }, this.options.loadTimeoutMs ?? LOAD_TIMEOUT_MS);
    this.schedule();
  }

  /** The frame's load event: the first shows the frame; later ones are steps of the hosted page. */
  frameLoaded(): void {
    this.loads += 1;
    clearTimeout(this.loadTimer);
    this.hooks.loaded(this.loads === 1);
  }

  stop(): void {
    this.abort.abort();
    clearTimeout(this.timer);
    clearTimeout(this.loadTimer);
  }

  private onMessage(event: MessageEvent): void {
    const frame = this.options.frame();
    if (!frame || event.source !== frame.contentWindow) return;
    const data = event.data as { type?: unknown; kind?: unknown; height?: unknown } | null;
    if (!data || typeof data !== 'object') return;
    if (data.type === 'flex-checkout:return' && event.origin === this.options.serverOrigin) {
      if (data.kind === 'cancel') this.hooks.canceled();
      else void this.check();
    } else if (data.type === 'flex-sandbox:resize' && event.origin === this.options.hostedOrigin && typeof data.height === 'number') {
      this.hooks.height(data.height);
    }
  }

  private pause(): void {
    clearTimeout(this.timer);
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (this.abort.signal.aborted || document.hidden) return;
    const delays = this.options.pollDelays ?? POLL_DELAYS_MS;
    const delay = delays[Math.min(this.polls, delays.length - 1)]!;
    this.timer = setTimeout(() => void this.check(), delay);
  }

  /** One look at the server (never two at once); then the next, unless the session is over. */
  private async check(): Promise<void> {
    if (this.abort.signal.aborted || this.checking) return;
    clearTimeout(this.timer);
    this.checking = true;
    let status: CheckoutStatus | null;
    try {
      status = await this.hooks.check();
    } finally {
      this.checking = false;
    }
    this.polls += 1;
    if (status === 'open' || status === null) this.schedule();
  }
}
