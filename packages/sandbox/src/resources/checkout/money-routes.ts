import {
  RefundAllocationRequest,
  SessionActionRequest,
  SessionCaptureRequest,
  SessionRefundRequest,
  type CheckoutSession,
  type PaymentIntent,
} from '@flex-checkout/protocol';
import { Hono, type Context } from 'hono';
import { captureSession, cancelAuthorization, lapseAuthorization, previewCapture, reauthorize } from '../../money/captures.js';
import { lockSessionPayment, type MoneyContext } from '../../money/charges.js';
import { allocate, createRefund, planSessionRefund } from '../../money/refunds.js';
import { ApiError, invalid } from '../../http/errors.js';
import type { SandboxEnv } from '../../http/env.js';
import { parseBody } from '../../http/validate.js';
import { present } from './present.js';
import { settleExpiry } from './store.js';

const money = (c: Context<SandboxEnv>): MoneyContext => ({ db: c.var.db, dialect: c.var.store.dialect, now: c.var.now });

/** The session in the path and its payment intent, locked; a lapsed authorization is settled first. */
async function locked(c: Context<SandboxEnv>): Promise<{ session: CheckoutSession; pi: PaymentIntent | null }> {
  const { session, pi } = await lockSessionPayment(money(c), c.req.param('id')!);
  const current = await settleExpiry(c.var.db, session, c.var.now);
  return { session: current, pi: pi && (await lapseAuthorization(money(c), pi)) };
}

/** A completed session with a payment to refund, or Flex's "Checkout Session Not Complete" (422). */
function paid(session: CheckoutSession, pi: PaymentIntent | null): PaymentIntent {
  if (session.status !== 'complete') throw invalid(['path', 'id'], 'Checkout Session Not Complete: only a completed session can be refunded');
  if (!pi) throw invalid(['path', 'id'], 'This checkout session took no payment (it saved a card): there is nothing to refund');
  return pi;
}

/**
 * A session's money after checkout, as Flex documents it: refund it (whole, by lines or by an
 * amount) and preview how a refund splits across its cards; for `capture_method: "manual"`,
 * capture what was authorized (once or in parts), preview the split, renew the authorization
 * or release it. Every change locks the session and its payment intent first.
 */
export const checkoutSessionMoneyRoutes = new Hono<SandboxEnv>()
  .post('/:id/refund', async (c) => {
    const input = (await parseBody(c, SessionRefundRequest)).checkout_session ?? {};
    const { session, pi } = await locked(c);
    const intent = paid(session, pi);
    const plan = await planSessionRefund(money(c), session, intent, input);
    const made = await createRefund(money(c), {
      pi: intent,
      session,
      plan,
      reason: input.reason ?? null,
      metadata: input.refund_metadata ?? null,
      loc: ['body', 'checkout_session'],
    });
    return c.json({ checkout_session: present(c, made.session!), refunds: [made.refund] });
  })
  .post('/:id/refund_allocation', async (c) => {
    const input = (await parseBody(c, RefundAllocationRequest)).checkout_session ?? {};
    const { session, pi } = await locked(c);
    const intent = paid(session, pi);
    const { payment_methods, ...fields } = input;
    const plan = await planSessionRefund(money(c), session, intent, fields);
    return c.json(await allocate(money(c), intent, plan.amount, payment_methods, ['body', 'checkout_session']));
  })
  .post('/:id/capture', async (c) => {
    const input = (await parseBody(c, SessionCaptureRequest)).checkout_session ?? { final_capture: true };
    const { session, pi } = await locked(c);
    const made = await captureSession(money(c), session, pi, input);
    return c.json({ checkout_session: present(c, made.session), capture: made.capture });
  })
  .post('/:id/capture_allocation', async (c) => {
    const input = (await parseBody(c, SessionCaptureRequest)).checkout_session ?? { final_capture: true };
    const { session, pi } = await locked(c);
    const preview = previewCapture(session, pi, input);
    return c.json(await allocate(money(c), preview.pi, preview.plan.amount, undefined, ['body', 'checkout_session']));
  })
  .post('/:id/reauth', async (c) => {
    await parseBody(c, SessionActionRequest);
    const { session, pi } = await locked(c);
    return c.json({ checkout_session: present(c, await reauthorize(money(c), session, pi)) });
  })
  .post('/:id/cancel', async (c) => {
    await parseBody(c, SessionActionRequest);
    const { session, pi } = await locked(c);
    if (session.status === 'open') throw ApiError.one(409, ['path', 'id'], 'This checkout session is still open: nothing is authorized yet', 'conflict');
    return c.json({ checkout_session: present(c, await cancelAuthorization(money(c), session, pi)) });
  });
