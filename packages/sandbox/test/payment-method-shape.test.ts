import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { useSandbox } from '../../../test/support/sandbox.js';
import { checkoutOnSession, createPrice } from '../../../test/support/checkout.js';
import { eventsAbout, must } from './support/billing.js';

describeEachDatabase("saved cards in Flex's words", (kind) => {
  const sandbox = useSandbox(kind);

  it('an American Express card is american_express, with funding and country, wherever the API shows it', async () => {
    const price = await createPrice(sandbox.call, { visit_type: null, hsa_fsa_eligibility: 'not_eligible', name: 'Socks' }, { unit_amount: 1000 });
    const done = await checkoutOnSession(
      sandbox.call,
      { line_items: [{ price: price.price_id }], setup_future_use: 'off_session' },
      { card: '378282246310005' },
    );
    const expected = { brand: 'american_express', last4: '0005', funding: 'credit', country: 'US' };
    const listed = must(await sandbox.call('GET', `/v1/customers/${done.customer}/payment_methods`), 'list').payment_methods;
    expect(listed[0].card).toMatchObject(expected);
    expect(must(await sandbox.call('GET', `/v1/customers/${done.customer}/payment_methods/${done.payment_method}`), 'one').payment_method.card).toMatchObject(
      expected,
    );
    expect(must(await sandbox.call('GET', `/v1/payment_methods/${done.payment_method}`), 'ext').payment_method.card).toMatchObject(expected);
    const [attached] = await eventsAbout(sandbox.call, 'payment_method.attached', 'payment_method_id', done.payment_method);
    expect(attached.object.card).toMatchObject(expected);
  });
});
