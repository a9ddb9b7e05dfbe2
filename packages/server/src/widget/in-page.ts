import { createHash } from 'node:crypto';
import {
  ApiError,
  ConfirmRequest,
  ConsultationSubmitRequest,
  CustomerDetailsRequest,
  PromotionCodeRequest,
  ShippingDetailsRequest,
  WidgetAnswers,
  fromZod,
} from '@flex-checkout/protocol';
import type { Context } from 'hono';
import type { z } from 'zod';
import type { ServerStore } from '../storage/open.js';
import { readUpstream, type Upstream } from '../upstream.js';
import { confirmOnce } from './confirm-store.js';
import { refusedSecret } from './secret.js';

/**
 * The in-page checkout's calls: each forwarded once to the upstream's browser API
 * (`/v1/client/checkout_sessions/{id}/…`) with the shopper's client secret, the answer let
 * through only as the widget's contract (protocol's WidgetAnswers) describes it.
 */
export function inPageCalls(upstream: Upstream, store: ServerStore, apiKey: string, readTimeoutMs: number) {
  const forward = async (c: Context, secret: string, suffix: string, init: { method: string; body?: string; idempotencyKey?: string }) => {
    const id = c.req.param('id')!;
    const headers: Record<string, string> = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
    if (init.idempotencyKey) headers['idempotency-key'] = init.idempotencyKey;
    // The shopper's language: the upstream writes the questionnaire and reasons in it.
    const language = c.req.header('accept-language');
    if (language) headers['accept-language'] = language;
    const res = await upstream.fetch(
      `/v1/client/checkout_sessions/${encodeURIComponent(id)}${suffix}`,
      {
        method: init.method,
        headers,
        ...(init.body !== undefined ? { body: init.body } : {}),
        // A read a shopper waits on gives up sooner than a write, which may be charging a card.
        ...(init.method === 'GET' ? { signal: AbortSignal.timeout(readTimeoutMs) } : {}),
      },
      new URL(c.req.url).origin,
    );
    const read = await readUpstream<unknown>(res);
    // A wrong secret and a session that does not exist answer alike (see refusedSecret).
    if (read.status === 401 || read.status === 404) throw refusedSecret();
    return { ...read, language: res.headers.get('content-language') };
  };

  /** Lets an answer through as its schema says; an error answer passes in the one error shape. */
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

  return {
    session: async (c: Context, secret: string) => answer(c, WidgetAnswers.session, await forward(c, secret, '', { method: 'GET' })),
    async status(c: Context, secret: string) {
      // The cheap read the widget polls after a lost connection: where the payment stands.
      const result = await forward(c, secret, '', { method: 'GET' });
      if (result.status >= 400) return c.json(result.body as object, result.status as 400);
      const session = WidgetAnswers.inPageSession.parse(result.body).checkout_session;
      return c.json(WidgetAnswers.status.parse({ status: session.status, payment_intent: session.payment_intent, completion: session.completion }));
    },
    questionnaire: async (c: Context, secret: string) => answer(c, WidgetAnswers.questionnaire, await forward(c, secret, '/questionnaire', { method: 'GET' })),
    consultation: async (c: Context, secret: string) =>
      answer(c, WidgetAnswers.consultation, await forward(c, secret, '/consultation', { method: 'POST', body: await body(c, ConsultationSubmitRequest) })),
    details: async (c: Context, secret: string) =>
      answer(c, WidgetAnswers.inPageSession, await forward(c, secret, '/customer_details', { method: 'POST', body: await body(c, CustomerDetailsRequest) })),
    /** The address step, when the session collects a shipping address. */
    shippingDetails: async (c: Context, secret: string) =>
      answer(c, WidgetAnswers.inPageSession, await forward(c, secret, '/shipping_details', { method: 'POST', body: await body(c, ShippingDetailsRequest) })),
    /** A promo code the shopper typed (`{code: null}` removes it): the upstream prices the session again. */
    promotionCode: async (c: Context, secret: string) =>
      answer(c, WidgetAnswers.inPageSession, await forward(c, secret, '/promotion_code', { method: 'POST', body: await body(c, PromotionCodeRequest) })),
    async confirm(c: Context, secret: string) {
      const id = c.req.param('id')!;
      const key = c.req.header('idempotency-key');
      if (!key || !/^[\x21-\x7e]{8,255}$/.test(key)) {
        throw ApiError.one(
          400,
          ['header', 'idempotency-key'],
          'Each confirm attempt needs an Idempotency-Key (8 to 255 printable characters), reused when the attempt is retried',
          'missing',
        );
      }
      const payload = await body(c, ConfirmRequest);
      // The key is claimed only once the secret is known good: a stranger's wrong secret must
      // not leave an answer stored under the shopper's key.
      await forward(c, secret, '', { method: 'GET' });
      const scoped = `${id}:${key}`;
      const fingerprint = createHash('sha256').update(`${id}\n${payload}`).digest('hex');
      const stored = await confirmOnce(store, scoped, fingerprint, async () => {
        const result = await forward(c, secret, '/confirm', { method: 'POST', body: payload, idempotencyKey: scoped });
        const checked = result.status >= 400 ? result.body : WidgetAnswers.confirm.parse(result.body);
        return { status: result.status, body: JSON.stringify(checked) };
      });
      if (stored.replayed) c.header('idempotent-replayed', 'true');
      return c.body(stored.body, stored.status as 200, { 'content-type': 'application/json' });
    },
    async cancel(c: Context, secret: string) {
      // The shopper gave up: the session is expired (by the secret key, which only this
      // server holds), so no stale intent can ever be confirmed afterwards.
      const id = c.req.param('id')!;
      const current = await forward(c, secret, '', { method: 'GET' });
      if (current.status >= 400) return c.json(current.body as object, current.status as 400);
      const expired = await readUpstream<unknown>(
        await upstream.fetch(
          `/v1/checkout/sessions/${encodeURIComponent(id)}/expire`,
          { method: 'POST', headers: { authorization: `Bearer ${apiKey}` } },
          new URL(c.req.url).origin,
        ),
      );
      if (expired.status >= 400 && expired.status !== 409) return c.json(expired.body as object, expired.status as 400);
      return answer(c, WidgetAnswers.session, await forward(c, secret, '', { method: 'GET' }));
    },
  };
}

/** The request's JSON body, validated by the protocol schema, as the text to forward. */
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
