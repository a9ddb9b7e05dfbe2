import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import {
  advanceTime,
  countAll,
  createCustomer,
  createPrice,
  createProductWithPrice,
  createSession,
  expectError,
  idPattern,
  ok,
  storedObject,
  unknownId,
} from '../../../test/support/factories.js';
import { useSandbox, type Call } from '../../../test/support/sandbox.js';
import { checkoutOnSession } from '../../../test/support/checkout.js';

const SESSION = ['body', 'checkout_session'];
const LINES = [...SESSION, 'line_items'];

describeEachDatabase('checkout sessions', (kind) => {
  const sandbox = useSandbox(kind);
  const call: Call = (method, path, options) => sandbox.call(method, path, options);
  const create = (fields: Record<string, unknown>) => call('POST', '/v1/checkout/sessions', { body: { checkout_session: fields } });

  /** The catalog every test sells from. */
  const c = {} as Record<
    'gym' | 'skincare' | 'vitamins' | 'sunscreen' | 'monthly' | 'monthly2' | 'yearly' | 'inactive' | 'free' | 'euro',
    { product: any; price: any }
  >;
  let customer: any;

  beforeAll(async () => {
    c.gym = await createProductWithPrice(call, { name: 'Gym', visit_type: 'gym', hsa_fsa_eligibility: 'letter_of_medical_necessity' }, { unit_amount: 5000 });
    c.skincare = await createProductWithPrice(
      call,
      { name: 'Skincare', description: 'Dermatology', visit_type: 'skincare', hsa_fsa_eligibility: 'letter_of_medical_necessity' },
      { unit_amount: 3000, description: 'One visit' },
    );
    c.vitamins = await createProductWithPrice(call, { name: 'Vitamins', hsa_fsa_eligibility: 'not_eligible' }, { unit_amount: 1250 });
    c.sunscreen = await createProductWithPrice(
      call,
      { name: 'Sunscreen', visit_type: 'skincare', hsa_fsa_eligibility: 'auto_substantiation' },
      { unit_amount: 899 },
    );
    c.monthly = await createProductWithPrice(
      call,
      { name: 'Coaching', visit_type: 'nutrition', hsa_fsa_eligibility: 'letter_of_medical_necessity' },
      { unit_amount: 4999, recurring: { interval: 'monthly' } },
    );
    c.monthly2 = {
      product: c.monthly.product,
      price: await createPrice(call, c.monthly.product.product_id, { unit_amount: 999, recurring: { interval: 'monthly' } }),
    };
    c.yearly = {
      product: c.monthly.product,
      price: await createPrice(call, c.monthly.product.product_id, { unit_amount: 49999, recurring: { interval: 'yearly' } }),
    };
    c.inactive = { product: c.vitamins.product, price: await createPrice(call, c.vitamins.product.product_id, { unit_amount: 700, active: false }) };
    c.free = { product: c.vitamins.product, price: await createPrice(call, c.vitamins.product.product_id, { unit_amount: 0 }) };
    c.euro = { product: c.vitamins.product, price: await createPrice(call, c.vitamins.product.product_id, { unit_amount: 1000, currency: 'eur' }) };
    customer = await createCustomer(call, { email: 'shopper@example.com', first_name: 'Sam', last_name: 'Shopper', phone: '+1 555 010 1234' });
  });

  describe('POST /v1/checkout/sessions', () => {
    it('prices a payment session from the catalog and answers every field', async () => {
      const res = await create({
        line_items: [
          { price: c.gym.price.price_id, quantity: 2 },
          { price: c.vitamins.price.price_id, quantity: 3 },
        ],
        success_url: 'https://shop.example/success',
        cancel_url: 'https://shop.example/cancel',
        client_reference_id: 'order-1',
        metadata: { order: '1' },
      });
      const s = ok(res).checkout_session;
      // Every field of Flex's session object (others may follow it: toMatchObject).
      expect(s).toMatchObject({
        checkout_session_id: expect.stringMatching(idPattern('fcs_')),
        allow_promotion_codes: false,
        amount_total: 2 * 5000 + 3 * 1250,
        amount_subtotal: 2 * 5000 + 3 * 1250,
        cancel_url: 'https://shop.example/cancel',
        capture_method: 'automatic',
        client_reference_id: 'order-1',
        client_secret: expect.any(String),
        created_at: expect.any(Number),
        currency: 'usd',
        customer: null,
        customer_email: null,
        defaults: { email: null, first_name: null, last_name: null, phone: null },
        expires_at: s.created_at + 3600,
        invoice: null,
        hsa_fsa_eligible: true,
        letter_of_medical_necessity_required: true,
        line_items: [
          {
            price: c.gym.price.price_id,
            product: c.gym.product.product_id,
            name: 'Gym',
            description: null,
            quantity: 2,
            unit_amount: 5000,
            amount_subtotal: 10000,
            amount_total: 10000,
            currency: 'usd',
            recurring: null,
            visit_type: 'gym',
            hsa_fsa_eligibility: 'letter_of_medical_necessity',
          },
          {
            price: c.vitamins.price.price_id,
            product: c.vitamins.product.product_id,
            name: 'Vitamins',
            description: null,
            quantity: 3,
            unit_amount: 1250,
            amount_subtotal: 3750,
            amount_total: 3750,
            currency: 'usd',
            recurring: null,
            visit_type: null,
            hsa_fsa_eligibility: 'not_eligible',
          },
        ],
        metadata: { order: '1' },
        mode: 'payment',
        multiple_subscriptions: false,
        payment_intent: null,
        payment_intent_id: null,
        payment_method: null,
        // Flex's hosted checkout for this session, where the API is reached.
        redirect_url: `http://localhost/pay/c/${s.checkout_session_id}`,
        setup_future_use: null,
        setup_intent: null,
        shipping_options: null,
        shipping_address_collection: false,
        shipping_details: null,
        status: 'open',
        success_url: 'https://shop.example/success',
        subscription: null,
        tax_rate: null,
        test_mode: true,
        total_details: { amount_discount: 0, amount_tax: null, amount_shipping: null },
        visit_type: 'gym',
      });
      expect(s.client_secret.startsWith(`${s.checkout_session_id}_secret_`)).toBe(true);
      expect(s.client_secret.length).toBeGreaterThan(`${s.checkout_session_id}_secret_`.length + 16);
      expect(Math.abs(s.created_at - Date.now() / 1000)).toBeLessThan(60);

      expect(await storedObject(sandbox, 'checkout_sessions', s.checkout_session_id)).toEqual(s);
      const row = await sandbox.db.store.db
        .selectFrom('checkout_sessions')
        .select(['status', 'customer_id', 'client_secret', 'expires_at'])
        .where('id', '=', s.checkout_session_id)
        .executeTakeFirst();
      expect(row).toEqual({ status: 'open', customer_id: null, client_secret: s.client_secret, expires_at: s.expires_at });
    });

    it('gives each session its own client secret', async () => {
      const a = await createSession(call, { line_items: [{ price: c.vitamins.price.price_id }] });
      const b = await createSession(call, { line_items: [{ price: c.vitamins.price.price_id }] });
      expect(a.client_secret).not.toBe(b.client_secret);
    });

    it('takes a quantity of 1 when none is given, and the price description over the product one', async () => {
      const s = await createSession(call, { line_items: [{ price: c.skincare.price.price_id }] });
      expect(s.line_items).toEqual([expect.objectContaining({ quantity: 1, amount_total: 3000, description: 'One visit' })]);
      expect(s.amount_total).toBe(3000);
    });

    it('never takes an amount from the caller', async () => {
      for (const extra of [{ unit_amount: 1 }, { amount_total: 1 }]) {
        const res = await create({ line_items: [{ price: c.gym.price.price_id, ...extra }] });
        expectError(res, 400, [...LINES, 0, Object.keys(extra)[0]!], 'extra_forbidden');
      }
      expectError(await create({ amount_total: 1, line_items: [{ price: c.gym.price.price_id }] }), 400, [...SESSION, 'amount_total'], 'extra_forbidden');
    });

    it.each([0, 1000, 1.5])('refuses a quantity of %s', async (quantity) => {
      expectError(await create({ line_items: [{ price: c.gym.price.price_id, quantity }] }), 422, [...LINES, 0, 'quantity'], 'value_error');
    });

    describe('price_data', () => {
      it('creates an inactive price for an existing product, priced as given', async () => {
        const s = await createSession(call, {
          line_items: [{ price_data: { product: c.sunscreen.product.product_id, unit_amount: 1500 }, quantity: 2 }],
        });
        expect(s.amount_total).toBe(3000);
        const line = s.line_items[0];
        expect(line).toMatchObject({
          product: c.sunscreen.product.product_id,
          name: 'Sunscreen',
          unit_amount: 1500,
          hsa_fsa_eligibility: 'auto_substantiation',
        });
        expect(line.price).toMatch(idPattern('fprice_'));
        const price = ok(await call('GET', `/v1/prices/${line.price}`)).price;
        expect(price).toMatchObject({ product: c.sunscreen.product.product_id, unit_amount: 1500, currency: 'usd', active: false, type: 'one_time' });
        // An inactive price cannot be reused by reference.
        expectError(await create({ line_items: [{ price: line.price }] }), 422, [...LINES, 0, 'price'], 'invalid_request_error');
      });

      it('creates an inactive product and price from product_data', async () => {
        const before = await countAll(sandbox);
        const s = await createSession(call, {
          line_items: [
            {
              price_data: {
                unit_amount: 2500,
                product_data: { name: 'Sleep study', visit_type: 'sleep', hsa_fsa_eligibility: 'letter_of_medical_necessity' },
              },
            },
          ],
        });
        expect(s).toMatchObject({ amount_total: 2500, visit_type: 'sleep', letter_of_medical_necessity_required: true, hsa_fsa_eligible: true });
        const after = await countAll(sandbox);
        expect(after).toEqual({ ...before, products: before.products! + 1, prices: before.prices! + 1, checkout_sessions: before.checkout_sessions! + 1 });
        const product = ok(await call('GET', `/v1/products/${s.line_items[0].product}`)).product;
        expect(product).toMatchObject({ name: 'Sleep study', visit_type: 'sleep', hsa_fsa_eligibility: 'letter_of_medical_necessity', active: false });
      });

      it('refuses product_data that needs a letter without a visit_type', async () => {
        const res = await create({
          line_items: [{ price_data: { unit_amount: 100, product_data: { name: 'X', hsa_fsa_eligibility: 'letter_of_medical_necessity' } } }],
        });
        expectError(res, 422, [...LINES, 0, 'price_data', 'product_data', 'visit_type'], 'invalid_request_error');
      });

      it('needs exactly one of product and product_data', async () => {
        const both = { unit_amount: 100, product: c.vitamins.product.product_id, product_data: { name: 'X' } };
        expectError(
          await create({ line_items: [{ price_data: both }] }),
          422,
          [...LINES, 0, 'price_data'],
          'value_error',
          'Give exactly one of product or product_data',
        );
        expectError(await create({ line_items: [{ price_data: { unit_amount: 100 } }] }), 422, [...LINES, 0, 'price_data'], 'value_error');
      });

      it('answers 404 for a product it does not hold', async () => {
        const res = await create({ line_items: [{ price_data: { unit_amount: 100, product: unknownId('fprod_') } }] });
        expectError(res, 404, [...LINES, 0, 'price_data', 'product'], 'not_found');
      });
    });

    it('needs exactly one of price and price_data on a line', async () => {
      const both = { price: c.gym.price.price_id, price_data: { unit_amount: 100, product: c.gym.product.product_id } };
      expectError(await create({ line_items: [both] }), 422, [...LINES, 0], 'value_error', 'Give exactly one of price or price_data');
      expectError(await create({ line_items: [{ quantity: 1 }] }), 422, [...LINES, 0], 'value_error');
    });

    describe('modes', () => {
      it('opens a subscription session for recurring prices and saves the card for later', async () => {
        const s = await createSession(call, { mode: 'subscription', line_items: [{ price: c.monthly.price.price_id }, { price: c.monthly2.price.price_id }] });
        expect(s).toMatchObject({ mode: 'subscription', amount_total: 4999 + 999, setup_future_use: 'off_session', visit_type: 'nutrition' });
        expect(s.line_items[0].recurring).toEqual({ interval: 'monthly', interval_count: 1, trial_period_days: null });
      });

      it('takes a one-time price beside a recurring one in a subscription', async () => {
        const s = await createSession(call, { mode: 'subscription', line_items: [{ price: c.monthly.price.price_id }, { price: c.vitamins.price.price_id }] });
        expect(s.amount_total).toBe(4999 + 1250);
      });

      it('refuses a subscription without a recurring price', async () => {
        const res = await create({ mode: 'subscription', line_items: [{ price: c.gym.price.price_id }] });
        expectError(res, 422, LINES, 'invalid_request_error', /recurring/);
      });

      it('refuses recurring prices on different intervals in one subscription', async () => {
        const res = await create({ mode: 'subscription', line_items: [{ price: c.monthly.price.price_id }, { price: c.yearly.price.price_id }] });
        expectError(res, 422, LINES, 'invalid_request_error', /interval/);
      });

      it('refuses a recurring price in payment mode, pointing at the line', async () => {
        const res = await create({ mode: 'payment', line_items: [{ price: c.gym.price.price_id }, { price: c.monthly.price.price_id }] });
        expectError(res, 422, [...LINES, 1, 'price'], 'invalid_request_error', /subscription/);
      });

      it('opens a setup session without line items, charging nothing', async () => {
        const s = await createSession(call, { mode: 'setup', customer: customer.customer_id });
        expect(s).toMatchObject({
          mode: 'setup',
          line_items: [],
          amount_total: 0,
          currency: 'usd',
          setup_future_use: 'off_session',
          hsa_fsa_eligible: false,
          letter_of_medical_necessity_required: false,
          visit_type: null,
        });
      });

      it('refuses line items in a setup session', async () => {
        expectError(await create({ mode: 'setup', line_items: [{ price: c.gym.price.price_id }] }), 422, LINES, 'invalid_request_error');
      });

      it.each(['payment', 'subscription'])('refuses a %s session without line items', async (mode) => {
        expectError(await create({ mode }), 422, LINES, 'invalid_request_error');
        expectError(await create({ mode, line_items: [] }), 422, LINES, 'invalid_request_error');
      });

      it('refuses an off_session session without a customer or a payment method', async () => {
        const line_items = [{ price: c.gym.price.price_id }];
        expectError(await create({ mode: 'off_session', line_items }), 422, [...SESSION, 'customer'], 'invalid_request_error');
        expectError(
          await create({ mode: 'off_session', line_items, customer: customer.customer_id }),
          422,
          [...SESSION, 'payment_method'],
          'invalid_request_error',
        );
      });

      it('refuses an unknown mode', async () => {
        expectError(await create({ mode: 'donation', line_items: [{ price: c.gym.price.price_id }] }), 422, [...SESSION, 'mode'], 'value_error');
      });

      it('refuses a reimbursement session, saying the sandbox does not offer what Flex names', async () => {
        const res = await create({ mode: 'reimbursement', line_items: [{ price: c.gym.price.price_id }] });
        expectError(res, 422, [...SESSION, 'mode'], 'value_error', /^The sandbox does not offer reimbursement sessions/);
      });
    });

    describe('what the catalog refuses', () => {
      it('refuses a zero total', async () => {
        expectError(await create({ line_items: [{ price: c.free.price.price_id }] }), 422, LINES, 'invalid_request_error', /greater than zero/);
      });

      it('takes a free line beside a paid one', async () => {
        expect((await createSession(call, { line_items: [{ price: c.free.price.price_id }, { price: c.vitamins.price.price_id }] })).amount_total).toBe(1250);
      });

      it('refuses a total larger than an amount can be', async () => {
        const { price } = await createProductWithPrice(call, { name: 'Expensive' }, { unit_amount: 99_999_999 });
        const res = await create({ line_items: [{ price: price.price_id, quantity: 2 }] });
        expectError(res, 422, LINES, 'invalid_request_error', /total/);
      });

      it('refuses an inactive price, pointing at the line', async () => {
        const res = await create({ line_items: [{ price: c.vitamins.price.price_id }, { price: c.inactive.price.price_id }] });
        expectError(res, 422, [...LINES, 1, 'price'], 'invalid_request_error', /not active/);
      });

      it('answers 404 for a price it does not hold, pointing at the line', async () => {
        const id = unknownId('fprice_');
        expectError(await create({ line_items: [{ price: id }] }), 404, [...LINES, 0, 'price'], 'not_found', `No such price: '${id}'`);
      });

      it('refuses a malformed price ID', async () => {
        expectError(await create({ line_items: [{ price: 'price_123' }] }), 422, [...LINES, 0, 'price'], 'value_error');
      });

      it('answers 404 for a customer it does not hold', async () => {
        const res = await create({ customer: unknownId('fcus_'), line_items: [{ price: c.gym.price.price_id }] });
        expectError(res, 404, [...SESSION, 'customer'], 'not_found');
      });

      it('refuses products that need letters for different visit types, naming them', async () => {
        const res = await create({ line_items: [{ price: c.gym.price.price_id }, { price: c.skincare.price.price_id }] });
        expectError(res, 422, LINES, 'invalid_request_error', /different visit types \((gym, skincare|skincare, gym)\)/);
      });

      it('refuses line items in different currencies', async () => {
        const res = await create({ line_items: [{ price: c.vitamins.price.price_id }, { price: c.euro.price.price_id }] });
        expectError(res, 422, LINES, 'invalid_request_error', /currency/);
      });
    });

    describe('eligibility and visit type', () => {
      it('needs a letter when one line needs one; the visit type is that line’s', async () => {
        const s = await createSession(call, { line_items: [{ price: c.sunscreen.price.price_id }, { price: c.gym.price.price_id }] });
        expect(s).toMatchObject({ hsa_fsa_eligible: true, letter_of_medical_necessity_required: true, visit_type: 'gym' });
      });

      it('is eligible without a letter for auto-substantiated products', async () => {
        const s = await createSession(call, { line_items: [{ price: c.sunscreen.price.price_id }, { price: c.vitamins.price.price_id }] });
        expect(s).toMatchObject({ hsa_fsa_eligible: true, letter_of_medical_necessity_required: false, visit_type: 'skincare' });
      });

      it('is not eligible when no product is', async () => {
        const s = await createSession(call, { line_items: [{ price: c.vitamins.price.price_id }] });
        expect(s).toMatchObject({ hsa_fsa_eligible: false, letter_of_medical_necessity_required: false, visit_type: null });
      });

      it('takes the same visit type needing a letter twice', async () => {
        const second = await createPrice(call, c.gym.product.product_id, { unit_amount: 100 });
        const s = await createSession(call, { line_items: [{ price: c.gym.price.price_id }, { price: second.price_id }] });
        expect(s).toMatchObject({ visit_type: 'gym', amount_total: 5100 });
      });
    });

    describe('customer and defaults', () => {
      it('fills the defaults and the email from the customer', async () => {
        const s = await createSession(call, { customer: customer.customer_id, line_items: [{ price: c.gym.price.price_id }] });
        expect(s).toMatchObject({
          customer: customer.customer_id,
          customer_email: 'shopper@example.com',
          defaults: { email: 'shopper@example.com', first_name: 'Sam', last_name: 'Shopper', phone: '+1 555 010 1234' },
        });
        const row = await sandbox.db.store.db.selectFrom('checkout_sessions').select('customer_id').where('id', '=', s.checkout_session_id).executeTakeFirst();
        expect(row).toEqual({ customer_id: customer.customer_id });
      });

      it('lets given defaults win over the customer’s', async () => {
        const s = await createSession(call, {
          customer: customer.customer_id,
          customer_email: 'other@example.com',
          defaults: { first_name: 'Alex', phone: null },
          line_items: [{ price: c.gym.price.price_id }],
        });
        expect(s).toMatchObject({
          customer_email: 'other@example.com',
          defaults: { email: 'other@example.com', first_name: 'Alex', last_name: 'Shopper', phone: '+1 555 010 1234' },
        });
      });

      it('fills the default email from customer_email without a customer', async () => {
        const s = await createSession(call, { customer_email: 'guest@example.com', line_items: [{ price: c.gym.price.price_id }] });
        expect(s).toMatchObject({ customer: null, customer_email: 'guest@example.com', defaults: { email: 'guest@example.com', first_name: null } });
      });

      it('refuses an invalid customer_email or default', async () => {
        expectError(
          await create({ customer_email: 'nope', line_items: [{ price: c.gym.price.price_id }] }),
          422,
          [...SESSION, 'customer_email'],
          'value_error',
        );
        expectError(
          await create({ defaults: { phone: 'x' }, line_items: [{ price: c.gym.price.price_id }] }),
          422,
          [...SESSION, 'defaults', 'phone'],
          'value_error',
        );
      });
    });

    describe('expires_at', () => {
      const nowS = async () => (await createSession(call, { line_items: [{ price: c.vitamins.price.price_id }] })).created_at as number;

      it('takes a time between 30 minutes and 24 hours from now', async () => {
        const now = await nowS();
        for (const offset of [31 * 60, 23 * 3600]) {
          const s = await createSession(call, { expires_at: now + offset, line_items: [{ price: c.vitamins.price.price_id }] });
          expect(s.expires_at).toBe(now + offset);
        }
      });

      it.each([
        ['in the past', -60],
        ['too soon', 29 * 60],
        ['too late', 25 * 3600],
      ])('refuses a time %s', async (_, offset) => {
        const now = await nowS();
        const res = await create({ expires_at: now + offset, line_items: [{ price: c.vitamins.price.price_id }] });
        expectError(res, 422, [...SESSION, 'expires_at'], 'invalid_request_error', /30 minutes and 24 hours/);
      });

      it('refuses a time that is not whole Unix seconds', async () => {
        expectError(await create({ expires_at: 1.5, line_items: [{ price: c.vitamins.price.price_id }] }), 422, [...SESSION, 'expires_at'], 'value_error');
        expectError(
          await create({ expires_at: '2030-01-01', line_items: [{ price: c.vitamins.price.price_id }] }),
          400,
          [...SESSION, 'expires_at'],
          'type_error',
        );
      });
    });
  });

  describe('GET /v1/checkout/sessions/{id}', () => {
    it('answers the stored session', async () => {
      const s = await createSession(call, { customer: customer.customer_id, line_items: [{ price: c.gym.price.price_id }] });
      expect(ok(await call('GET', `/v1/checkout/sessions/${s.checkout_session_id}`))).toEqual({ checkout_session: s });
    });

    it('answers 404 for an ID it does not hold', async () => {
      const id = unknownId('fcs_');
      expectError(await call('GET', `/v1/checkout/sessions/${id}`), 404, ['path', 'id'], 'not_found', `No such checkout session: '${id}'`);
    });
  });

  describe('GET /v1/checkout/sessions', () => {
    it('filters by ?customer= and ?status=, newest first', async () => {
      const mine = await createCustomer(call, { email: 'lister@example.com' });
      const line_items = [{ price: c.vitamins.price.price_id }];
      const first = await createSession(call, { customer: mine.customer_id, line_items });
      const other = await createSession(call, { line_items });
      const second = await createSession(call, { customer: mine.customer_id, line_items });
      const expired = ok(await call('POST', `/v1/checkout/sessions/${second.checkout_session_id}/expire`)).checkout_session;

      expect(ok(await call('GET', `/v1/checkout/sessions?customer=${mine.customer_id}`))).toEqual({ checkout_sessions: [expired, first], has_more: false });
      expect(ok(await call('GET', `/v1/checkout/sessions?customer=${mine.customer_id}&status=open`))).toEqual({ checkout_sessions: [first], has_more: false });
      expect(ok(await call('GET', `/v1/checkout/sessions?customer=${mine.customer_id}&status=expired`))).toEqual({
        checkout_sessions: [expired],
        has_more: false,
      });
      expect(ok(await call('GET', `/v1/checkout/sessions?customer=${mine.customer_id}&status=complete`))).toEqual({ checkout_sessions: [], has_more: false });

      const open = ok(await call('GET', '/v1/checkout/sessions?status=open&limit=100')).checkout_sessions as any[];
      expect(open.map((s) => s.checkout_session_id)).toContain(other.checkout_session_id);
      expect(open.every((s) => s.status === 'open')).toBe(true);
    });

    it('refuses an unknown status', async () => {
      expectError(await call('GET', '/v1/checkout/sessions?status=paid'), 422, ['query', 'status'], 'value_error');
    });
  });

  describe('POST /v1/checkout/sessions/{id}/expire', () => {
    it('expires an open session, in the answer and in the database; a second expire answers it again', async () => {
      const s = await createSession(call, { line_items: [{ price: c.gym.price.price_id }] });
      const first = await call('POST', `/v1/checkout/sessions/${s.checkout_session_id}/expire`);
      expect(ok(first)).toEqual({ checkout_session: { ...s, status: 'expired' } });
      const row = await sandbox.db.store.db.selectFrom('checkout_sessions').select('status').where('id', '=', s.checkout_session_id).executeTakeFirst();
      expect(row).toEqual({ status: 'expired' });
      expect(ok(await call('GET', `/v1/checkout/sessions/${s.checkout_session_id}`)).checkout_session.status).toBe('expired');

      const second = await call('POST', `/v1/checkout/sessions/${s.checkout_session_id}/expire`);
      expect(ok(second)).toEqual({ checkout_session: { ...s, status: 'expired' } });
    });

    it('answers 404 for an ID it does not hold', async () => {
      expectError(await call('POST', `/v1/checkout/sessions/${unknownId('fcs_')}/expire`), 404, ['path', 'id'], 'not_found');
    });

    it('answers 409 for a complete session, and leaves it complete', async () => {
      const done = await checkoutOnSession(call, { line_items: [{ price: c.vitamins.price.price_id }] });
      expect(done.status).toBe('complete');
      expectError(await call('POST', `/v1/checkout/sessions/${done.checkout_session_id}/expire`), 409, ['path', 'id'], 'conflict');
      expect(ok(await call('GET', `/v1/checkout/sessions/${done.checkout_session_id}`)).checkout_session).toEqual(done);
    });
  });

  // Last: these move the sandbox clock, which every later request in this file would see.
  describe('when expires_at passes', () => {
    it('reads back as expired, in the answer, the list and the database', async () => {
      const line_items = [{ price: c.gym.price.price_id }];
      const owner = await createCustomer(call, { email: 'late@example.com' });
      const due = await createSession(call, { customer: owner.customer_id, line_items });
      const long = await createSession(call, { customer: owner.customer_id, line_items, expires_at: due.created_at + 20 * 3600 });
      const listedDue = await createSession(call, { customer: owner.customer_id, line_items });

      await advanceTime(call, 7200);

      const read = ok(await call('GET', `/v1/checkout/sessions/${due.checkout_session_id}`)).checkout_session;
      expect(read).toEqual({ ...due, status: 'expired' });
      const status = (id: string) => sandbox.db.store.db.selectFrom('checkout_sessions').select('status').where('id', '=', id).executeTakeFirstOrThrow();
      expect(await status(due.checkout_session_id)).toEqual({ status: 'expired' });
      expect(await storedObject(sandbox, 'checkout_sessions', due.checkout_session_id)).toEqual(read);

      // The list sees the truth too, without anyone reading the session first.
      const listed = ok(await call('GET', `/v1/checkout/sessions?customer=${owner.customer_id}&status=expired`)).checkout_sessions;
      expect(listed.map((s: any) => s.checkout_session_id)).toEqual([listedDue.checkout_session_id, due.checkout_session_id]);
      expect(await status(listedDue.checkout_session_id)).toEqual({ status: 'expired' });

      // A session with time left stays open.
      expect(ok(await call('GET', `/v1/checkout/sessions/${long.checkout_session_id}`)).checkout_session.status).toBe('open');
      expect(ok(await call('GET', `/v1/checkout/sessions?customer=${owner.customer_id}&status=open`)).checkout_sessions).toEqual([long]);
    });

    it('computes expires_at from the moved clock', async () => {
      const before = Math.floor(Date.now() / 1000);
      const s = await createSession(call, { line_items: [{ price: c.vitamins.price.price_id }] });
      expect(s.created_at).toBeGreaterThanOrEqual(before + 7200);
      expect(s.expires_at).toBe(s.created_at + 3600);
      expect(s.status).toBe('open');
    });
  });
});
