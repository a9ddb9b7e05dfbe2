import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve as serveNode } from '@hono/node-server';
import express from 'express';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { serve, toExpress, toFetchHandler, toNextRouteHandler } from '../src/adapters/index.js';
import { createPrice, createSession } from '../../../test/support/checkout.js';
import { useFlexServer } from '../../../test/support/flex-server.js';
import { scannedFetch as fetch } from '../../../test/support/secret-scan.js';

/** A body whose exact bytes matter: odd spacing and key order a re-serialisation would lose. */
const RAW_JSON = '{"b": 2,   "a": [1, 2, {"é": "ü"}]}';

/** The tiny app every adapter serves: a GET and a POST echo under /flex. */
function echoApp() {
  const app = new Hono<{ Bindings: { incoming?: { socket?: { remoteAddress?: string } } } }>();
  app.use('*', async (c, next) => {
    await next();
    c.header('x-served-by', 'hono');
  });
  app.get('/flex/hello', (c) => c.json({ hello: c.req.query('name') ?? 'world', path: c.req.path }));
  app.post('/flex/echo', async (c) => c.json({ raw: await c.req.text(), contentType: c.req.header('content-type') ?? null, method: c.req.method }));
  // The server's per-IP rate limit reads Node's request from the env: it must arrive.
  app.get('/flex/ip', (c) => c.json({ ip: c.env?.incoming?.socket?.remoteAddress ?? null }));
  return app;
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

/** Listens on a loopback port and closes after the test. */
async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function expressOn(build: (app: express.Express) => void): Promise<string> {
  const app = express();
  build(app);
  return listen(app.listen(0, '127.0.0.1'));
}

const postJson = (url: string, body: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

/** The GET and POST checks every adapter must pass. */
async function servesBoth(base: string) {
  const got = await fetch(`${base}/flex/hello?name=sam`);
  expect(got.status).toBe(200);
  expect(got.headers.get('x-served-by')).toBe('hono');
  expect(await got.json()).toEqual({ hello: 'sam', path: '/flex/hello' });

  const posted = await postJson(`${base}/flex/echo`, RAW_JSON);
  expect(posted.status).toBe(200);
  expect(await posted.json()).toEqual({ raw: RAW_JSON, contentType: 'application/json', method: 'POST' });
}

describe('serve (node:http)', () => {
  it('serves GET and POST over real HTTP, and closes', async () => {
    const server = await serve(echoApp(), { port: 0, hostname: '127.0.0.1' });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    await servesBoth(server.url);
    const ip = await (await fetch(`${server.url}/flex/ip`)).json();
    expect(ip.ip).toMatch(/127\.0\.0\.1/);
    await server.close();
    await expect(fetch(`${server.url}/flex/hello`)).rejects.toThrow();
  });

  it('takes a promise of the app, and rejects when the port is taken', async () => {
    const first = await serve(Promise.resolve(echoApp()), { port: 0, hostname: '127.0.0.1' });
    closers.push(() => first.close());
    await servesBoth(first.url);
    await expect(serve(echoApp(), { port: first.port, hostname: '127.0.0.1' })).rejects.toThrow(/EADDRINUSE/);
  });
});

describe('toExpress', () => {
  it("serves the app's routes, keeps the raw body when mounted before express.json(), and passes the rest on", async () => {
    const base = await expressOn((app) => {
      app.use(toExpress(echoApp()));
      app.use(express.json());
      app.post('/api/orders', (req, res) => void res.json({ parsed: req.body }));
      app.get('/about', (_req, res) => void res.send('merchant page'));
    });
    await servesBoth(base);

    // Not the app's: Express's own routes, with the body stream untouched for express.json().
    expect(await (await fetch(`${base}/about`)).text()).toBe('merchant page');
    const order = await postJson(`${base}/api/orders`, RAW_JSON);
    expect(await order.json()).toEqual({ parsed: JSON.parse(RAW_JSON) });
    // A method the app has no route for, and an unknown path: Express answers (its 404).
    expect((await fetch(`${base}/flex/echo`)).headers.get('x-served-by')).toBeNull();
    const unknown = await fetch(`${base}/nowhere`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-served-by')).toBeNull();

    // Node's request reaches the app as its env (the per-IP rate limit needs it).
    expect((await (await fetch(`${base}/flex/ip`)).json()).ip).toMatch(/127\.0\.0\.1/);
  });

  it('re-serialises a body express.json() already parsed', async () => {
    const base = await expressOn((app) => {
      app.use(express.json());
      app.use(toExpress(echoApp()));
    });
    const got = await fetch(`${base}/flex/hello`);
    expect(await got.json()).toEqual({ hello: 'world', path: '/flex/hello' });
    const posted = await (await postJson(`${base}/flex/echo`, RAW_JSON)).json();
    // Same value, not the same bytes: why it must be mounted first for webhooks.
    expect(JSON.parse(posted.raw)).toEqual(JSON.parse(RAW_JSON));
    expect(posted.raw).not.toBe(RAW_JSON);
    expect(posted.contentType).toBe('application/json');
  });

  it('passes exact bytes a parser kept (express.raw(), or req.rawBody from a verify hook)', async () => {
    const raw = await expressOn((app) => {
      app.use(express.raw({ type: '*/*' }));
      app.use(toExpress(echoApp()));
    });
    expect((await (await postJson(`${raw}/flex/echo`, RAW_JSON)).json()).raw).toBe(RAW_JSON);

    const verified = await expressOn((app) => {
      app.use(
        express.json({
          verify: (req, _res, buf) => {
            (req as { rawBody?: Buffer }).rawBody = Buffer.from(buf);
          },
        }),
      );
      app.use(toExpress(echoApp()));
    });
    expect((await (await postJson(`${verified}/flex/echo`, RAW_JSON)).json()).raw).toBe(RAW_JSON);
  });

  it('sees the full path when Express mounts it at /flex, and takes a promise of the app', async () => {
    const base = await expressOn((app) => {
      app.use('/flex', toExpress(Promise.resolve(echoApp())));
      app.get('/', (_req, res) => void res.send('home'));
    });
    await servesBoth(base);
    expect(await (await fetch(base)).text()).toBe('home');
  });
});

describe('toExpress with the companion server (embedded sandbox)', () => {
  const server = useFlexServer('sqlite', 'embedded');

  it("claims the widget routes and the sandbox's browser paths, and leaves the merchant's own routes alone", async () => {
    const base = await expressOn((app) => {
      app.use(toExpress(server.flex.app));
      app.use(express.json());
      app.post('/orders', (req, res) => void res.json({ ordered: req.body }));
      app.get('/shop', (_req, res) => void res.send('the shop'));
    });
    const { price_id } = await createPrice(server.sandbox, { hsa_fsa_eligibility: 'not_eligible', visit_type: null });
    const session = await createSession(server.sandbox, { line_items: [{ price: price_id }] });
    const auth = { authorization: `Bearer ${session.client_secret}` };

    const view = await fetch(`${base}/flex/sessions/${session.checkout_session_id}`, { headers: auth });
    expect(view.status).toBe(200);
    expect((await view.json()).checkout_session.checkout_session_id).toBe(session.checkout_session_id);
    const details = await fetch(`${base}/flex/sessions/${session.checkout_session_id}/details`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'express@example.com', first_name: 'Ex', last_name: 'Press' }),
    });
    expect(details.status, await details.clone().text()).toBe(200);
    // An unknown session under the prefix is the server's own JSON answer, not Express's page
    // (401: a secret that opens no session, told apart from none).
    const unknown = await fetch(`${base}/flex/sessions/fcs_01ARZ3NDEKTSV4RRFFQ69G5FAV`, { headers: auth });
    expect(unknown.status).toBe(401);
    expect((await unknown.json()).detail).toBeInstanceOf(Array);
    expect((await fetch(`${base}/sandbox/stripe.js`)).status).toBe(200);

    const logged = server.logs.length;
    expect(await (await fetch(`${base}/shop`)).text()).toBe('the shop');
    const order = await fetch(`${base}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"sku":"a"}' });
    expect(await order.json()).toEqual({ ordered: { sku: 'a' } });
    // The merchant's requests never went through the server (its access log saw none).
    expect(server.logs.slice(logged)).toEqual([]);
  });
});

describe('toNextRouteHandler', () => {
  it('answers GET and POST as a catch-all route file would be called', async () => {
    const { GET, POST, HEAD, OPTIONS, PUT, PATCH, DELETE } = toNextRouteHandler(echoApp());
    for (const handler of [HEAD, OPTIONS, PUT, PATCH, DELETE]) expect(handler).toBeTypeOf('function');

    const got = await GET(new Request('http://shop.example/flex/hello?name=next'));
    expect(got.status).toBe(200);
    expect(await got.json()).toEqual({ hello: 'next', path: '/flex/hello' });

    const posted = await POST(
      new Request('http://shop.example/flex/echo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: RAW_JSON }),
    );
    expect(await posted.json()).toEqual({ raw: RAW_JSON, contentType: 'application/json', method: 'POST' });
    expect((await HEAD(new Request('http://shop.example/flex/hello', { method: 'HEAD' }))).status).toBe(200);
  });

  it('serves over real HTTP when a server hands it Fetch requests, and waits for a promised app', async () => {
    const { GET, POST } = toNextRouteHandler(new Promise<Hono<any>>((resolve) => setTimeout(() => resolve(echoApp()), 20)));
    const base = await listen(
      serveNode({ port: 0, hostname: '127.0.0.1', fetch: (request) => (request.method === 'POST' ? POST(request) : GET(request)) }) as Server,
    );
    await servesBoth(base);
  });
});

describe('toFetchHandler', () => {
  it('serves GET and POST over real HTTP behind any Fetch server', async () => {
    const handler = toFetchHandler(echoApp());
    const base = await listen(serveNode({ port: 0, hostname: '127.0.0.1', fetch: (request) => handler(request) }) as Server);
    await servesBoth(base);
  });

  it('passes bindings on, as Workers give them', async () => {
    const app = new Hono<{ Bindings: { GREETING: string } }>();
    app.get('/flex/hello', (c) => c.text(c.env.GREETING));
    const handler = toFetchHandler(Promise.resolve(app));
    const res = await handler(new Request('http://worker.example/flex/hello'), { GREETING: 'hi from env' });
    expect(await res.text()).toBe('hi from env');
  });
});
