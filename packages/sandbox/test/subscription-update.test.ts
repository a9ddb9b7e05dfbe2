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

  it('gives each item the fields Flex documents; an item whose price stays keeps its ID, one stored without them is given the same ID on every read', async () => {
    const basic = await monthly('Itemized', 2000);
    const plus = await monthly('Itemized plus', 500);
    const done = await checkoutOnSession(call, { mode: 'subscription', line_items: [{ price: basic.price_id }] });
    const before = await getSubscription(call, done.subscription);
    const [first] = before.items;
    expect(first).toMatchObject({
      subscription_item_id: expect.stringMatching(/^fsi_[0-9A-HJKMNP-TV-Z]{26}$/),
      price: basic.price_id,
      quantity: 1,
      created_at: before.created_at,
      updated_at: before.created_at,
      test_mode: true,
    });
    // A second price added beside the first: the first item is the same item; the new one is new.
    const changed = must(await patch(done.subscription, { items: [{ price: basic.price_id }, { price: plus.price_id }] }), 'patch').subscription;
    expect(changed.items[0]).toEqual(first);
    expect(changed.items[1].subscription_item_id).not.toBe(first.subscription_item_id);
    expect(changed.items[1].subscription_item_id).toMatch(/^fsi_/);
    // The renewal's invoice lines are the prices billed, not the items.
    await advanceTo(call, changed.current_period_end);
    const renewed = await getSubscription(call, done.subscription);
    const invoice = await getInvoice(call, renewed.latest_invoice);
    expect(invoice.total).toBe(2500);
    for (const line of invoice.lines) expect(line).not.toHaveProperty('subscription_item_id');

    // A subscription stored before items had IDs: the same made-up ID on each read and after an update that keeps it.
    const row = await sandbox.db.store.db.selectFrom('subscriptions').select('data').where('id', '=', done.subscription).executeTakeFirstOrThrow();
    const stored = JSON.parse(row.data);
    for (const item of stored.items) for (const key of ['subscription_item_id', 'created_at', 'updated_at', 'test_mode']) delete item[key];
    await sandbox.db.store.db
      .updateTable('subscriptions')
      .set({ data: JSON.stringify(stored) })
      .where('id', '=', done.subscription)
      .execute();
    const legacy = await getSubscription(call, done.subscription);
    expect(legacy.items.map((i: { subscription_item_id: string }) => i.subscription_item_id)).toEqual([
      expect.stringMatching(/^fsi_[0-9A-HJKMNP-TV-Z]{26}$/),
      expect.stringMatching(/^fsi_[0-9A-HJKMNP-TV-Z]{26}$/),
    ]);
    expect(new Set(legacy.items.map((i: { subscription_item_id: string }) => i.subscription_item_id)).size).toBe(2);
    expect(legacy.items[0]).toMatchObject({ created_at: legacy.created_at, updated_at: legacy.created_at, test_mode: true });
    expect(await getSubscription(call, done.subscription)).toEqual(legacy);
    const kept = must(await patch(done.subscription, { items: [{ price: plus.price_id }] }), 'patch legacy').subscription;
    expect(kept.items).toHaveLength(1);
    expect(kept.items[0].subscription_item_id).toBe(legacy.items[1].subscription_item_id);
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
