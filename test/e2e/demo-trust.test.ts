/**
 * The demo store's share of the outside review (issue 15), through `npm start`'s server and
 * plain HTTP (no browser): finding 9 (Buy again keyed per intent, the sandbox tools behind
 * sign-in, refused deliveries' claimed IDs bounded, data files 0600), and findings 10 and 11
 * on the demo's own server (a 413 closes its connection; timeouts; aborts logged as such).
 */
import { statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserOf, CARDS, tokenFor } from '../support/checkout.js';
import { oversizedThenNormal, rawClient, until, type RawClient } from '../support/http-probes.js';
import { caller, type Call } from '../support/sandbox.js';
import { removeData, startDemo, type RunningDemo } from './support/demo.js';

let demo: RunningDemo;
let api: Call;
const raws: RawClient[] = [];
beforeAll(async () => {
  demo = await startDemo({ args: ['--headers-timeout-ms', '1000', '--request-timeout-ms', '2000'] });
  api = caller((path, init) => fetch(demo.url + path, init));
});
afterAll(async () => {
  for (const client of raws) client.socket.destroy();
  await demo?.stop();
  if (demo) removeData(demo);
});

/** A shopper's browser, reduced to its cookie: form posts and page reads, redirects not followed. */
async function signIn(email: string) {
  const res = await fetch(`${demo.url}/account/sign-in`, { method: 'POST', body: new URLSearchParams({ email }), redirect: 'manual' });
  expect(res.status).toBe(303);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  return {
    post: (path: string, fields: Record<string, string>) =>
      fetch(`${demo.url}${path}`, { method: 'POST', headers: { cookie }, body: new URLSearchParams(fields), redirect: 'manual' }),
    page: async (path: string) => (await fetch(`${demo.url}${path}`, { headers: { cookie } })).text(),
  };
}
type Shopper = Awaited<ReturnType<typeof signIn>>;

/** Checks out the sunscreen (no letter needed) as the element would, saving the card for later. */
async function checkOutOnce(shopper: Shopper) {
  const started = await shopper.post('/checkout', { product: 'sunscreen' });
  expect(started.status).toBe(303);
  const html = await shopper.page(started.headers.get('location')!);
  const secret = /client-secret="([^"]+)"/.exec(html)?.[1];
  expect(secret, html).toMatch(/^fcs_\w+_secret_/);
  const session = { checkout_session_id: secret!.split('_secret_')[0]!, client_secret: secret! };
  const browser = browserOf(api, session);
  expect((await browser.details({ email: 'buyer@example.com', first_name: 'Bea', last_name: 'Buyer' })).status).toBe(200);
  // The store posts sunscreen: the session asks where to.
  expect((await browser.view()).body.checkout_session.shipping_address_collection).toBe(true);
  expect((await browser.shipping({ line1: '1 Main St', city: 'New York', state: 'NY', postal_code: '10001', country: 'US' })).status).toBe(200);
  const confirmed = await browser.confirm(await tokenFor(api, CARDS.visa));
  expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
  return confirmed.body.checkout_session.completion.customer as string;
}

const intentOf = (html: string) => /name="intent" value="([^"]+)"/.exec(html)?.[1];
const chargesOf = async (customer: string) =>
  (await api('GET', `/v1/payment_intents?customer=${customer}&limit=100`)).body.payment_intents.filter((pi: { status: string }) => pi.status === 'succeeded');

describe('finding 9: the demo store', () => {
  it('Buy again: five concurrent submits of one page are one order and one charge; a fresh page is a new one', async () => {
    const shopper = await signIn('buy-again@example.com');
    const customer = await checkOutOnce(shopper);
    const before = (await chargesOf(customer)).length;

    const intent = intentOf(await shopper.page('/account'));
    expect(intent).toMatch(/^intent_/);
    const answers = await Promise.all(Array.from({ length: 5 }, () => shopper.post('/account/buy-again', { product: 'sunscreen', intent: intent! })));
    expect(answers.map((a) => a.status)).toEqual([303, 303, 303, 303, 303]);
    expect(new Set(answers.map((a) => a.headers.get('location'))).size).toBe(1);
    expect(await chargesOf(customer)).toHaveLength(before + 1);
    const result = await shopper.page(answers[0]!.headers.get('location')!);
    expect(result).toContain('Paid: Mineral');

    // The page after it has a new token: buying again then is a new order, charged once more.
    const next = intentOf(result);
    expect(next).not.toBe(intent);
    expect((await shopper.post('/account/buy-again', { product: 'sunscreen', intent: next! })).status).toBe(303);
    expect(await chargesOf(customer)).toHaveLength(before + 2);

    // A form without its page's token charges nothing.
    expect((await shopper.post('/account/buy-again', { product: 'sunscreen' })).status).toBe(400);
    expect(await chargesOf(customer)).toHaveLength(before + 2);
  });

  it('moving the sandbox clock (and forging a delivery) needs a signed-in shopper', async () => {
    const clock = async () => (await api('GET', '/v1/test_helpers/clock')).body.test_clock.now as number;
    const before = await clock();
    const anonymous = await fetch(`${demo.url}/webhooks/advance-clock`, { method: 'POST', body: new URLSearchParams({ days: '365' }), redirect: 'manual' });
    expect(anonymous.status).toBe(401);
    expect(await clock()).toBeLessThan(before + 60);
    const forged = await fetch(`${demo.url}/webhooks/forge`, { method: 'POST', redirect: 'manual' });
    expect(forged.status).toBe(401);

    const shopper = await signIn('clock@example.com');
    const moved = await shopper.post('/webhooks/advance-clock', { days: '1' });
    expect(moved.status).toBe(303);
    expect(await clock()).toBeGreaterThanOrEqual(before + 86_400);
  });

  it("keeps a refused delivery's claimed svix-id only as a short, plain label", async () => {
    const claimed = `<script>alert(1)</script>${'x'.repeat(10_000)}`;
    const res = await fetch(`${demo.url}/flex/webhooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'svix-id': claimed,
        'svix-timestamp': String(Math.floor(Date.now() / 1000)),
        'svix-signature': 'v1,bm90IGl0',
      },
      body: '{"event_id":"fevt_x"}',
    });
    expect(res.status).toBe(400);
    const db = new SQLite(join(demo.dataDir, 'store.sqlite'), { readonly: true });
    try {
      const rows = db.prepare('select event_id from store_webhook_deliveries where verified = 0').all() as { event_id: string | null }[];
      const kept = rows.map((r) => r.event_id).find((id) => id?.includes('script'));
      expect(kept).toBeDefined();
      expect(kept!.length).toBeLessThanOrEqual(64);
      expect(kept).toMatch(/^[A-Za-z0-9_.:?-]+…?$/);
      expect(rows.map((r) => r.event_id ?? '').join('')).not.toMatch(/[<>]/);
    } finally {
      db.close();
    }
  });

  it('keeps its data readable by its user only: the folder 0700, every file 0600', () => {
    expect(statSync(demo.dataDir).mode & 0o777).toBe(0o700);
    const files = readdirSync(demo.dataDir);
    expect(files).toEqual(expect.arrayContaining(['store.sqlite', 'sandbox.sqlite', 'flex-server.sqlite']));
    for (const name of files) expect([name, statSync(join(demo.dataDir, name)).mode & 0o777]).toEqual([name, 0o600]);
  });
});

describe('findings 10 and 11: the demo server', () => {
  const list = () => fetch(`${demo.url}/v1/products`, { headers: { authorization: 'Bearer fsk_test_sandbox' } });
  const post =
    (path: string, headers: Record<string, string> = {}) =>
    (body: ReadableStream<Uint8Array>) =>
      fetch(`${demo.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, duplex: 'half' } as RequestInit);

  it.each([
    ['a store form', '/account/sign-in', {}],
    ['the webhook route', '/flex/webhooks', {}],
    ['a widget route', '/flex/sessions/fcs_01ARZ3NDEKTSV4RRFFQ69G5FAV/customer_details', { authorization: 'Bearer fcs_01ARZ3NDEKTSV4RRFFQ69G5FAV_secret_x' }],
    ['the sandbox API', '/v1/products', { authorization: 'Bearer fsk_test_sandbox' }],
  ])('after a 413 from %s, the next request on the keep-alive agent succeeds', async (_, path, headers) => {
    const rounds = await oversizedThenNormal(post(path, headers), list);
    expect(rounds).toEqual(rounds.map(() => ({ oversized: 413, normal: 200 })));
  });

  const raw = async () => {
    const client = await rawClient(Number(new URL(demo.url).port));
    raws.push(client);
    return client;
  };

  it('answers 408 and closes a connection whose headers or body never finish', async () => {
    const headers = await raw();
    headers.socket.write('GET / HTTP/1.1\r\nHost: shop.test\r\n');
    const body = await raw();
    body.socket.write(
      'POST /account/sign-in HTTP/1.1\r\nHost: shop.test\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nemail=',
    );
    await Promise.all([headers.closedWithin(8_000), body.closedWithin(8_000)]);
    expect(headers.received()).toMatch(/^HTTP\/1\.1 408/);
    expect(body.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('logs a shopper who hangs up mid-form as "client aborted" at info, not as a failed page', async () => {
    const before = demo.output().length;
    const client = await raw();
    client.socket.write(
      'POST /account/sign-in HTTP/1.1\r\nHost: shop.test\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nemail=',
    );
    setTimeout(() => client.socket.destroy(), 100);
    await until(() => demo.output().slice(before).includes('"client aborted"'), 'a "client aborted" line');
    // Every such line is an info "client aborted" (the 408 test's sockets may be logged here too).
    const lines = demo
      .output()
      .slice(before)
      .split('\n')
      .filter((l) => /client aborted|store page failed|unhandled/.test(l));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(JSON.parse(line)).toEqual({ level: 'info', msg: 'client aborted', method: 'POST', path: '/account/sign-in' });
  });
});

describe('finding 17: the demo store under a strict CSP', () => {
  it("serves its pages with a CSP that allows no inline script and no inline style but the tiles' hashed ones", async () => {
    const shopper = await signIn('csp@example.com');
    const started = await shopper.post('/checkout', { product: 'sunscreen' });
    for (const path of ['/', started.headers.get('location')!]) {
      const res = await fetch(`${demo.url}${path}`);
      const policy = res.headers.get('content-security-policy') ?? '';
      const directive = (name: string) =>
        policy
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .find(([n]) => n === name)
          ?.slice(1) ?? [];
      expect(directive('default-src'), policy).toEqual(["'self'"]);
      expect(directive('script-src'), policy).toEqual(["'self'"]);
      const style = directive('style-src');
      expect(style, policy).not.toContain("'unsafe-inline'");
      // Only 'self', 'unsafe-hashes' and exact hashes: every inline style must be named by its hash.
      for (const source of style) expect(source, policy).toMatch(/^'self'$|^'unsafe-hashes'$|^'sha256-[A-Za-z0-9+/]+=*'$/);
    }
  });
});
