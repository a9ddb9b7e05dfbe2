import { createHash } from 'node:crypto';
import {
  ApiError,
  ClientSession,
  ConfirmRequest,
  ConsultationSubmitRequest,
  CustomerDetailsRequest,
  fromZod,
} from '@flex-checkout/protocol';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { ServerStore } from '../storage/open.js';
import { readUpstream, type Upstream } from '../upstream.js';
import { confirmOnce } from './confirm-store.js';
import { clientSecretFor } from './secret.js';

export interface WidgetRouteOptions {
  upstream: Upstream;
  store: ServerStore;
  /** The merchant's secret key: used here only to cancel (expire) a session. */
  apiKey: string;
}

/** What each answer may hold, so nothing the upstream adds leaks to the browser unchecked. */
const Answers = {
  session: z.object({ checkout_session: ClientSession }),
  consultation: z.object({
    consultation: z.object({ consultation_id: z.string(), status: z.string(), reason: z.string().nullable(), letter: z.unknown() }),
    checkout_session: ClientSession,
  }),
  questionnaire: z.object({ questionnaire: z.unknown() }),
  confirm: z.object({
    status: z.enum(['complete', 'requires_action']),
    next_action: z.object({ client_secret: z.string() }).nullable(),
    checkout_session: ClientSession,
  }),
};

async function body<S extends z.ZodType>(c: Context, schema: S): Promise<string> {
  const text = await c.req.text();
  let json: unknown;
  try {
    json = JSON.parse(text || '{}');
  } catch {
    throw ApiError.one(400, ['body'], 'The body is not valid JSON', 'json_invalid');
  }
  const parsed = schema.safeParse(json, { reportInput: true });
  // zod's messages never quote the value, so health answers stay out of error messages.
  if (!parsed.success) throw fromZod(parsed.error, 'body');
  return JSON.stringify(parsed.data);
}

/**
 * The widget's routes (mounted under the prefix, `/flex` by default). Every call carries the
 * session's client secret and may touch that session only; the secret key never leaves
 * this process. Bodies are validated here, forwarded once, and never logged.
 */
export function widgetRoutes({ upstream, store, apiKey }: WidgetRouteOptions): Hono {
  const forward = async (c: Context, suffix: string, init: { method: string; body?: string; idempotencyKey?: string }) => {
    const id = c.req.param('id')!;
    const secret = clientSecretFor(c.req.header('authorization'), id);
    const headers: Record<string, string> = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
    if (init.idempotencyKey) headers['idempotency-key'] = init.idempotencyKey;
    // The shopper's language: the upstream writes the questionnaire and reasons in it.
    const language = c.req.header('accept-language');
    if (language) headers['accept-language'] = language;
    const res = await upstream.fetch(
      `/v1/client/checkout_sessions/${id}${suffix}`,
      { method: init.method, headers, ...(init.body !== undefined ? { body: init.body } : {}) },
      new URL(c.req.url).origin,
    );
    return { ...(await readUpstream<unknown>(res)), language: res.headers.get('content-language') };
  };
  const answer = <S extends z.ZodType>(c: Context, schema: S, result: { status: number; body: unknown; language?: string | null }) => {
    let body = result.body;
    if (result.status < 400) {
      const safe = schema.safeParse(result.body);
      if (!safe.success) throw ApiError.one(502, [], 'The payment service answered in a way we could not read. Try again in a moment.', 'api_error');
      body = safe.data;
    }
    // What the upstream wrote depends on the shopper's Accept-Language; it says which language it used.
    c.header('Vary', 'Accept-Language', { append: true });
    if (result.language) c.header('Content-Language', result.language);
    return c.json(body as object, result.status as 200);
  };

  return new Hono()
    .get('/sessions/:id', async (c) => answer(c, Answers.session, await forward(c, '', { method: 'GET' })))
    .get('/sessions/:id/status', async (c) => {
      // The cheap read the widget polls after a lost connection: where the payment stands.
      const result = await forward(c, '', { method: 'GET' });
      if (result.status >= 400) return c.json(result.body as object, result.status as 400);
      const session = Answers.session.parse(result.body).checkout_session;
      return c.json({ status: session.status, payment_intent: session.payment_intent, completion: session.completion });
    })
    .get('/sessions/:id/questionnaire', async (c) => answer(c, Answers.questionnaire, await forward(c, '/questionnaire', { method: 'GET' })))
    .post('/sessions/:id/consultation', async (c) =>
      answer(c, Answers.consultation, await forward(c, '/consultation', { method: 'POST', body: await body(c, ConsultationSubmitRequest) })),
    )
    .post('/sessions/:id/details', async (c) =>
      answer(c, Answers.session, await forward(c, '/customer_details', { method: 'POST', body: await body(c, CustomerDetailsRequest) })),
    )
    .post('/sessions/:id/confirm', async (c) => {
      const id = c.req.param('id');
      clientSecretFor(c.req.header('authorization'), id);
      const key = c.req.header('idempotency-key');
      if (!key || !/^[\x21-\x7e]{8,255}$/.test(key)) {
        throw ApiError.one(400, ['header', 'idempotency-key'], 'Each confirm attempt needs an Idempotency-Key (8 to 255 printable characters), reused when the attempt is retried', 'missing');
      }
      const payload = await body(c, ConfirmRequest);
      const scoped = `${id}:${key}`;
      const fingerprint = createHash('sha256').update(`${id}\n${payload}`).digest('hex');
      const stored = await confirmOnce(store, scoped, fingerprint, async () => {
        const result = await forward(c, '/confirm', { method: 'POST', body: payload, idempotencyKey: scoped });
        const checked = result.status >= 400 ? result.body : Answers.confirm.parse(result.body);
        return { status: result.status, body: JSON.stringify(checked) };
      });
      if (stored.replayed) c.header('idempotent-replayed', 'true');
      return c.body(stored.body, stored.status as 200, { 'content-type': 'application/json' });
    })
    .post('/sessions/:id/cancel', async (c) => {
      // The shopper gave up: the session is expired (by the secret key, which only this
      // server holds), so no stale intent can ever be confirmed afterwards.
      const id = c.req.param('id');
      const current = await forward(c, '', { method: 'GET' });
      if (current.status >= 400) return c.json(current.body as object, current.status as 400);
      const expired = await readUpstream<unknown>(
        await upstream.fetch(`/v1/checkout/sessions/${id}/expire`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}` } }, new URL(c.req.url).origin),
      );
      if (expired.status >= 400 && expired.status !== 409) return c.json(expired.body as object, expired.status as 400);
      return answer(c, Answers.session, await forward(c, '', { method: 'GET' }));
    });
}
