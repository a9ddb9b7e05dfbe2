import { RefundCreateRequest, RefundListFilters } from '@flex-checkout/protocol';
import { Hono } from 'hono';
import { lockPayment } from '../money/charges.js';
import { createRefund, refundableOf } from '../money/refunds.js';
import { refunds } from '../money/store.js';
import type { SandboxEnv } from '../http/env.js';
import { parseBody, parseQuery } from '../http/validate.js';
import { listPage, mustGet } from './lists.js';

/**
 * `/v1/refunds`: refund a payment by its payment intent (a session's, or an invoice's), and
 * read refunds, as Flex documents them (lists default to 20).
 */
export const refundRoutes = new Hono<SandboxEnv>()
  .post('/', async (c) => {
    const { refund: input } = await parseBody(c, RefundCreateRequest);
    const ctx = { db: c.var.db, dialect: c.var.store.dialect, now: c.var.now };
    const { pi, session } = await lockPayment(ctx, input.payment_intent_id, ['body', 'refund', 'payment_intent_id']);
    const amount = input.amount ?? Math.max(0, await refundableOf(ctx, pi));
    const made = await createRefund(ctx, {
      pi,
      session,
      plan: { amount, items: [{ line_item_id: null, product: null, price: null, amount }] },
      reason: input.reason ?? null,
      metadata: input.metadata ?? null,
      loc: ['body', 'refund', input.amount !== undefined ? 'amount' : 'payment_intent_id'],
    });
    return c.json({ refund: made.refund });
  })
  .get('/', (c) => {
    const filters = parseQuery(c, RefundListFilters.loose());
    return listPage(
      c,
      refunds,
      'refunds',
      'refund',
      { status: filters.status, payment_intent_id: filters.payment_intent, checkout_session_id: filters.checkout_session },
      undefined,
      undefined,
      20,
    );
  })
  .get('/:id', async (c) => c.json({ refund: await mustGet(c, refunds, 'refund', c.req.param('id')) }));
