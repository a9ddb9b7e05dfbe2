import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Logger, type RunningServer } from '@flex-checkout/server';
import { useFlexServer } from '../../../test/support/flex-server.js';
import { rawClient as connectRaw, until, type RawClient } from '../../../test/support/http-probes.js';

/**
 * Review finding 11 (issue 15): the server set no timeouts, so a client that trickled its
 * headers or body held a socket for minutes (Node's defaults), and each upload a client
 * abandoned was logged at level error as "unhandled". `serve` now sets header and request
 * timeouts (configurable), and a client that hangs up is logged as "client aborted" at info.
 */
describe('finding 11: the companion server times out slow clients and logs aborts as aborts', () => {
  const lines: { level: string; msg: string }[] = [];
  const logger: Logger = {
    info: (msg) => lines.push({ level: 'info', msg }),
    warn: (msg) => lines.push({ level: 'warn', msg }),
    error: (msg) => lines.push({ level: 'error', msg }),
  };
  const harness = useFlexServer('sqlite', 'embedded', { logger });
  let server: RunningServer;
  beforeAll(async () => {
    server = await serve(harness.flex.app, { port: 0, hostname: '127.0.0.1', headersTimeout: 300, requestTimeout: 600 });
  });
  const clients: RawClient[] = [];
  const rawClient = async (port: number) => {
    const client = await connectRaw(port);
    clients.push(client);
    return client;
  };
  afterAll(async () => {
    for (const client of clients) client.socket.destroy();
    await server?.close();
  });
  const widgetPath = '/flex/sessions/fcs_01ARZ3NDEKTSV4RRFFQ69G5FAV/customer_details';

  it('closes a connection whose headers never finish (408)', async () => {
    const client = await rawClient(server.port);
    client.socket.write(`POST ${widgetPath} HTTP/1.1\r\nHost: shop.test\r\n`);
    await client.closedWithin(5_000);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes a connection whose body never finishes (408)', async () => {
    const client = await rawClient(server.port);
    // Chunked, so the body limit reads it: the request is stuck until the timeout.
    client.socket.write(`POST ${widgetPath} HTTP/1.1\r\nHost: shop.test\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"a":\r\n`);
    await client.closedWithin(5_000);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('logs a client that hangs up mid-body as "client aborted" at info, never as an unhandled error', async () => {
    const before = lines.length;
    const client = await rawClient(server.port);
    client.socket.write(`POST ${widgetPath} HTTP/1.1\r\nHost: shop.test\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"a":\r\n`);
    await until(() => client.received() !== '' || lines.length > before, 'the server to start on the request', 200).catch(() => {});
    client.socket.destroy();
    await until(() => lines.slice(before).some((l) => l.msg === 'client aborted'), 'a "client aborted" log line');
    const logged = lines.slice(before);
    expect(logged.find((l) => l.msg === 'client aborted')?.level).toBe('info');
    expect(logged.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('sets 10 s for headers and 30 s for the whole request unless told otherwise', async () => {
    const plain = await serve(harness.flex.app, { port: 0, hostname: '127.0.0.1' });
    try {
      expect(plain.server.headersTimeout).toBe(10_000);
      expect(plain.server.requestTimeout).toBe(30_000);
    } finally {
      await plain.close();
    }
  });
});
