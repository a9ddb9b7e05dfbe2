import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { ISO_8601, countRows, createCustomer, expectError, idPattern, ok, storedObject, unknownId } from '../../../test/support/factories.js';
import { useSandbox, type Call } from '../../../test/support/sandbox.js';

/** Flex's customer address: flat, no name or phone inside (answered with its own fsh_ ID). */
const SHIPPING = { line1: '1 Main St', line2: null, city: 'Springfield', state: 'IL', postal_code: '62701', country: 'US' };

describeEachDatabase('customers', (kind) => {
  const sandbox = useSandbox(kind);
  const call: Call = (method, path, options) => sandbox.call(method, path, options);

  describe('POST /v1/customers', () => {
    it('creates a customer with every field', async () => {
      const res = await call('POST', '/v1/customers', {
        body: {
          customer: {
            email: 'ann@example.com',
            first_name: 'Ann',
            last_name: 'Lee',
            phone: '+1 (555) 010-0000',
            employer: 'Acme',
            shipping: SHIPPING,
            client_reference_id: 'user-42',
            metadata: { tier: 'gold' },
          },
        },
      });
      const { customer } = ok(res);
      expect(customer).toEqual({
        customer_id: expect.stringMatching(idPattern('fcus_')),
        email: 'ann@example.com',
        first_name: 'Ann',
        last_name: 'Lee',
        phone: '+1 (555) 010-0000',
        employer: 'Acme',
        shipping: { shipping_address_id: expect.stringMatching(idPattern('fsh_')), ...SHIPPING },
        client_reference_id: 'user-42',
        metadata: { tier: 'gold' },
        default_payment_method: null,
        created_at: expect.stringMatching(ISO_8601),
        test_mode: true,
      });
      expect(await storedObject(sandbox, 'customers', customer.customer_id)).toEqual(customer);
      const row = await sandbox.db.store.db
        .selectFrom('customers')
        .select(['email', 'client_reference_id'])
        .where('id', '=', customer.customer_id)
        .executeTakeFirst();
      expect(row).toEqual({ email: 'ann@example.com', client_reference_id: 'user-42' });
    });

    it('needs only an email; every other field is null', async () => {
      const customer = await createCustomer(call, { email: 'only@example.com' });
      expect(customer).toEqual({
        customer_id: expect.stringMatching(idPattern('fcus_')),
        email: 'only@example.com',
        first_name: null,
        last_name: null,
        phone: null,
        employer: null,
        shipping: null,
        client_reference_id: null,
        metadata: null,
        default_payment_method: null,
        created_at: expect.stringMatching(ISO_8601),
        test_mode: true,
      });
    });

    it('trims names', async () => {
      const customer = await createCustomer(call, { first_name: '  Ann ', last_name: ' Lee' });
      expect(customer).toMatchObject({ first_name: 'Ann', last_name: 'Lee' });
    });

    it('refuses a customer without an email, and writes nothing', async () => {
      const before = await countRows(sandbox, 'customers');
      expectError(
        await call('POST', '/v1/customers', { body: { customer: { first_name: 'Ann' } } }),
        422,
        ['body', 'customer', 'email'],
        'missing',
        'Field required',
      );
      expectError(await call('POST', '/v1/customers', { body: { customer: {} } }), 422, ['body', 'customer', 'email'], 'missing');
      expect(await countRows(sandbox, 'customers')).toBe(before);
    });

    it.each(['not-an-email', 'ann@', '@example.com', 'ann example@example.com', ''])('refuses the email %j', async (email) => {
      const res = await call('POST', '/v1/customers', { body: { customer: { email } } });
      expectError(res, 422, ['body', 'customer', 'email'], 'value_error', 'Enter a valid email address');
    });

    it('refuses an email that is not a string', async () => {
      expectError(await call('POST', '/v1/customers', { body: { customer: { email: null } } }), 400, ['body', 'customer', 'email'], 'type_error');
      expectError(await call('POST', '/v1/customers', { body: { customer: { email: 42 } } }), 400, ['body', 'customer', 'email'], 'type_error');
    });

    it.each([
      [['phone'], { phone: 'call me' }],
      [['shipping', 'country'], { shipping: { country: 'USA' } }],
      [['client_reference_id'], { client_reference_id: 'x'.repeat(201) }],
      [['first_name'], { first_name: 'x'.repeat(101) }],
    ])('refuses %j with 422 at that field', async (loc, fields) => {
      const res = await call('POST', '/v1/customers', { body: { customer: { email: 'a@example.com', ...fields } } });
      expectError(res, 422, ['body', 'customer', ...loc], 'value_error');
    });

    it('refuses an unknown field in the shipping address', async () => {
      const res = await call('POST', '/v1/customers', { body: { customer: { email: 'a@example.com', shipping: { zip: '1' } } } });
      expectError(res, 400, ['body', 'customer', 'shipping', 'zip'], 'extra_forbidden');
    });

    it('refuses a NUL character in a field it keeps in its own column, on every database', async () => {
      const before = await countRows(sandbox, 'customers');
      const res = await call('POST', '/v1/customers', { body: { customer: { email: 'nul@example.com', client_reference_id: 'a\u0000b' } } });
      expectError(res, 422, ['body', 'customer', 'client_reference_id'], 'value_error');
      expect(await countRows(sandbox, 'customers')).toBe(before);
    });
  });

  describe('GET /v1/customers/{id}', () => {
    it('answers the stored customer', async () => {
      const customer = await createCustomer(call, { first_name: 'Bo' });
      expect(ok(await call('GET', `/v1/customers/${customer.customer_id}`))).toEqual({ customer });
    });

    it('answers 404 for an ID it does not hold', async () => {
      const id = unknownId('fcus_');
      expectError(await call('GET', `/v1/customers/${id}`), 404, ['path', 'id'], 'not_found', `No such customer: '${id}'`);
    });
  });

  describe('GET /v1/customers', () => {
    it('filters by ?email= and ?client_reference_id=, newest first', async () => {
      const a1 = await createCustomer(call, { email: 'filter-a@example.com', client_reference_id: 'ref-a' });
      const b = await createCustomer(call, { email: 'filter-b@example.com', client_reference_id: 'ref-b' });
      const a2 = await createCustomer(call, { email: 'filter-a@example.com', client_reference_id: 'ref-c' });

      expect(ok(await call('GET', '/v1/customers?email=filter-a@example.com'))).toEqual({ customers: [a2, a1], has_more: false });
      expect(ok(await call('GET', `/v1/customers?email=${encodeURIComponent('filter-b@example.com')}`))).toEqual({ customers: [b], has_more: false });
      expect(ok(await call('GET', '/v1/customers?client_reference_id=ref-c'))).toEqual({ customers: [a2], has_more: false });
      expect(ok(await call('GET', '/v1/customers?email=filter-a@example.com&client_reference_id=ref-a'))).toEqual({ customers: [a1], has_more: false });
      expect(ok(await call('GET', '/v1/customers?email=filter-a@example.com&client_reference_id=ref-b'))).toEqual({ customers: [], has_more: false });
      expect(ok(await call('GET', '/v1/customers?email=nobody@example.com'))).toEqual({ customers: [], has_more: false });
    });

    it('refuses a NUL character in a filter instead of failing', async () => {
      const res = await call('GET', '/v1/customers?email=%00');
      expectError(res, 422, ['query', 'email'], 'value_error');
    });
  });

  describe('POST /v1/customers/{id}', () => {
    it('changes the given fields, keeps the others, and the filters follow the change', async () => {
      const customer = await createCustomer(call, { email: 'before@example.com', first_name: 'Ann', client_reference_id: 'old-ref' });
      const res = await call('POST', `/v1/customers/${customer.customer_id}`, {
        body: { customer: { email: 'after@example.com', last_name: 'Lee', client_reference_id: 'new-ref', metadata: { x: 'y' } } },
      });
      const expected = { ...customer, email: 'after@example.com', last_name: 'Lee', client_reference_id: 'new-ref', metadata: { x: 'y' } };
      expect(ok(res)).toEqual({ customer: expected });
      expect(ok(await call('GET', `/v1/customers/${customer.customer_id}`))).toEqual({ customer: expected });
      expect(await storedObject(sandbox, 'customers', customer.customer_id)).toEqual(expected);

      expect(ok(await call('GET', '/v1/customers?email=after@example.com')).customers).toEqual([expected]);
      expect(ok(await call('GET', '/v1/customers?email=before@example.com')).customers).toEqual([]);
      expect(ok(await call('GET', '/v1/customers?client_reference_id=new-ref')).customers).toEqual([expected]);
      expect(ok(await call('GET', '/v1/customers?client_reference_id=old-ref')).customers).toEqual([]);
    });

    it('can clear a field with null', async () => {
      const customer = await createCustomer(call, { first_name: 'Ann', phone: '555-0100-00' });
      const res = await call('POST', `/v1/customers/${customer.customer_id}`, { body: { customer: { first_name: null, phone: null } } });
      expect(ok(res).customer).toEqual({ ...customer, first_name: null, phone: null });
    });

    it('refuses an invalid email and keeps the customer as it was', async () => {
      const customer = await createCustomer(call);
      expectError(
        await call('POST', `/v1/customers/${customer.customer_id}`, { body: { customer: { email: 'nope' } } }),
        422,
        ['body', 'customer', 'email'],
        'value_error',
      );
      expect(await storedObject(sandbox, 'customers', customer.customer_id)).toEqual(customer);
    });

    it('refuses to change the ID', async () => {
      const customer = await createCustomer(call);
      const res = await call('POST', `/v1/customers/${customer.customer_id}`, { body: { customer: { customer_id: unknownId('fcus_') } } });
      expectError(res, 400, ['body', 'customer', 'customer_id'], 'extra_forbidden');
    });

    it('answers 404 for an ID it does not hold', async () => {
      expectError(await call('POST', `/v1/customers/${unknownId('fcus_')}`, { body: { customer: { first_name: 'X' } } }), 404, ['path', 'id'], 'not_found');
    });
  });
});
