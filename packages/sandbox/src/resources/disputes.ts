import { DisputeListFilters, DisputeOpenRequest, DisputeUpdateRequest, type Dispute } from '@flex-checkout/protocol';
import { Hono, type Context } from 'hono';
import { lockPayment, type MoneyContext } from '../money/charges.js';
import { closeDispute, openDispute, updateDispute } from '../money/disputes.js';
import { disputes } from '../money/store.js';
import type { SandboxEnv } from '../http/env.js';
import { notFound } from '../http/errors.js';
import { parseBody, parseQuery } from '../http/validate.js';
import { listPage } from './lists.js';

const money = (c: Context<SandboxEnv>): MoneyContext => ({ db: c.var.db, dialect: c.var.store.dialect, now: c.var.now });

async function found(c: Context<SandboxEnv>): Promise<Dispute> {
  const id = c.req.param('dispute_id')!;
  const dispute = await disputes.get(c.var.db, id);
  if (!dispute) throw notFound(['path', 'dispute_id'], 'dispute', id);
  return dispute;
}

/** The dispute in the path, locked after its payment (the order every money movement takes). */
async function locked(c: Context<SandboxEnv>): Promise<Dispute> {
  const seen = await found(c);
  await lockPayment(money(c), seen.payment_intent_id, ['path', 'dispute_id']);
  return (await disputes.getForUpdate(c.var.db, c.var.store.dialect, seen.dispute_id))!;
}

/**
 * `/v1/disputes`, as Flex documents them: list (by `charge`, `payment_intent`, `statuses`;
 * 20 a page), read, save or submit evidence, and close (concede).
 */
export const disputeRoutes = new Hono<SandboxEnv>()
  .get('/', (c) => {
    const filters = parseQuery(c, DisputeListFilters.loose());
    return listPage(
      c,
      disputes,
      'disputes',
      'dispute',
      { charge_id: filters.charge, payment_intent_id: filters.payment_intent, status: filters.statuses },
      undefined,
      undefined,
      20,
    );
  })
  .get('/:dispute_id', async (c) => c.json({ dispute: await found(c) }))
  .post('/:dispute_id', async (c) => {
    const { dispute: changes } = await parseBody(c, DisputeUpdateRequest);
    return c.json({ dispute: await updateDispute(money(c), await locked(c), changes) });
  })
  .post('/:dispute_id/close', async (c) => c.json({ dispute: await closeDispute(money(c), await locked(c)) }));

/** `POST /v1/test_helpers/disputes`: the cardholder disputes a charge (a test control, both profiles). */
export const disputeTestHelperRoutes = new Hono<SandboxEnv>().post('/', async (c) => {
  const input = await parseBody(c, DisputeOpenRequest);
  const { pi, session } = await lockPayment(money(c), input.payment_intent, ['body', 'payment_intent']);
  return c.json({ dispute: await openDispute(money(c), { pi, session, amount: input.amount, reason: input.reason }) });
});
