import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFlexCheckout, createFlexClient, httpUpstream, jsonLogger, type FlexCheckout } from '@flex-checkout/server';

/**
 * Write answers exactly as Flex's API reference shows them, and nothing the sandbox adds: a
 * loopback stub built from the docs alone. Money moved once such an answer arrives, so the
 * client must hand back what came and never throw (nor write again).
 */

const API_KEY = 'fsk_test_docsshaped0123456789';
const SESSION = 'fcs_01kbjcmbt5docsshaped0000';

interface Seen {
  method: string;
  path: string;
  body: unknown;
}

/** path → the text answered to a POST there (`METHOD path` for another verb); anything else is Flex's 404 error body. */
const answers = new Map<string, string>();
const seen: Seen[] = [];

async function bodyOf(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    void bodyOf(req).then((body) => {
      const path = (req.url ?? '').split('?')[0]!;
      seen.push({ method: req.method ?? '', path, body });
      const answer = answers.get(req.method === 'POST' ? path : `${req.method} ${path}`);
      res.writeHead(answer === undefined ? 404 : 200, { 'content-type': 'application/json' });
      res.end(answer ?? JSON.stringify({ error: { code: 'not_found', message: 'Not found' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  answers.clear();
  seen.length = 0;
});

const writes = (path: string) => seen.filter((s) => s.method === 'POST' && s.path === path);

const suite = (client: () => FlexCheckout['client']) => {
  const refundPath = `/v1/checkout/sessions/${SESSION}/refund`;
  const capturePath = `/v1/checkout/sessions/${SESSION}/capture`;

  it('session refund: the documented answer {"refunds":[…]} resolves with those refunds, after one POST', async () => {
    answers.set(refundPath, '{"refunds":[{"refund_id":"fre_1","status":"pending"}]}');
    const answer = await client().checkoutSessions.refund(SESSION, { amount: 500 }, { idempotencyKey: 'refund-docs-1' });
    expect(answer).toEqual({ refunds: [{ refund_id: 'fre_1', status: 'pending' }] });
    expect(answer.checkout_session).toBeUndefined();
    expect(writes(refundPath)).toEqual([{ method: 'POST', path: refundPath, body: { checkout_session: { amount: 500 } } }]);
    expect(seen).toHaveLength(1);
  });

  it('session refund: every documented refund field, extra fields and a null checkout_session are kept as they came', async () => {
    const refund = { refund_id: 'fre_2', status: 'succeeded', reference_id: 'ARN123', reference_status: 'available', undocumented: { x: 1 } };
    answers.set(refundPath, JSON.stringify({ refunds: [refund], checkout_session: null, also: 'kept' }));
    const answer = await client().checkoutSessions.refund(SESSION);
    expect(answer).toEqual({ refunds: [refund], checkout_session: null, also: 'kept' });
    expect(writes(refundPath)).toHaveLength(1);
  });

  it("session refund: an answer wrapped as Flex's others are gives its session's refunds; one with none gives []", async () => {
    const refund = { refund_id: 'fre_3', status: 'pending', reference_id: null, reference_status: 'pending' };
    answers.set(refundPath, JSON.stringify({ checkout_session: { checkout_session_id: SESSION, status: 'complete', refunds: [refund] } }));
    const { refunds } = await client().checkoutSessions.refund(SESSION, { amount: 500 });
    expect(refunds).toEqual([refund]);
    answers.set(refundPath, '{}');
    expect((await client().checkoutSessions.refund(SESSION)).refunds).toEqual([]);
    expect(writes(refundPath)).toHaveLength(2);
  });

  it('webhook registration: the answer Flex does not document, wrapped, bare or empty; secret is null when it holds none', async () => {
    const path = '/v1/webhooks';
    const cases: [string, Record<string, unknown>][] = [
      [
        '{"webhook":{"webhook_id":"fwh_1","url":"https://shop.example/flex/webhooks","secret":"fwhsec_c2VjcmV0"}}',
        { webhook_id: 'fwh_1', secret: 'fwhsec_c2VjcmV0' },
      ],
      ['{"webhook_id":"fwh_2","secret":"whsec_c2VjcmV0"}', { webhook_id: 'fwh_2', secret: 'whsec_c2VjcmV0' }],
      ['{"webhook":{"webhook_id":"fwh_3","url":"https://shop.example/flex/webhooks"}}', { webhook_id: 'fwh_3', secret: null }],
      ['{}', { secret: null }],
      // No body at all: the registration took; its secret is on Flex's dashboard.
      ['', { secret: null }],
    ];
    for (const [text, expected] of cases) {
      answers.set(path, text);
      const created = await client().webhooks.create({ url: 'https://shop.example/flex/webhooks', events: ['checkout.session.completed'] });
      expect(created).toMatchObject(expected);
    }
    expect(writes(path)).toHaveLength(5);
    expect(writes(path)[0]!.body).toEqual({ webhook: { url: 'https://shop.example/flex/webhooks', events: ['checkout.session.completed'] } });
  });

  it('session capture: an answer without a session (its page shows none) resolves as it came, after one POST', async () => {
    for (const text of ['{"allocations":[{"payment_method_id":"fpm_1","last4":"4242","amount":2000}]}', '{"checkout_session":null}', '{}']) {
      answers.set(capturePath, text);
      seen.length = 0;
      const answer = await client().checkoutSessions.capture(SESSION, { amount: 2000 });
      expect(answer).toEqual(JSON.parse(text));
      expect(writes(capturePath)).toHaveLength(1);
      expect(seen).toHaveLength(1);
    }
  });

  it('session capture: a session that is there is still read as every session is (customer as its ID)', async () => {
    answers.set(
      capturePath,
      JSON.stringify({ checkout_session: { checkout_session_id: SESSION, customer: { customer_id: 'fcus_1', email: 'a@example.com' }, status: 'complete' } }),
    );
    const answer = await client().checkoutSessions.capture(SESSION);
    expect(answer.checkout_session).toMatchObject({ checkout_session_id: SESSION, customer: 'fcus_1', status: 'complete' });
    expect(writes(capturePath)).toHaveLength(1);
  });

  it('subscription cancel and dispute close: the answer their pages do not show, wrapped, bare or empty (then read back once)', async () => {
    const subscription = { subscription_id: 'fsub_1', status: 'canceled', cancel_at_period_end: false };
    const subPath = '/v1/subscriptions/fsub_1';
    answers.set(`GET ${subPath}`, JSON.stringify({ subscription: { ...subscription, read: 'back' } }));
    const cases: [string, Record<string, unknown>][] = [
      [JSON.stringify({ subscription }), subscription],
      [JSON.stringify(subscription), subscription],
      ['', { ...subscription, read: 'back' }],
      ['{}', { ...subscription, read: 'back' }],
    ];
    for (const [text, expected] of cases) {
      answers.set(`DELETE ${subPath}`, text);
      seen.length = 0;
      expect(await client().subscriptions.cancel('fsub_1', { refund: 'none' })).toEqual(expected);
      // One cancel, and a read only when the answer held no subscription.
      expect(seen.map((s) => s.method)).toEqual(text.length > 2 ? ['DELETE'] : ['DELETE', 'GET']);
      expect(seen[0]!.body).toEqual({ refund: 'none' });
    }

    const dispute = { dispute_id: 'fdsp_1', status: 'lost' };
    const closePath = '/v1/disputes/fdsp_1/close';
    answers.set('GET /v1/disputes/fdsp_1', JSON.stringify({ dispute: { ...dispute, read: 'back' } }));
    for (const [text, expected] of [
      [JSON.stringify({ dispute }), dispute],
      [JSON.stringify(dispute), dispute],
      ['', { ...dispute, read: 'back' }],
    ] as const) {
      answers.set(closePath, text);
      seen.length = 0;
      expect(await client().disputes.close('fdsp_1')).toEqual(expected);
      expect(writes(closePath)).toHaveLength(1);
      expect(seen).toHaveLength(text ? 1 : 2);
    }
  });

  it('shipping rate update: wrapped or bare gives the rate; an empty answer gives null (Flex documents no read of a rate)', async () => {
    const rate = { shipping_rate_id: 'fshr_1', display_name: 'Ground', amount: 650, active: false, metadata: {} };
    const path = '/v1/shipping_rates/fshr_1';
    for (const [text, expected] of [
      [JSON.stringify({ shipping_rate: rate }), rate],
      [JSON.stringify(rate), rate],
      ['', null],
      ['{}', null],
    ] as const) {
      answers.set(`PUT ${path}`, text);
      seen.length = 0;
      expect(await client().shippingRates.update('fshr_1', { active: false })).toEqual(expected);
      expect(seen).toEqual([{ method: 'PUT', path, body: { shipping_rate: { active: false } } }]);
    }
  });

  it("event retry: the retry page's event (no event_dt, created_at as ISO text) gets event_dt from created_at, wrapped or bare", async () => {
    const at = 1_764_800_000;
    const event = {
      event_id: 'fevt_1',
      event_type: 'customer.created',
      object: { customer: { customer_id: 'fcus_1' } },
      test_mode: true,
      created_at: new Date(at * 1000).toISOString(),
    };
    const path = '/v1/events/fevt_1/retry';
    for (const text of [JSON.stringify({ event }), JSON.stringify(event)]) {
      answers.set(path, text);
      seen.length = 0;
      expect(await client().events.retry('fevt_1', { webhookId: 'fwh_1' })).toEqual({ ...event, event_dt: at });
      expect(writes(path)).toEqual([{ method: 'POST', path, body: { event: { webhook_id: 'fwh_1' } } }]);
    }
    // Neither time, or one that reads as none: the event as it came.
    const bare = { event_id: 'fevt_1', event_type: 'customer.created', object: {}, created_at: 'soon' };
    answers.set(path, JSON.stringify({ event: bare }));
    expect(await client().events.retry('fevt_1')).toEqual(bare);
  });
};

describe('docs-shaped write answers from a docs-only stub', () => {
  describe('createFlexClient', () => suite(() => createFlexClient({ upstream: httpUpstream(`${base}/v1`), apiKey: API_KEY, retryDelayMs: 1 })));

  describe('createFlexCheckout (hosted: sessions are bound)', () => {
    let dir: string;
    let flex: FlexCheckout | undefined;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'flex-docs-shaped-'));
      flex = await createFlexCheckout({
        apiKey: API_KEY,
        apiBase: base,
        checkout: 'hosted',
        database: join(dir, 'server.sqlite'),
        logger: jsonLogger(() => {}),
      });
    });
    afterAll(async () => {
      await flex?.close();
      rmSync(dir, { recursive: true, force: true });
    });
    suite(() => flex!.client);
  });
});

describe('webhookSecret that is no signing secret', () => {
  // A secret read from an answer that held none arrives as "undefined" or "null": base64 both,
  // so without the prefix check every real delivery would be refused 400 with no word at startup.
  it.each(['undefined', 'null', 'c2VjcmV0', 'fwhsec_not base64!'])('refuses %j at startup, naming the setting and never the value', async (secret) => {
    const dir = mkdtempSync(join(tmpdir(), 'flex-docs-secret-'));
    try {
      const started = createFlexCheckout({
        apiKey: API_KEY,
        apiBase: base,
        checkout: 'hosted',
        webhookSecret: secret,
        database: join(dir, 'server.sqlite'),
        logger: jsonLogger(() => {}),
      });
      const error = await started.then(
        async (flex) => {
          await flex.close();
          return null;
        },
        (e: unknown) => e as Error,
      );
      expect(error?.message).toBe(
        'The webhook secret is not a Flex webhook secret (fwhsec_ or whsec_ followed by base64): set webhookSecret to the signing secret Flex gave for this webhook endpoint',
      );
      expect(error?.message).not.toContain(secret);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
