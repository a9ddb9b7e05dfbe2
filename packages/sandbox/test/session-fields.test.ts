import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { useSandbox } from '../../../test/support/sandbox.js';
import { browserOf, checkoutOnSession, createPrice, createSession } from '../../../test/support/checkout.js';
import { must } from './support/billing.js';

describeEachDatabase("a session's subscription_data and custom_text", (kind) => {
  const sandbox = useSandbox(kind);

  it('subscription_data sets the trial and the subscription’s metadata; custom_text is kept', async () => {
    const plan = await createPrice(
      sandbox.call,
      { visit_type: null, hsa_fsa_eligibility: 'not_eligible', name: 'Weekly box' },
      { unit_amount: 1500, recurring: { interval: 'weekly' } },
    );
    const body = {
      mode: 'subscription',
      line_items: [{ price: plan.price_id }],
      subscription_data: { trial_period_days: 7, metadata: { plan: 'box' } },
      custom_text: { submit: { message: 'Boxes ship on Mondays.' } },
    };
    const session = await createSession(sandbox.call, body);
    expect(session).toMatchObject({
      subscription_data: { trial_period_days: 7, metadata: { plan: 'box' } },
      custom_text: { submit: { message: 'Boxes ship on Mondays.' } },
      line_items: [{ recurring: { trial_period_days: 7 } }],
    });
    expect(must(await browserOf(sandbox.call, session).view(), 'view').checkout_session.amount_due_now).toBe(0);
    const done = await checkoutOnSession(sandbox.call, body);
    const subscription = must(await sandbox.call('GET', `/v1/subscriptions/${done.subscription}`), 'sub').subscription;
    expect(subscription).toMatchObject({ status: 'trialing', metadata: { plan: 'box' } });
    expect(Date.parse(subscription.trial_end) - Date.parse(subscription.trial_start)).toBe(7 * 24 * 3600 * 1000);

    const payment = await createPrice(sandbox.call, { visit_type: null, hsa_fsa_eligibility: 'not_eligible', name: 'Once' }, { unit_amount: 500 });
    const refused = await sandbox.call('POST', '/v1/checkout/sessions', {
      body: { checkout_session: { line_items: [{ price: payment.price_id }], subscription_data: { trial_period_days: 3 } } },
    });
    expect(refused.status).toBe(422);
    expect(
      (
        await sandbox.call('POST', '/v1/checkout/sessions', {
          body: { checkout_session: { line_items: [{ price: payment.price_id }], custom_text: { footer: { message: 'x' } } } },
        })
      ).status,
    ).toBe(400);
  });
});
