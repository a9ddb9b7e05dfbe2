import { SubscriptionCancelRequest, SubscriptionCreateRequest, SubscriptionListFilters, SubscriptionUpdateRequest } from '@flex-checkout/protocol';
import { presentSubscription, type StoredInvoice, type StoredSubscription } from '../billing/shapes.js';
import { createSubscription } from '../billing/create-subscription.js';
import { applySubscriptionUpdate } from '../billing/update-subscription.js';
import { lockPayment } from '../money/charges.js';
import { createRefund } from '../money/refunds.js';
import { Hono, type Context } from 'hono';
import type { BillingContext } from '../billing/context.js';
import { subscriptions } from '../billing/store.js';
import { endSubscription, lockSubscription, saveSubscription } from '../billing/subscriptions.js';
import { conflict, invalid, notFound } from '../http/errors.js';
import type { SandboxEnv } from '../http/env.js';
import { parseBody, parseQuery } from '../http/validate.js';
import { expands, listPage, mustGet } from './lists.js';
import { customers, usableDefault } from './customers.js';

const billing = (c: Context<SandboxEnv>): BillingContext => ({ db: c.var.db, dialect: c.var.store.dialect, now: c.var.now });

/** The subscription in the path, locked for the rest of the request; 404 when there is none. */
async function locked(c: Context<SandboxEnv>): Promise<StoredSubscription> {
  const id = c.req.param('id')!;
  const subscription = await lockSubscription(billing(c), id);
  if (!subscription) throw notFound(['path', 'id'], 'subscription', id);
  return subscription;
}

/**
 * `DELETE /v1/subscriptions/{id}` (body optional): ends it now, or with
 * `cancel_at_period_end: true` at the end of the period; `refund_amount` refunds that much of
 * its latest paid invoice (Flex's `refund`/`refund_amount`; only `"none"` is a documented token).
 */
async function cancel(c: Context<SandboxEnv>): Promise<Response> {
  const body = await parseBody(c, SubscriptionCancelRequest);
  const subscription = await locked(c);
  if (subscription.status === 'canceled') throw conflict(['path', 'id'], 'This subscription is already canceled');
  if (body.refund_amount !== undefined) await refundLatestInvoice(c, subscription, body.refund_amount);
  if (body.cancel_at_period_end) {
    return c.json({ subscription: presentSubscription(await saveSubscription(billing(c), subscription, { ...subscription, cancel_at_period_end: true })) });
  }
  return c.json({ subscription: presentSubscription(await endSubscription(billing(c), subscription, 'requested')) });
}

async function refundLatestInvoice(c: Context<SandboxEnv>, subscription: StoredSubscription, amount: number): Promise<void> {
  const loc = ['body', 'refund_amount'];
  const rows = await c.var.db
    .selectFrom('invoices')
    .select('data')
    .where('subscription_id', '=', subscription.subscription_id)
    .where('status', '=', 'paid')
    .orderBy('id', 'desc')
    .limit(1)
    .execute();
  const invoice = rows[0] ? (JSON.parse(rows[0].data) as StoredInvoice) : undefined;
  if (!invoice?.payment_intent) throw invalid(loc, 'This subscription has no paid invoice to refund');
  const ctx = { ...billing(c) };
  const { pi, session } = await lockPayment(ctx, invoice.payment_intent, loc);
  await createRefund(ctx, {
    pi,
    session,
    plan: { amount, items: [{ line_item_id: null, product: null, price: null, amount }] },
    reason: 'requested_by_customer',
    loc,
  });
}

/** Changes the card, the items, the trial, when it ends, the coupon or metadata (`PATCH /v1/subscriptions/{id}`; billing/update-subscription.ts). */
async function update(c: Context<SandboxEnv>): Promise<Response> {
  const { subscription: changes } = await parseBody(c, SubscriptionUpdateRequest);
  const subscription = await locked(c);
  if (subscription.status === 'canceled') throw conflict(['path', 'id'], 'This subscription is canceled and can no longer change');
  if (changes.default_payment_method) {
    await usableDefault(c.var.db, subscription.customer, changes.default_payment_method, ['body', 'subscription', 'default_payment_method']);
  }
  const updated = await saveSubscription(billing(c), subscription, await applySubscriptionUpdate(billing(c), subscription, changes));
  return c.json({ subscription: presentSubscription(updated) });
}

/**
 * `/v1/subscriptions`: made by completed `subscription` sessions, renewed by the clock.
 * Updates change the card renewals charge and whether it renews at all; cancel ends it now.
 */
export const subscriptionRoutes = new Hono<SandboxEnv>()
  .post('/', async (c) => {
    const { subscription: input } = await parseBody(c, SubscriptionCreateRequest);
    return c.json({ subscription: presentSubscription(await createSubscription(billing(c), input)) });
  })
  .get('/', (c) => {
    const filters = parseQuery(c, SubscriptionListFilters.loose());
    // `expand_customer=true` (or `expand=customer`) answers each subscription's customer whole, as Flex documents.
    const expand = expands(c, 'customer');
    return listPage(c, subscriptions, 'subscriptions', 'subscription', { customer_id: filters.customer, status: filters.status }, async (s) => {
      const shown = presentSubscription(s);
      return expand ? { ...shown, customer: (await customers.get(c.var.db, s.customer)) ?? s.customer } : shown;
    });
  })
  .get('/:id', async (c) => c.json({ subscription: presentSubscription(await mustGet(c, subscriptions, 'subscription', c.req.param('id'))) }))
  .patch('/:id', update)
  .delete('/:id', cancel);

/** The sandbox's extension: POST to update and `POST …/cancel` (Flex documents PATCH and DELETE). */
export const subscriptionExtensionRoutes = new Hono<SandboxEnv>().post('/:id', update).post('/:id/cancel', cancel);
