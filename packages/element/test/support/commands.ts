import type { BrowserCommand } from 'vitest/node';
import { fillHostedPayment } from '../../../../test/e2e/support/shopper.js';

/**
 * Commands the browser tests run in Node: the merchant backend's part (secret key, never in
 * the browser), the shopper's typing inside cross-origin frames, and the network faults a
 * shopper meets (a blocked script, a lost answer), made at the browser's network layer.
 */
const sandbox = (path: string, init: RequestInit = {}, key = 'fsk_test_sandbox') =>
  fetch(`${process.env.FLEX_TEST_SANDBOX}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
  }).then(async (res) => ({ status: res.status, body: await res.json() }));

type Ctx = Parameters<BrowserCommand<[]>>[0] & {
  iframe: import('playwright').FrameLocator;
  page: import('playwright').Page;
};

const holds = new Map<string, { arrived: Promise<void>; released: Promise<void>; release: () => void }>();

export const commands = {
  /** An API call to the sandbox: the secret key unless another key (publishable, client secret) is given. */
  sandboxCall: (async (_ctx, method: string, path: string, body?: unknown, key?: string) =>
    sandbox(path, { method, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }, key)) as BrowserCommand<[string, string, unknown?, string?]>,

  /** The merchant backend of the hosted companion server: a session checked out on the hosted page. */
  createHostedSession: (async (_ctx, body: Record<string, unknown>) => {
    const res = await fetch(process.env.FLEX_TEST_HOSTED_MERCHANT!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`creating a hosted session: ${res.status} ${await res.text()}`);
    return (await res.json()) as { checkout_session_id: string; client_secret: string };
  }) as BrowserCommand<[Record<string, unknown>]>,

  /** The merchant backend's `flex.sessionView()` for a session, as the page it renders would carry it. */
  sessionView: (async (_ctx, clientSecret: string, hosted = false) => {
    const res = await fetch(`${process.env.FLEX_TEST_HOSTED_MERCHANT!}/view`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientSecret, hosted }),
    });
    if (!res.ok) throw new Error(`the session's view: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  }) as BrowserCommand<[string, boolean?]>,

  /** Pays on the hosted page framed in the element: contact details and a card, as a shopper types them. */
  payInHostedFrame: (async (ctx, number: string) => {
    const frame = (ctx as Ctx).iframe.frameLocator('iframe.hosted-frame');
    await fillHostedPayment(frame, number, { email: 'hosted@example.com', firstName: 'Hal', lastName: 'Hosted' });
    // By keyboard: Vitest scales its test frame, which throws off pointer hit-testing two frames deep.
    await frame.locator('button[type=submit]').press('Enter');
  }) as BrowserCommand<[string]>,

  /** Pays a hosted session on its hosted page in a tab of its own, as a shopper who opened the link in a new tab. */
  payHostedInNewTab: (async (ctx, url: string, number: string) => {
    const tab = await (ctx as Ctx).page.context().newPage();
    try {
      await tab.goto(url);
      await fillHostedPayment(tab, number, { email: 'tab@example.com', firstName: 'Tab', lastName: 'Shopper' });
      await tab.locator('button[type=submit]').click();
      // Paid: with no success URL the hosted page says so itself.
      await tab.getByText('Payment complete').waitFor({ timeout: 20_000 });
    } finally {
      await tab.close();
    }
  }) as BrowserCommand<[string, string]>,

  /** Spends what is left of a session's calls this minute on a companion server: it answers 429 from then on. */
  exhaustSessionCalls: (async (_ctx, endpoint: string, clientSecret: string) => {
    const id = clientSecret.split('_secret_')[0]!;
    for (let i = 0; i < 100; i++) {
      const res = await fetch(`${endpoint}/sessions/${id}/status`, { headers: { authorization: `Bearer ${clientSecret}` } });
      await res.body?.cancel();
      if (res.status === 429) return;
    }
    throw new Error('the companion server never refused the session');
  }) as BrowserCommand<[string, string]>,

  /** Types a card into the payment frame, as a shopper would. */
  fillCard: (async (ctx, number: string, expiry = '12 / 34', cvc = '123', zip = '10001') => {
    const frame = (ctx as Ctx).iframe.frameLocator('iframe[title="Secure payment input frame"]');
    // By their labels, in either language the frame speaks.
    await frame.getByLabel(/^(Card number|Número de tarjeta)$/).fill(number);
    await frame.getByLabel(/^(Expiration date|Fecha de vencimiento)$/).fill(expiry);
    await frame.getByLabel(/^(Security code|Código de seguridad)$/).fill(cvc);
    await frame.getByLabel(/^(ZIP code|Código postal)$/).fill(zip);
  }) as BrowserCommand<[string, string?, string?, string?]>,

  /** What the payment frame says: its language, its labels, the expiry's placeholder, the messages under its fields. */
  cardFrameText: (async (ctx) => {
    const frame = (ctx as Ctx).iframe.frameLocator('iframe[title="Secure payment input frame"]');
    return {
      lang: await frame.locator('html').getAttribute('lang'),
      labels: await frame.locator('label').allTextContents(),
      expiryPlaceholder: await frame.locator('#expiry').getAttribute('placeholder'),
      errors: (await frame.locator('.error').allTextContents()).filter(Boolean),
    };
  }) as BrowserCommand<[]>,

  /** Answers the 3-D Secure test challenge. */
  answerChallenge: (async (ctx, result: 'complete' | 'fail') => {
    const frame = (ctx as Ctx).iframe.frameLocator('iframe[title="3D Secure authentication"]');
    // The buttons enable once the challenge has its intent (a busy machine may take a while).
    const button = frame.locator(`#${result}:not([disabled])`);
    await button.waitFor({ state: 'visible', timeout: 20_000 });
    // A click event on the button itself, not input through the browser: Vitest scales its test
    // frame, which throws off pointer hit-testing two frames deep, and a key press can hang: the
    // answer closes the challenge's frame, sometimes between the key going down and coming up,
    // and the key's acknowledgement then never comes (CI, 2026-12-02: "locator.press: Timeout").
    // The page under test is the sandbox's stand-in for the bank; what the element does after the
    // bank's answer is what these tests check. A deadline of its own, so a click that cannot
    // happen says so, not the test's timeout.
    await button.dispatchEvent('click', undefined, { timeout: 10_000 });
  }) as BrowserCommand<['complete' | 'fail']>,

  /** Makes every request whose path ends with `suffix` fail, as an ad blocker or a CSP would. */
  blockRequests: (async (ctx, suffix: string) => {
    await (ctx as Ctx).page.route(
      (url) => url.pathname.endsWith(suffix),
      (route) => route.abort('blockedbyclient'),
    );
  }) as BrowserCommand<[string]>,

  /**
   * Lets the next `times` requests whose path ends with `suffix` reach the server, then
   * drops the answer on the way back: the server acted, the shopper's browser never heard.
   */
  loseAnswers: (async (ctx, suffix: string, times: number) => {
    let left = times;
    const page = (ctx as Ctx).page;
    const matcher = (url: URL) => url.pathname.endsWith(suffix);
    await page.route(matcher, async (route) => {
      if (left <= 0) return route.fallback();
      left--;
      await route.fetch();
      await route.abort('connectionreset');
    });
  }) as BrowserCommand<[string, number]>,

  /**
   * Holds the GET requests whose path ends with `suffix` until releaseRequests: a session
   * that is still loading. heldRequestArrived resolves once one has reached the hold.
   */
  holdRequests: (async (ctx, suffix: string) => {
    let arrived!: () => void;
    let release!: () => void;
    const hold = { arrived: new Promise<void>((r) => (arrived = r)), released: new Promise<void>((r) => (release = r)), release };
    holds.set(suffix, hold);
    await (ctx as Ctx).page.route(
      (url) => url.pathname.endsWith(suffix),
      async (route) => {
        if (route.request().method() !== 'GET') return route.fallback();
        arrived();
        await hold.released;
        // The page may have aborted it meanwhile: then there is nothing left to continue.
        await route.continue().catch(() => undefined);
      },
    );
  }) as BrowserCommand<[string]>,

  heldRequestArrived: (async (_ctx, suffix: string) => {
    const hold = holds.get(suffix);
    if (!hold) throw new Error(`no hold on ${suffix}`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      hold.arrived,
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no request to …${suffix} within 15 s`)), 15_000))),
    ]);
    clearTimeout(timer);
  }) as BrowserCommand<[string]>,

  releaseRequests: (async (ctx, suffix: string) => {
    holds.get(suffix)?.release();
    holds.delete(suffix);
    await (ctx as Ctx).page.unrouteAll({ behavior: 'ignoreErrors' });
  }) as BrowserCommand<[string]>,

  /** Emulates the shopper's media settings (reduced motion, colour scheme); null resets one. */
  emulateMedia: (async (ctx, media: { reducedMotion?: 'reduce' | 'no-preference' | null; colorScheme?: 'light' | 'dark' | null }) => {
    await (ctx as Ctx).page.emulateMedia(media);
  }) as BrowserCommand<[{ reducedMotion?: 'reduce' | 'no-preference' | null; colorScheme?: 'light' | 'dark' | null }]>,

  /**
   * Full garbage collections in the page (DevTools' HeapProfiler.collectGarbage): what the page
   * can no longer reach is gone afterwards, so a test can tell a leak from a late collection.
   * Twice, as bench/memory.ts does: the first can leave what only the second finds unreachable
   * (a removed element, about one run in three here).
   */
  collectGarbage: (async (ctx) => {
    const page = (ctx as Ctx).page;
    const cdp = await page.context().newCDPSession(page);
    try {
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
    } finally {
      await cdp.detach();
    }
  }) as BrowserCommand<[]>,

  /** Undoes blockRequests / loseAnswers. */
  restoreNetwork: (async (ctx) => {
    await (ctx as Ctx).page.unrouteAll({ behavior: 'ignoreErrors' });
  }) as BrowserCommand<[]>,
};
