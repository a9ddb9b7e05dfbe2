import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFlexCheckout, createFlexClient, FlexApiError, httpUpstream, jsonLogger, type FlexCheckout, type Logger } from '@flex-checkout/server';

const API_KEY = 'fsk_test_unreachable0123456789';
/** The caller's whole answer when the upstream cannot be reached: the same before and after the log line. */
const UNREACHABLE_DETAIL = [{ loc: [], msg: 'The payment service could not be reached. Try again in a moment.', type: 'api_error' }];

/** A loopback port nothing listens on: bound, noted, closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  return port;
}

/** The package's own redacting JSON logger, its lines kept. */
function capture(): { logger: Logger; lines: string[]; warns: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  return {
    logger: jsonLogger((line) => lines.push(line)),
    lines,
    warns: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.level === 'warn'),
  };
}

async function rejection(promise: Promise<unknown>): Promise<FlexApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FlexApiError);
  return error as FlexApiError;
}

/**
 * Flex's API unreachable (a wrong host, nothing listening, DNS, TLS): the caller gets the one
 * fixed 502 and never the URL; the server's log gets one line saying which origin, which call,
 * how many attempts and the network's reason, so the merchant's developer can find the fault.
 */
describe('an upstream that cannot be reached', () => {
  let port: number;
  beforeAll(async () => {
    port = await closedPort();
  });

  it('fails the call with the unchanged 502 and logs one warn line: origin, path, attempts, ECONNREFUSED', async () => {
    const log = capture();
    // A path in apiBase does not reach the log: only scheme, host and port.
    const client = createFlexClient({ upstream: httpUpstream(`http://127.0.0.1:${port}/v1`), apiKey: API_KEY, retryDelayMs: 1, logger: log.logger });

    const error = await rejection(client.checkoutSessions.retrieve('fcs_unreachable1'));
    expect(error.status).toBe(502);
    expect(error.type).toBe('api_error');
    expect(error.detail).toEqual(UNREACHABLE_DETAIL);
    expect(error.message).toBe('The payment service could not be reached. Try again in a moment.');
    expect(error.message).not.toContain(String(port));

    expect(log.lines).toHaveLength(1);
    const [line] = log.warns();
    expect(line).toMatchObject({
      msg: 'upstream unreachable',
      upstream: `http://127.0.0.1:${port}`,
      method: 'GET',
      path: '/v1/checkout/sessions/fcs_unreachable1',
      attempts: 3, // the first try and the two default retries of a read
      code: 'ECONNREFUSED',
    });
    expect(line!.reason).toContain('ECONNREFUSED');
    const text = log.lines[0]!;
    expect(text).toContain(`http://127.0.0.1:${port}`);
    expect(text).not.toContain('fsk_');
    expect(text).not.toMatch(/authorization|bearer/i);
  });

  it('logs credentials in apiBase (which fetch refuses) as the reason, never the credentials', async () => {
    const log = capture();
    const client = createFlexClient({
      upstream: httpUpstream(`http://user:pw@127.0.0.1:${port}/v1`),
      apiKey: API_KEY,
      maxNetworkRetries: 0,
      logger: log.logger,
    });
    expect((await rejection(client.products.retrieve('fprod_1'))).detail).toEqual(UNREACHABLE_DETAIL);
    expect(log.warns()).toEqual([
      expect.objectContaining({ upstream: `http://127.0.0.1:${port}`, path: '/v1/products/fprod_1', reason: expect.stringMatching(/credentials/) }),
    ]);
    expect(log.lines.join('\n')).not.toMatch(/user:pw|:pw@|fsk_/);
  });

  it('logs a write that is never repeated as one attempt, and never the query string', async () => {
    const log = capture();
    const client = createFlexClient({ upstream: httpUpstream(`http://127.0.0.1:${port}`), apiKey: API_KEY, retryDelayMs: 1, logger: log.logger });

    expect((await rejection(client.products.create({ name: 'Gym membership' }))).detail).toEqual(UNREACHABLE_DETAIL);
    expect((await rejection(client.customers.list({ email: 'sam@example.com', limit: 5 }))).detail).toEqual(UNREACHABLE_DETAIL);

    const warns = log.warns();
    expect(log.lines).toHaveLength(2);
    expect(warns[0]).toMatchObject({ method: 'POST', path: '/v1/products', attempts: 1, code: 'ECONNREFUSED' });
    expect(warns[1]).toMatchObject({ method: 'GET', path: '/v1/customers', attempts: 3, code: 'ECONNREFUSED' });
    expect(log.lines.join('\n')).not.toMatch(/sam@example|limit=|fsk_/);
  });

  it('tells a name that does not resolve by its code', async () => {
    const log = capture();
    const client = createFlexClient({ upstream: httpUpstream('http://flex-api.invalid'), apiKey: API_KEY, maxNetworkRetries: 0, logger: log.logger });
    expect((await rejection(client.products.retrieve('fprod_1'))).detail).toEqual(UNREACHABLE_DETAIL);
    expect(log.warns()).toEqual([
      expect.objectContaining({ upstream: 'http://flex-api.invalid', attempts: 1, code: expect.stringMatching(/^E(NOTFOUND|AI_AGAIN)$/) }),
    ]);
  });

  it('without a logger, fails the same way and logs nothing', async () => {
    const client = createFlexClient({ upstream: httpUpstream(`http://127.0.0.1:${port}`), apiKey: API_KEY, retryDelayMs: 1 });
    const error = await rejection(client.products.retrieve('fprod_1'));
    expect(error.status).toBe(502);
    expect(error.detail).toEqual(UNREACHABLE_DETAIL);
  });

  describe('through createFlexCheckout', () => {
    let dir: string;
    let flex: FlexCheckout;
    let startup: string[];
    const log = capture();
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'flex-unreachable-'));
      flex = await createFlexCheckout({
        apiKey: API_KEY,
        apiBase: `http://127.0.0.1:${port}`,
        checkout: 'in-page',
        database: join(dir, 'server.sqlite'),
        logger: log.logger,
      });
      startup = [...log.lines];
    });
    afterAll(async () => {
      await flex?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('logs the typed client call once, with the server logger', async () => {
      log.lines.length = 0;
      expect((await rejection(flex.client.products.retrieve('fprod_1'))).detail).toEqual(UNREACHABLE_DETAIL);
      expect(log.warns()).toEqual([expect.objectContaining({ upstream: `http://127.0.0.1:${port}`, path: '/v1/products/fprod_1', attempts: 3 })]);
    });

    it('answers a widget route with the 502 alone and logs the upstream call once', async () => {
      log.lines.length = 0;
      const res = await flex.fetch(
        new Request('http://shop.test/flex/sessions/fcs_widget0001', { headers: { authorization: 'Bearer fcs_widget0001_secret_abcdef0123456789' } }),
      );
      expect(res.status).toBe(502);
      const body = await res.text();
      expect(JSON.parse(body)).toEqual({ detail: UNREACHABLE_DETAIL });
      expect(body).not.toContain(String(port));
      const warns = log.warns();
      expect(warns).toEqual([
        expect.objectContaining({
          msg: 'upstream unreachable',
          upstream: `http://127.0.0.1:${port}`,
          method: 'GET',
          path: '/v1/client/checkout_sessions/fcs_widget0001',
          attempts: 1,
          code: 'ECONNREFUSED',
        }),
      ]);
      expect(JSON.stringify(warns)).not.toMatch(/_secret_abcdef|authorization|fsk_/i);
    });

    it('does not warn about plain HTTP to loopback at startup', () => {
      expect(startup.filter((line) => line.includes('plain HTTP'))).toEqual([]);
    });
  });

  it('warns at startup, without the key, when the key for Flex is not a Flex secret key; not for an fsk_ key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flex-not-fsk-'));
    const opened: FlexCheckout[] = [];
    try {
      const warned = capture();
      opened.push(await createFlexCheckout({ apiKey: 'sk_live_51StripeKey', database: join(dir, 'a.sqlite'), logger: warned.logger }));
      expect(warned.warns()).toEqual([expect.objectContaining({ msg: expect.stringContaining('apiKey is not a Flex secret key (those start with fsk_)') })]);
      expect(warned.lines.join('\n')).not.toContain('sk_live_51StripeKey');
      const quiet = capture();
      opened.push(await createFlexCheckout({ apiKey: 'fsk_live_abc', database: join(dir, 'b.sqlite'), logger: quiet.logger }));
      expect(quiet.warns()).toEqual([]);
    } finally {
      await Promise.all(opened.map((flex) => flex.close()));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('warns at startup when apiBase is plain HTTP to another host', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flex-plain-http-'));
    const log = capture();
    const flex = await createFlexCheckout({
      apiKey: API_KEY,
      apiBase: 'http://user:pw@flex-api.invalid/v1',
      database: join(dir, 'server.sqlite'),
      logger: log.logger,
    });
    try {
      expect(log.warns()).toEqual([expect.objectContaining({ upstream: 'http://flex-api.invalid' })]);
      expect(log.lines.join('\n')).not.toMatch(/user:pw|fsk_/);
    } finally {
      await flex.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
