/**
 * The sandbox's card frame and Stripe.js stand-in, in a real Chromium.
 *
 * The merchant's page is served from a second loopback origin (another port), so the card
 * frame is cross-origin to it exactly as Stripe's frame is to a real shop: what the page
 * can see is what a merchant's script could see.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { Script } from 'node:vm';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { browserOf, createPrice, createSession } from '../support/checkout.js';
import { useHttpSandbox } from '../support/sandbox.js';

const CARD = '4242424242424242';
const CARD_SPACED = '4242 4242 4242 4242';
const PUBLISHABLE_KEY = 'fpk_test_sandbox';

const sandbox = useHttpSandbox('sqlite');
let browser: Browser;
let host: Server;
let hostOrigin: string;
let context: BrowserContext;

/**
 * The merchant's page. It loads the stand-in as a merchant loads js.stripe.com, mounts the
 * payment element in a light-DOM div, and records every event and every message it gets,
 * so the test can look for a card number in all of it.
 */
function hostPage(sandboxUrl: string, query: URLSearchParams): string {
  const key = query.get('key') ?? PUBLISHABLE_KEY;
  const theme = query.get('theme') ?? 'stripe';
  const loading = query.get('async') ? 'async' : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Merchant</title>
<style>body{font:16px system-ui,sans-serif;max-width:480px;margin:32px auto;padding:0 16px;background:${theme === 'night' ? '#1a1b25;color:#fff' : '#fff'}}</style>
<script>
  window.events = [];
  window.messages = [];
  addEventListener('message', (e) => messages.push(JSON.stringify(e.data)));
</script>
<script>
  // Called by the stand-in's onload, so it runs after stripe.js whether loaded async or not.
  function setUp() {
    window.stripe = Stripe(${JSON.stringify(key)});
    window.elements = stripe.elements({
      mode: 'payment', amount: 4999, currency: 'usd',
      appearance: { theme: ${JSON.stringify(theme)}, variables: { borderRadius: '6px' } },
    });
    window.paymentElement = elements.create('payment');
    for (const type of ['ready', 'change', 'focus', 'blur', 'loaderror']) {
      paymentElement.on(type, (e) => events.push({ type, ...e }));
    }
    paymentElement.mount('#payment');
  }
</script></head>
<body><h1>Checkout</h1><div id="payment"></div>
<script ${loading} src="${sandboxUrl}/sandbox/stripe.js" onload="setUp()"></script>
</body></html>`;
}

beforeAll(async () => {
  browser = await launchBrowser();
  host = createServer((req, res) => {
    const query = new URL(req.url ?? '/', 'http://host').searchParams;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(hostPage(sandbox.url, query));
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  hostOrigin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => host?.close(resolve));
});

afterEach(async () => {
  await context?.close();
});

/** A fresh browser context on the merchant's page, with the payment element ready. */
async function openCheckout(query = ''): Promise<{ page: Page; frame: FrameLocator }> {
  context = await browser.newContext({ viewport: { width: 560, height: 640 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000); // fail with Playwright's message before the test's own timeout
  page.on('console', (m) => m.type() === 'error' && console.log('page console:', m.text()));
  page.on('pageerror', (e) => console.log('pageerror:', e.message));
  await page.goto(`${hostOrigin}/${query}`);
  await page.waitForFunction(() => (window as any).events.some((e: any) => e.type === 'ready'));
  return { page, frame: page.frameLocator('iframe[title="Secure payment input frame"]') };
}

async function fillCard(frame: FrameLocator, card: { number: string; expiry: string; cvc: string; zip: string }) {
  await frame.getByLabel('Card number').fill(card.number);
  await frame.getByLabel('Expiration date').fill(card.expiry);
  await frame.getByLabel('Security code').fill(card.cvc);
  await frame.getByLabel('ZIP code').fill(card.zip);
}

/** Everything the merchant's page can read: its DOM (and same-origin frames'), URL, storage, events, messages. */
async function whatThePageCanSee(page: Page): Promise<string> {
  const seen = await page.evaluate(() => {
    const w = window as any;
    const parts = [document.documentElement.outerHTML, location.href, JSON.stringify(w.events), ...w.messages];
    parts.push(JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage }));
    for (const iframe of Array.from(document.querySelectorAll('iframe'))) {
      const doc = iframe.contentDocument; // null for a cross-origin frame
      if (doc) parts.push(doc.documentElement.outerHTML);
    }
    return parts;
  });
  for (const frame of page.frames()) {
    if (frame !== page.mainFrame() && frame.url().startsWith(hostOrigin)) seen.push(await frame.content());
  }
  return seen.join('\n');
}

const createToken = (page: Page) =>
  page.evaluate(async () => {
    const w = window as any;
    const submitted = await w.elements.submit();
    const result = await w.stripe.createConfirmationToken({ elements: w.elements });
    return { submitted, result };
  });

describe('the card frame', () => {
  it('is an iframe on the sandbox titled "Secure payment input frame" with four labelled inputs', async () => {
    const { page, frame } = await openCheckout();
    const iframe = page.locator('#payment iframe');
    await expect(iframe.getAttribute('title')).resolves.toBe('Secure payment input frame');
    // Nothing but the frame's address in its URL: the key travels by postMessage.
    await expect(iframe.getAttribute('src')).resolves.toBe(`${sandbox.url}/sandbox/card-frame`);
    for (const label of ['Card number', 'Expiration date', 'Security code', 'ZIP code']) {
      await expect(frame.getByLabel(label).isVisible()).resolves.toBe(true);
    }
    await expect(frame.getByLabel('Expiration date').getAttribute('placeholder')).resolves.toBe('MM / YY');
    // Sized to its content by the height the frame reports.
    const height = await iframe.evaluate((el) => el.getBoundingClientRect().height);
    expect(height).toBeGreaterThan(150);
    expect(height).toBeLessThan(400);
  });

  it('tokenizes 4242… into a confirmation token, and the page never sees the number', async () => {
    const { page, frame } = await openCheckout();
    // Typed key by key, to exercise the formatting as a shopper meets it.
    await frame.getByLabel('Card number').pressSequentially(CARD);
    await expect(frame.getByLabel('Card number').inputValue()).resolves.toBe(CARD_SPACED);
    await frame.getByLabel('Expiration date').pressSequentially('1234');
    await expect(frame.getByLabel('Expiration date').inputValue()).resolves.toBe('12 / 34');
    await frame.getByLabel('Security code').fill('123');
    await frame.getByLabel('ZIP code').fill('10001');
    await page.waitForFunction(() => (window as any).events.some((e: any) => e.type === 'change' && e.complete));

    await page.screenshot({ path: '/tmp/card-frame.png' });

    const { submitted, result } = await createToken(page);
    expect(submitted).toEqual({});
    expect(result.error).toBeUndefined();
    expect(result.confirmationToken.id).toMatch(/^fctoken_/);
    expect(result.confirmationToken.payment_method_preview.card).toEqual({ brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2034 });
    expect(result.confirmationToken.payment_method_preview.billing_details.address).toEqual({ postal_code: '10001' });

    const seen = await whatThePageCanSee(page);
    expect(seen).toContain(result.confirmationToken.id); // the check does look at the messages
    expect(seen).not.toContain(CARD);
    expect(seen).not.toContain(CARD_SPACED);

    const methods = await sandbox.db.store.db.selectFrom('payment_methods').selectAll().execute();
    const method = methods.find((m) => JSON.parse(m.data).card.last4 === '4242');
    expect(method).toBeDefined();
    expect(method!.behaviour).toBe('succeeds');
    const tokens = await sandbox.db.store.db.selectFrom('confirmation_tokens').selectAll().execute();
    expect(tokens.map((t) => t.id)).toContain(result.confirmationToken.id);
    expect(JSON.stringify([methods, tokens])).not.toContain(CARD);

    // Nor anywhere in the database file, free pages and write-ahead log included.
    const file = sandbox.db.url;
    const bytes = [file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1'));
    expect(bytes.join('')).not.toContain(CARD);
  });

  it('finding 16: never moves focus the shopper did not move: a full field keeps it, and Tab reaches every field in order', async () => {
    const { page, frame } = await openCheckout();
    const focused = () => frame.locator('body').evaluate(() => document.activeElement?.id ?? null);
    await frame.getByLabel('Card number').focus();
    // Typed as a shopper types, then Tab, as on any form: before, the frame jumped to the
    // expiry once the number was full, and this Tab landed on the security code.
    await page.keyboard.type(CARD);
    expect(await focused()).toBe('number');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('expiry');
    await page.keyboard.type('1234');
    expect(await focused()).toBe('expiry');
    await page.keyboard.press('Tab');
    await page.keyboard.type('123');
    expect(await focused()).toBe('cvc');
    await page.keyboard.press('Tab');
    await page.keyboard.type('10001');
    expect(await focused()).toBe('zip');
    expect(await Promise.all(['Card number', 'Expiration date', 'Security code', 'ZIP code'].map((l) => frame.getByLabel(l).inputValue()))).toEqual([
      CARD_SPACED,
      '12 / 34',
      '123',
      '10001',
    ]);
  });

  it('shows "Your card number is invalid." for a number failing the Luhn check, and gives no token', async () => {
    const { page, frame } = await openCheckout();
    await fillCard(frame, { number: '4242 4242 4242 4241', expiry: '12 / 34', cvc: '123', zip: '10001' });
    await frame.getByText('Your card number is invalid.').waitFor();
    await expect(frame.getByLabel('Card number').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(frame.getByLabel('Card number').getAttribute('aria-describedby')).resolves.toBe('number-error');

    const { submitted, result } = await createToken(page);
    expect(submitted.error).toMatchObject({ type: 'validation_error', code: 'invalid_number', message: 'Your card number is invalid.' });
    expect(result.confirmationToken).toBeUndefined();
    expect(result.error).toMatchObject({ type: 'validation_error', message: 'Your card number is invalid.' });
  });

  it('shows when the expiration date is in the past', async () => {
    const { frame } = await openCheckout();
    await fillCard(frame, { number: CARD_SPACED, expiry: '01 / 20', cvc: '123', zip: '10001' });
    await frame.getByText("Your card's expiration date is in the past.").waitFor();
    await expect(frame.getByLabel('Expiration date').getAttribute('aria-invalid')).resolves.toBe('true');
  });

  it('shows what is missing when submitted empty', async () => {
    const { page, frame } = await openCheckout();
    const { submitted } = await createToken(page);
    expect(submitted.error).toMatchObject({ type: 'validation_error', code: 'incomplete_number' });
    await frame.getByText('Your card number is incomplete.').waitFor();
    await frame.getByText("Your card's expiration date is incomplete.").waitFor();
    await frame.getByText("Your card's security code is incomplete.").waitFor();
    await frame.getByText('Your ZIP code is incomplete.').waitFor();
  });

  it('answers an api_error when the page holds a wrong publishable key', async () => {
    const { page, frame } = await openCheckout('?key=fpk_test_wrong');
    await fillCard(frame, { number: CARD_SPACED, expiry: '12 / 34', cvc: '123', zip: '10001' });
    const { result } = await createToken(page);
    expect(result.error).toMatchObject({ type: 'api_error', message: 'Invalid publishable key' });
  });

  it('works when stripe.js is loaded with async', async () => {
    const { page } = await openCheckout('?async=1');
    await expect(page.locator('#payment iframe').getAttribute('src')).resolves.toBe(`${sandbox.url}/sandbox/card-frame`);
  });

  it('ignores messages that do not come from the sandbox', async () => {
    const { page } = await openCheckout();
    await page.evaluate(() => {
      window.postMessage({ flexSandbox: 'card-frame', type: 'change', complete: true, empty: false }, '*');
    });
    await page.waitForFunction(() => (window as any).messages.length > 0);
    const changes = await page.evaluate(() => (window as any).events.filter((e: any) => e.type === 'change'));
    expect(changes).toEqual([]);
  });

  it('takes a dark theme and appearance variables', async () => {
    const { page, frame } = await openCheckout('?theme=night');
    const input = frame.getByLabel('Card number');
    await expect(input.evaluate((el) => getComputedStyle(el).backgroundColor)).resolves.toBe('rgb(48, 49, 61)');
    await expect(input.evaluate((el) => getComputedStyle(el).borderRadius)).resolves.toBe('6px');

    await page.evaluate(() => (window as any).elements.update({ appearance: { variables: { colorBackground: '#fafafa' } } }));
    await frame.locator('#number').evaluate(
      (el) =>
        new Promise<void>((resolve) => {
          const check = () => (getComputedStyle(el).backgroundColor === 'rgb(250, 250, 250)' ? resolve() : requestAnimationFrame(check));
          check();
        }),
    );
  });

  it('unmounts and mounts again', async () => {
    const { page, frame } = await openCheckout();
    await page.evaluate(() => (window as any).paymentElement.unmount());
    await expect(page.locator('#payment iframe').count()).resolves.toBe(0);
    await page.evaluate(() => (window as any).paymentElement.mount('#payment'));
    await page.waitForFunction(() => (window as any).events.filter((e: any) => e.type === 'ready').length === 2);
    await expect(frame.getByLabel('Card number').isVisible()).resolves.toBe(true);
    await page.evaluate(() => (window as any).paymentElement.destroy());
    await expect(page.locator('#payment iframe').count()).resolves.toBe(0);
  });
});

describe('what the sandbox serves for the browser', () => {
  it('serves stripe.js as a script with a short cache', async () => {
    const res = await fetch(`${sandbox.url}/sandbox/stripe.js`);
    expect(res.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const source = await res.text();
    expect(() => new Script(source)).not.toThrow(); // parses as a plain script (compiled, not run)
  });

  it.each(['card-frame', 'challenge'])('serves /sandbox/%s with a CSP that allows only its own script', async (page) => {
    const res = await fetch(`${sandbox.url}/sandbox/${page}`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("connect-src 'self'");
  });
});

describe('POST /v1/confirmation_tokens', () => {
  const card = (fields: Record<string, unknown> = {}) => ({
    payment_method_data: { card: { number: CARD, exp_month: 12, exp_year: 2034, cvc: '123', ...fields } },
  });
  const post = (body: unknown, key: string | null = PUBLISHABLE_KEY) => sandbox.call('POST', '/v1/confirmation_tokens', { body, key });

  it('answers a token for the publishable key', async () => {
    const { status, body } = await post(card());
    expect(status).toBe(200);
    expect(body.confirmation_token.confirmation_token_id).toMatch(/^fctoken_/);
    expect(body.confirmation_token.payment_method_preview.card).toEqual({ brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2034 });
    expect(JSON.stringify(body)).not.toContain(CARD);
  });

  it('refuses a wrong publishable key with 401', async () => {
    expect((await post(card(), 'fpk_test_wrong')).status).toBe(401);
    expect((await post(card(), null)).status).toBe(401);
  });

  it('refuses the secret key with 401: a server never sends a raw card number', async () => {
    const { status, body } = await post(card(), 'fsk_test_sandbox');
    expect(status).toBe(401);
    expect(JSON.stringify(body)).not.toContain('fsk_test_sandbox');
  });

  it("refuses a number failing the Luhn check, in Stripe's words", async () => {
    const { status, body } = await post(card({ number: '4242424242424241' }));
    expect(status).toBe(422);
    expect(body.detail).toEqual([{ loc: ['body', 'payment_method_data', 'card', 'number'], msg: 'Your card number is invalid.', type: 'card_error' }]);
    expect(JSON.stringify(body)).not.toContain('4242424242424241');
  });

  it('refuses an expiry in the past by the sandbox clock', async () => {
    const { status, body } = await post(card({ exp_month: 1, exp_year: 2020 }));
    expect(status).toBe(422);
    expect(body.detail[0].msg).toBe("Your card's expiration date is in the past.");
  });

  it('takes a 3-digit CVC, and 4 digits for an Amex', async () => {
    expect((await post(card({ cvc: '1234' }))).status).toBe(422);
    expect((await post(card({ number: '378282246310005', cvc: '123' }))).status).toBe(422);
    const amex = await post(card({ number: '378282246310005', cvc: '1234' }));
    expect(amex.status).toBe(200);
    expect(amex.body.confirmation_token.payment_method_preview.card.brand).toBe('amex');
  });

  it('records the behaviour of the test card, never the number', async () => {
    const { body } = await post(card({ number: '4000002500003155' }));
    const token = body.confirmation_token;
    const row = await sandbox.db.store.db
      .selectFrom('confirmation_tokens')
      .innerJoin('payment_methods', 'payment_methods.id', 'confirmation_tokens.payment_method_id')
      .select(['payment_methods.behaviour', 'payment_methods.data'])
      .where('confirmation_tokens.id', '=', token.confirmation_token_id)
      .executeTakeFirstOrThrow();
    expect(row.behaviour).toBe('requires_3ds');
    expect(JSON.parse(row.data)).toMatchObject({ customer: null, off_session: false, test_mode: true, card: { last4: '3155' } });
    expect(row.data).not.toContain('4000002500003155');
  });
});

describe('3-D Secure: stripe.handleNextAction', () => {
  const FAKE_SECRET = 'fpi_01HZZZZZZZZZZZZZZZZZZZZZZZ_secret_fake';

  async function openChallenge(page: Page) {
    await page.evaluate((clientSecret) => {
      const w = window as any;
      w.nextAction = w.stripe.handleNextAction({ clientSecret });
    }, FAKE_SECRET);
    const challenge = page.frameLocator('iframe[title="3D Secure authentication"]');
    // The buttons are enabled once the client secret has arrived by postMessage. A locator
    // waits through the frame's first about:blank document, where the button is not yet.
    await challenge.locator('#complete:not([disabled])').waitFor();
    return challenge;
  }

  it('shows the challenge in a modal overlay with the two buttons', async () => {
    const { page } = await openCheckout();
    const challenge = await openChallenge(page);
    const overlay = page.getByRole('dialog', { name: '3D Secure authentication' });
    await expect(overlay.isVisible()).resolves.toBe(true);
    await expect(overlay.evaluate((el) => getComputedStyle(el).position)).resolves.toBe('fixed');
    await expect(challenge.getByRole('heading', { name: '3D Secure 2 Test Page' }).isVisible()).resolves.toBe(true);
    await expect(challenge.getByText('Amount: $49.99').isVisible()).resolves.toBe(true);
    await expect(challenge.getByRole('button', { name: 'Complete authentication' }).isEnabled()).resolves.toBe(true);
    await expect(challenge.getByRole('button', { name: 'Fail authentication' }).isEnabled()).resolves.toBe(true);
    // The client secret went by postMessage, not in the URL.
    const src = await page.locator('iframe[title="3D Secure authentication"]').getAttribute('src');
    expect(src).toBe(`${sandbox.url}/sandbox/challenge`);
    // Focus is in the challenge, and Escape does not close it.
    await expect(page.evaluate(() => document.activeElement?.getAttribute('title'))).resolves.toBe('3D Secure authentication');
    await page.keyboard.press('Escape');
    await expect(overlay.isVisible()).resolves.toBe(true);
    // Tabbing past the last button comes back into the challenge, not the page behind.
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.getAttribute('title'))).resolves.toBe('3D Secure authentication');
  });

  // The endpoint's answers stood in by Playwright: the stand-in's side of the contract (what
  // the challenge sends, how handleNextAction resolves) checked on its own.
  it.each([
    ['complete', { paymentIntent: { id: 'fpi_x', object: 'payment_intent', status: 'succeeded' } }],
    [
      'fail',
      {
        error: {
          type: 'card_error',
          code: 'payment_intent_authentication_failure',
          message: 'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
          payment_intent: { id: 'fpi_x', status: 'requires_payment_method' },
        },
      },
    ],
  ])('resolves like Stripe when the shopper chooses %s (endpoint stubbed)', async (choice, expected) => {
    const { page } = await openCheckout();
    const calls: { body: unknown; authorization: string | undefined }[] = [];
    await context.route(`${sandbox.url}/v1/client/next_action/authenticate`, async (route) => {
      const request = route.request();
      calls.push({ body: request.postDataJSON(), authorization: (await request.headerValue('authorization')) ?? undefined });
      const complete = request.postDataJSON().result === 'complete';
      await route.fulfill({
        json: {
          intent: {
            object: 'payment_intent',
            id: 'fpi_x',
            status: complete ? 'succeeded' : 'requires_payment_method',
            last_payment_error: complete ? null : { code: 'payment_intent_authentication_failure' },
          },
        },
      });
    });
    const challenge = await openChallenge(page);
    await challenge.getByRole('button', { name: choice === 'complete' ? 'Complete authentication' : 'Fail authentication' }).click();
    const outcome = await page.evaluate(() => (window as any).nextAction);
    expect(outcome).toMatchObject(expected);
    expect(calls).toEqual([{ body: { client_secret: FAKE_SECRET, result: choice }, authorization: `Bearer ${PUBLISHABLE_KEY}` }]);
    await expect(page.getByRole('dialog').count()).resolves.toBe(0);
  });

  // The whole way, against the sandbox's own authenticate endpoint: a 3-D Secure card typed
  // into the frame, confirmed through the browser-side session API, challenged, answered.
  it.each(['complete', 'fail'] as const)('takes a 3-D Secure card through the real challenge (%s)', async (choice) => {
    const { price_id } = await createPrice(sandbox.call, { hsa_fsa_eligibility: 'not_eligible', visit_type: null });
    const session = await createSession(sandbox.call, { line_items: [{ price: price_id }], mode: 'payment' });
    const shopper = browserOf(sandbox.call, session);
    expect((await shopper.details({ email: '3ds@example.com', first_name: 'Tri', last_name: 'Dee' })).status).toBe(200);

    const { page, frame } = await openCheckout();
    await fillCard(frame, { number: '4000 0025 0000 3155', expiry: '12 / 34', cvc: '123', zip: '10001' });
    const { result } = await createToken(page);
    const confirmed = await shopper.confirm(result.confirmationToken.id);
    expect(confirmed.body).toMatchObject({ status: 'requires_action' });
    const clientSecret: string = confirmed.body.next_action.client_secret;

    await page.evaluate((secret) => {
      const w = window as any;
      w.nextAction = w.stripe.handleNextAction({ clientSecret: secret });
    }, clientSecret);
    const challenge = page.frameLocator('iframe[title="3D Secure authentication"]');
    await challenge.getByRole('button', { name: choice === 'complete' ? 'Complete authentication' : 'Fail authentication' }).click();
    const outcome = await page.evaluate(() => (window as any).nextAction);
    await expect(page.getByRole('dialog').count()).resolves.toBe(0);

    const after = (await shopper.view()).body.checkout_session;
    if (choice === 'complete') {
      expect(outcome.paymentIntent).toMatchObject({ object: 'payment_intent', status: 'succeeded', id: expect.stringMatching(/^fpi_/) });
      expect(after.status).toBe('complete');
    } else {
      expect(outcome.error).toMatchObject({
        type: 'card_error',
        code: 'payment_intent_authentication_failure',
        payment_intent: { status: 'requires_payment_method' },
      });
      expect(after.status).toBe('open');
    }
  });
});
