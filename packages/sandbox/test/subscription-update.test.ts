import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { useSandbox, type SandboxHarness } from '../../../test/support/sandbox.js';
import { checkoutOnSession, createPrice } from '../../../test/support/checkout.js';
import { advanceTo, DAY_S, getInvoice, getSubscription, iso, must, secs } from './support/billing.js';

describeEachDatabase('PATCH /v1/subscriptions/{id} with the fields Flex documents', (kind) => {
  const sandbox = useSandbox(kind);
  const call = (...args: Parameters<SandboxHarness['call']>) => sandbox.call(...args);
  const patch = (id: string, subscription: Record<string, unknown>) => call('PATCH', `/v1/subscriptions/${id}`, { body: { subscription } });
  const monthly = (name: string, unit_amount: number, extra: Record<string, unknown> = {}) =>
    createPrice(call, { visit_type: null, hsa_fsa_eligibility: 'not_eligible', name }, { unit_amount, recurring: { interval: 'monthly', ...extra } });

  it('trial_end "now" ends the trial; the first renewal charges at once', async () => {
    const plan = await monthly('Trial plan', 1000, { trial_period_days: 14 });
    const done = await checkoutOnSession(call, { mode: 'subscription', line_items: [{ price: plan.price_id }] });
    const ended = must(await patch(done.subscription, { trial_end: 'now', proration_behavior: 'none' }), 'patch').subscription;
    expect(ended).toMatchObject({ status: 'trialing', proration_behavior: 'none', trial_end: ended.current_period_end });
    // Past the trial's end by a margin: "now" was a second of the sandbox's clock, which goes on
    // running, so a second after it may already be behind the clock on a busy machine.
    await advanceTo(call, secs(ended.trial_end) + 60);
    const active = await getSubscription(call, done.subscription);
    expect(active.status).toBe('active');
    expect(await getInvoice(call, active.latest_invoice)).toMatchObject({ status: 'paid', total: 1000 });
    expect((await patch(done.subscription, { trial_end: 'now' })).status).toBe(409);
  });

  it('new items and a coupon bill from the next period; cancel_at ends it when its time comes', async () => {
    const basic = await monthly('Basic', 2000);
    const plus = await monthly('Plus', 3000);
    const done = await checkoutOnSession(call, { mode: 'subscription', line_items: [{ price: basic.price_id }] });
    const coupon = must(await call('POST', '/v1/coupons', { body: { coupon: { percent_off: 50, duration: 'once' } } }), 'coupon').coupon;
    const changed = must(
      await patch(done.subscription, { items: [{ price: plus.price_id }], coupon: coupon.coupon_id, proration_behavior: 'always_invoice' }),
      'patch',
    ).subscription;
    expect(changed).toMatchObject({ amount: 3000, items: [{ price: plus.price_id }], discount: { coupon: { coupon_id: coupon.coupon_id } } });
    await advanceTo(call, changed.current_period_end);
    const renewed = await getSubscription(call, done.subscription);
    expect(await getInvoice(call, renewed.latest_invoice)).toMatchObject({ subtotal: 3000, amount_discount: 1500, total: 1500 });
    await advanceTo(call, renewed.current_period_end);
    const third = await getSubscription(call, done.subscription);
    expect((await getInvoice(call, third.latest_invoice)).total).toBe(3000);

    const cancelAt = secs(third.current_period_start) + 10 * DAY_S;
    expect(must(await patch(done.subscription, { cancel_at: cancelAt }), 'cancel_at').subscription.cancel_at).toBe(iso(cancelAt));
    await advanceTo(call, cancelAt + 1);
    expect(await getSubscription(call, done.subscription)).toMatchObject({ status: 'canceled', ended_at: iso(cancelAt), cancellation_reason: 'requested' });
  });

  it('refuses what cannot apply, in the error shape, changing nothing', async () => {
    const basic = await monthly('Refused', 2000);
    const yearly = await createPrice(
      call,
      { visit_type: null, hsa_fsa_eligibility: 'not_eligible', name: 'Yearly' },
      { unit_amount: 9000, recurring: { interval: 'yearly' } },
    );
    const done = await checkoutOnSession(call, { mode: 'subscription', line_items: [{ price: basic.price_id }] });
    const before = await getSubscription(call, done.subscription);
    expect((await patch(done.subscription, { items: [{ price: yearly.price_id }] })).status).toBe(422);
    expect((await patch(done.subscription, { cancel_at: 1 })).status).toBe(422);
    expect((await patch(done.subscription, { trial_end: 'later' })).status).toBe(422);
    expect((await patch(done.subscription, { proration_behavior: 'sometimes' })).status).toBe(422);
    expect((await patch(done.subscription, { coupon: 'fcoup_00000000000000000000000001' })).status).toBe(404);
    expect(await getSubscription(call, done.subscription)).toEqual(before);
  });
});
