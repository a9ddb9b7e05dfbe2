import { beforeAll, expect, it } from 'vitest';
import { ClientSession } from '@flex-checkout/protocol';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { useSandbox } from '../../../test/support/sandbox.js';
import { CARDS, browserOf, createPrice, createSession, tokenFor } from '../../../test/support/checkout.js';

/**
 * Review finding 13 (issue 15): "due today" was worked out twice, by different rules. For a
 * subscription with a free trial and a one-time line, the element showed "$0 due" and "Start
 * free trial" while the sandbox charged the one-time line. The client view now carries the
 * amount the confirm charges (`amount_due_now`), computed by the confirm's own function.
 */
describeEachDatabase('finding 13: the client view says what the confirm charges now (amount_due_now)', (kind) => {
  const sandbox = useSandbox(kind);
  let trialPrice: string;
  let monthlyPrice: string;
  let oneTime: string;

  beforeAll(async () => {
    const product = { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation' };
    trialPrice = (
      await createPrice(sandbox.call, { ...product, name: 'Vitamin box' }, { unit_amount: 2500, recurring: { interval: 'monthly', trial_period_days: 14 } })
    ).price_id;
    monthlyPrice = (await createPrice(sandbox.call, { ...product, name: 'Sleep coaching' }, { unit_amount: 3000, recurring: { interval: 'monthly' } }))
      .price_id;
    oneTime = (await createPrice(sandbox.call, { ...product, name: 'Starter kit' }, { unit_amount: 1200 })).price_id;
  });

  /** The view, paid with 4242: what it said was due, and what the confirm charged. */
  async function dueAndCharged(body: Record<string, unknown>) {
    const session = await createSession(sandbox.call, body);
    const browser = browserOf(sandbox.call, session);
    const view = ClientSession.parse((await browser.view()).body.checkout_session);
    expect((await browser.details({ email: 'due@example.com', first_name: 'Dee', last_name: 'Due' })).status).toBe(200);
    const confirmed = await browser.confirm(await tokenFor(sandbox.call, CARDS.visa));
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    const completion = ClientSession.parse(confirmed.body.checkout_session).completion!;
    return { total: view.amount_total, due: view.amount_due_now, charged: completion.amount_received };
  }

  it('a subscription with a free trial and a one-time line: the one-time line is due now, and that is what is charged', async () => {
    const paid = await dueAndCharged({ mode: 'subscription', line_items: [{ price: trialPrice }, { price: oneTime }] });
    expect(paid).toEqual({ total: 3700, due: 1200, charged: 1200 });
  });

  it('a subscription with a free trial alone: nothing due now, nothing charged (the card is verified)', async () => {
    expect(await dueAndCharged({ mode: 'subscription', line_items: [{ price: trialPrice }] })).toEqual({ total: 2500, due: 0, charged: 0 });
  });

  it('a subscription without a trial, a payment and a setup: the total, the total, nothing', async () => {
    expect(await dueAndCharged({ mode: 'subscription', line_items: [{ price: monthlyPrice }, { price: oneTime }] })).toEqual({
      total: 4200,
      due: 4200,
      charged: 4200,
    });
    expect(await dueAndCharged({ line_items: [{ price: oneTime, quantity: 2 }] })).toEqual({ total: 2400, due: 2400, charged: 2400 });
    expect(await dueAndCharged({ mode: 'setup' })).toEqual({ total: 0, due: 0, charged: 0 });
  });
});
