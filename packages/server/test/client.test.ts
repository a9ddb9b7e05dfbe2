import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  CheckoutSession,
  Consultation,
  FlexSessionRead,
  Customer,
  Letter,
  PaymentIntent,
  PaymentMethod,
  Price,
  Product,
} from '@flex-checkout/protocol';
import { DEFAULT_SECRET_KEY } from '@flex-checkout/sandbox';
import {
  AuthenticationError,
  CardDeclinedError,
  ConflictError,
  createFlexClient,
  FlexApiError,
  FlexError,
  IdempotencyError,
  LetterRequiredError,
  NotFoundError,
  RateLimitError,
  ValidationError,
  type FlexClient,
} from '../src/client/index.js';
import type { Upstream } from '../src/upstream.js';
import { authenticate, browserOf, CARDS, createSession, payOnHostedPage, tokenFor } from '../../../test/support/checkout.js';
import { failure, useEmbedded, useHttp, type Harness } from './support/client-harness.js';

/** Flex's answer when no valid letter covers the visit type, word for word from its off-session guide. */
const FLEX_LOMN_ANSWER = {
  detail: [{ loc: ['visit_type'], msg: 'A LoMN is required for this visit type', type: 'invalid_request_error' }],
};

const clientSuite = (h: Harness) => {
  const product = (name: string, extra: Partial<Parameters<FlexClient['products']['create']>[0]> = {}) => h.client.products.create({ name, ...extra });
  const priceOf = async (visitType: 'gym' | 'skincare' | null, unitAmount = 4999) => {
    const p = await product(`Product ${visitType ?? 'plain'} ${randomUUID().slice(0, 8)}`, {
      hsa_fsa_eligibility: visitType ? 'letter_of_medical_necessity' : 'not_eligible',
      visit_type: visitType,
    });
    return h.client.prices.create({ product: p.product_id, unit_amount: unitAmount });
  };

  it('creates, retrieves, updates and lists products', async () => {
    const created = await product('Gym membership', {
      hsa_fsa_eligibility: 'letter_of_medical_necessity',
      visit_type: 'gym',
      metadata: { sku: 'gym-1' },
    });
    expect(Product.safeParse(created).error).toBeUndefined();
    expect(created).toMatchObject({ name: 'Gym membership', visit_type: 'gym', active: true, metadata: { sku: 'gym-1' } });
    expect(await h.client.products.retrieve(created.product_id)).toEqual(created);

    const updated = await h.client.products.update(created.product_id, { description: 'Monthly access', active: false });
    expect(updated).toEqual({ ...created, description: 'Monthly access', active: false });
    expect(await h.client.products.retrieve(created.product_id)).toEqual(updated);

    const page = await h.client.products.list({ limit: 1 });
    expect(page.data).toEqual([updated]); // newest first
  });

  it('creates, retrieves, updates and lists prices, filtered by product', async () => {
    const p = await product('Sleep coaching', { hsa_fsa_eligibility: 'letter_of_medical_necessity', visit_type: 'sleep' });
    const once = await h.client.prices.create({ product: p.product_id, unit_amount: 2500 });
    const monthly = await h.client.prices.create({
      product: p.product_id,
      unit_amount: 1999,
      recurring: { interval: 'monthly' },
      description: 'Monthly',
    });
    // The flex profile answers Flex's documented price, which has no currency.
    if (h.profile === 'default') {
      expect(Price.safeParse(monthly).error).toBeUndefined();
      expect(once).toMatchObject({ currency: 'usd' });
    } else {
      expect(Price.omit({ currency: true }).strict().safeParse(monthly).error).toBeUndefined();
      expect(once).not.toHaveProperty('currency');
    }
    expect(once).toMatchObject({ unit_amount: 2500, price: 2500, type: 'one_time', recurring: null });
    expect(monthly).toMatchObject({ type: 'recurring', recurring: { interval: 'monthly', interval_count: 1, trial_period_days: null } });
    expect(await h.client.prices.retrieve(once.price_id)).toEqual(once);

    const renamed = await h.client.prices.update(monthly.price_id, { description: 'Billed monthly', metadata: { plan: 'm' } });
    expect(renamed).toEqual({ ...monthly, description: 'Billed monthly', metadata: { plan: 'm' } });

    const listed = await h.client.prices.list({ product: p.product_id });
    expect(listed).toEqual({ data: [renamed, once], hasMore: false });

    // An amount never changes: the sandbox says why, at the field.
    const frozen = await failure(h.client.prices.update(once.price_id, { unit_amount: 1 } as never));
    expect(frozen).toBeInstanceOf(ValidationError);
    if (h.profile === 'default') expect(frozen.detail).toEqual([expect.objectContaining({ loc: ['body', 'price', 'unit_amount'] })]);
    else expect(frozen.message).toContain('price.unit_amount');
  });

  it('creates, retrieves, updates and lists customers, and reads their letters', async () => {
    const email = `${randomUUID()}@example.com`;
    const created = await h.client.customers.create({ email, first_name: 'Ada', client_reference_id: 'user-42' });
    expect(Customer.safeParse(created).error).toBeUndefined();
    expect(await h.client.customers.retrieve(created.customer_id)).toEqual(created);
    const updated = await h.client.customers.update(created.customer_id, { last_name: 'Lovelace', phone: '+1 555 010 0000' });
    expect(updated).toEqual({ ...created, last_name: 'Lovelace', phone: '+1 555 010 0000' });
    expect(await h.client.customers.list({ email })).toEqual({ data: [updated], hasMore: false });
    expect((await h.client.customers.list({ client_reference_id: 'user-42' })).data.map((c) => c.customer_id)).toContain(created.customer_id);
    // Letters are the sandbox's extension: Flex documents no letter endpoint.
    if (h.profile === 'default') expect(await h.client.customers.letters(created.customer_id)).toEqual({ data: [], hasMore: false });
    else expect(await failure(h.client.customers.letters(created.customer_id))).toBeInstanceOf(NotFoundError);
  });

  it('pages with limit and both cursors, and iterates over every page', async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.unshift((await product(`Paged ${i}`)).product_id); // newest first, like the list

    const first = await h.client.products.list({ limit: 2 });
    expect(first).toEqual({ data: [expect.objectContaining({ product_id: made[0] }), expect.objectContaining({ product_id: made[1] })], hasMore: true });
    const second = await h.client.products.list({ limit: 2, startingAfter: made[1] });
    expect(second.data.map((p) => p.product_id)).toEqual([made[2], made[3]]);
    const back = await h.client.products.list({ limit: 2, endingBefore: made[2] });
    expect(back.data.map((p) => p.product_id)).toEqual([made[0], made[1]]);

    const walked: string[] = [];
    for await (const p of h.client.products.all({ limit: 2 })) walked.push(p.product_id);
    expect(new Set(walked).size).toBe(walked.length);
    expect(walked.slice(0, 5)).toEqual(made);
    const everything = await h.client.products.list({ limit: 100 });
    expect(everything.hasMore).toBe(false);
    expect(walked).toEqual(everything.data.map((p) => p.product_id));
  });

  it('creates a session in payment, subscription and setup mode; retrieves, lists and expires them', async () => {
    const gym = await priceOf('gym');
    const p = await product('Membership', { hsa_fsa_eligibility: 'letter_of_medical_necessity', visit_type: 'gym' });
    const monthly = await h.client.prices.create({ product: p.product_id, unit_amount: 2999, recurring: { interval: 'monthly' } });
    const customer = await h.client.customers.create({ email: `${randomUUID()}@example.com` });

    const payment = await h.client.checkoutSessions.create({
      line_items: [{ price: gym.price_id, quantity: 2 }],
      mode: 'payment',
      setup_future_use: 'off_session',
      success_url: 'https://shop.example/thanks',
      cancel_url: 'https://shop.example/cart',
    });
    // The sandbox's own session in its default profile; only what Flex documents in the flex profile.
    expect((h.profile === 'default' ? CheckoutSession : FlexSessionRead).safeParse(payment).error).toBeUndefined();
    const sandboxOwn = (fields: Record<string, unknown>) => (h.profile === 'default' ? fields : {});
    if (h.profile === 'flex') for (const field of ['setup_future_use', 'line_items', 'currency']) expect(payment).not.toHaveProperty(field);
    expect(payment).toMatchObject({
      mode: 'payment',
      status: 'open',
      amount_total: 9998,
      ...sandboxOwn({ setup_future_use: 'off_session' }),
      visit_type: 'gym',
      letter_of_medical_necessity_required: true,
      // The sandbox's browser API opens a session with its own client secret; Flex's sessions
      // carry none (the companion server mints one: see the widget-route suites).
      client_secret: h.profile === 'default' ? expect.stringMatching(/^fcs_\w+_secret_/) : null,
      redirect_url: expect.stringMatching(new RegExp(`/pay/c/${payment.checkout_session_id}$`)),
    });
    const lines = await h.client.checkoutSessions.lineItems(payment.checkout_session_id);
    expect(lines).toEqual([
      expect.objectContaining({
        quantity: 2,
        amount_total: 9998,
        eligibility: 'letter_of_medical_necessity',
        price: expect.objectContaining({ price_id: gym.price_id }),
      }),
    ]);

    const subscription = await h.client.checkoutSessions.create({ mode: 'subscription', line_items: [{ price: monthly.price_id }] });
    expect(subscription).toMatchObject({ mode: 'subscription', amount_total: 2999, ...sandboxOwn({ setup_future_use: 'off_session' }) });

    const setup = await h.client.checkoutSessions.create({ mode: 'setup', customer: customer.customer_id });
    expect(setup).toMatchObject({ mode: 'setup', amount_total: 0, customer: customer.customer_id, ...sandboxOwn({ line_items: [] }) });

    const inline = await h.client.checkoutSessions.create({
      line_items: [{ price_data: { unit_amount: 1200, product_data: { name: 'Massage', hsa_fsa_eligibility: 'auto_substantiation' } } }],
    });
    expect(inline).toMatchObject({ mode: 'payment', amount_total: 1200, hsa_fsa_eligible: true });

    expect(await h.client.checkoutSessions.retrieve(payment.checkout_session_id)).toEqual(payment);
    expect((await h.client.checkoutSessions.list({ customer: customer.customer_id })).data).toEqual([setup]);
    const open = await h.client.checkoutSessions.list({ status: 'open', limit: 100 });
    expect(open.data.map((s) => s.checkout_session_id)).toEqual(
      expect.arrayContaining([payment, subscription, setup, inline].map((s) => s.checkout_session_id)),
    );

    if (h.profile === 'flex') {
      // Flex documents no expire call.
      expect(await failure(h.client.checkoutSessions.expire(subscription.checkout_session_id))).toBeInstanceOf(NotFoundError);
      return;
    }
    const expired = await h.client.checkoutSessions.expire(subscription.checkout_session_id);
    expect(expired).toMatchObject({ checkout_session_id: subscription.checkout_session_id, status: 'expired' });
    expect((await h.client.checkoutSessions.list({ status: 'expired' })).data.map((s) => s.checkout_session_id)).toContain(subscription.checkout_session_id);
  });

  it('off session: charges the saved card for the visit type the letter covers; another visit type throws LetterRequiredError', async () => {
    const gym = await priceOf('gym', 4999);
    const email = `${randomUUID()}@example.com`;

    // The first, on-session purchase: consultation approved, card saved for later.
    const first = await h.checkout({ line_items: [{ price: gym.price_id }], setup_future_use: 'off_session' }, { email });
    const customer: string = first.customer;
    expect(customer).toMatch(/^fcus_/);

    const cards = await h.client.paymentMethods.list({ customer });
    expect(cards.data).toHaveLength(1);
    const card = cards.data[0]!;
    expect(PaymentMethod.safeParse(card).error).toBeUndefined();
    expect(card).toMatchObject({ customer, off_session: true, card: { last4: '4242' } });
    expect(await h.client.paymentMethods.retrieve(customer, card.payment_method_id)).toEqual(card);

    if (h.profile === 'default') {
      // The sandbox's extension shows the letter and the consultation; Flex documents neither.
      const letters = await h.client.customers.letters(customer);
      expect(letters.data).toEqual([expect.objectContaining({ visit_type: 'gym', status: 'valid', customer })]);
      expect(Letter.safeParse(letters.data[0]).error).toBeUndefined();
      const consultations = await h.client.consultations.list({ customer });
      expect(consultations.data).toEqual([expect.objectContaining({ consultation_id: first.consultation, status: 'approved', visit_type: 'gym' })]);
      const consultation = await h.client.consultations.retrieve(first.consultation);
      expect(Consultation.safeParse(consultation).error).toBeUndefined();
      expect(consultation.letter?.letter_id).toBe(letters.data[0]!.letter_id);
    }

    // Later, with nobody present: another gym product, the same letter covers it.
    const renewalPrice = await priceOf('gym', 2999);
    const renewal = await h.client.offSession.charge({
      customer,
      paymentMethod: card.payment_method_id,
      lineItems: [{ price: renewalPrice.price_id }],
      metadata: { order: 'renewal-1' },
    });
    expect(renewal).toMatchObject({
      status: 'complete',
      mode: 'off_session',
      customer,
      letter_of_medical_necessity_required: true,
      visit_type: 'gym',
      metadata: { order: 'renewal-1' },
      payment_intent: renewal.payment_intent_id,
      amount_received: 2999,
    });
    const intent = await h.client.paymentIntents.retrieve(renewal.payment_intent_id!);
    expect(PaymentIntent.safeParse(intent).error).toBeUndefined();
    expect(intent).toMatchObject({ status: 'succeeded', off_session: true, customer, payment_method: card.payment_method_id, amount: 2999 });
    expect((await h.client.paymentIntents.list({ customer })).data.map((pi) => pi.payment_intent_id)).toContain(intent.payment_intent_id);

    // The same charge through checkoutSessions.create (mode "off_session").
    const direct = await h.client.checkoutSessions.create({
      mode: 'off_session',
      customer,
      payment_method: card.payment_method_id,
      line_items: [{ price: renewalPrice.price_id }],
    });
    expect(direct).toMatchObject({
      status: 'complete',
      mode: 'off_session',
      payment_intent: expect.stringMatching(/^fpi_/),
      amount_received: direct.amount_total,
    });

    // A skincare product: the gym letter does not cover it.
    const skincare = await priceOf('skincare', 3500);
    const before = (await h.client.paymentIntents.list({ customer, limit: 100 })).data.length;
    const refused = await failure(h.client.offSession.charge({ customer, paymentMethod: card.payment_method_id, lineItems: [{ price: skincare.price_id }] }));
    expect(refused).toBeInstanceOf(LetterRequiredError);
    expect(refused).toBeInstanceOf(FlexError);
    expect(refused.status).toBe(422);
    expect(refused.type).toBe('invalid_request_error');
    expect({ detail: refused.detail }).toEqual(FLEX_LOMN_ANSWER);
    expect(refused.message).toBe('A LoMN is required for this visit type (visit_type)');
    expect((await h.client.paymentIntents.list({ customer, limit: 100 })).data).toHaveLength(before);
  });

  it('off session: the same idempotency key charges once where keys are honoured, and a lost answer is retried only there', async () => {
    const gym = await priceOf('gym', 1500);
    const first = await h.checkout({ line_items: [{ price: gym.price_id }], setup_future_use: 'off_session' }, { email: `${randomUUID()}@example.com` });
    const customer: string = first.customer;
    const paymentMethod = (await h.client.paymentMethods.list({ customer })).data[0]!.payment_method_id;
    const charges = async () => (await h.client.paymentIntents.list({ customer, limit: 100 })).data.length;
    const start = await charges();

    const idempotencyKey = `renewal-${randomUUID()}`;
    const once = await h.client.offSession.charge({ customer, paymentMethod, lineItems: [{ price: gym.price_id }], idempotencyKey });
    const again = await h.client.offSession.charge({ customer, paymentMethod, lineItems: [{ price: gym.price_id }], idempotencyKey });
    // Where keys are honoured (the sandbox's extension) the same key charges once; Flex
    // documents none (the flex profile ignores the header), so there a repeat is a second charge.
    if (h.profile === 'default') {
      expect(again.checkout_session_id).toBe(once.checkout_session_id);
      expect(await charges()).toBe(start + 1);
    } else {
      expect(again.checkout_session_id).not.toBe(once.checkout_session_id);
      expect(await charges()).toBe(start + 2);
    }

    // The charge happens upstream, then its answer is lost on the way back (as a dropped
    // connection would). The client repeats the call with the key it generated only when an
    // earlier answer said the upstream honours keys (the default profile); Flex documents no
    // idempotency (the flex profile), so there it is sent once and the failure surfaces.
    const lost: (string | undefined)[] = [];
    const lossy: Upstream = {
      ...h.upstream,
      async fetch(path, init, origin) {
        const res = await h.upstream.fetch(path, init, origin);
        if (init.method === 'POST') lost.push((init.headers as Record<string, string>)['idempotency-key']);
        if (init.method === 'POST' && lost.length === 1) {
          await res.text();
          throw ApiError.one(502, [], 'The payment service could not be reached. Try again in a moment.', 'api_error');
        }
        return res;
      },
    };
    const client = createFlexClient({ upstream: lossy, apiKey: DEFAULT_SECRET_KEY, retryDelayMs: 1 });
    await client.paymentMethods.list({ customer }); // an earlier answer, which says what the upstream offers
    const charge = client.offSession.charge({ customer, paymentMethod, lineItems: [{ price: gym.price_id }] });
    if (h.profile === 'default') {
      const retried = await charge;
      expect(lost).toHaveLength(2);
      expect(lost[1]).toBe(lost[0]);
      expect(retried.status).toBe('complete');
    } else {
      const error = await failure(charge);
      expect(error).toBeInstanceOf(FlexApiError);
      expect(error.status).toBe(502);
      expect(lost).toHaveLength(1);
    }
    // The lost answer's charge happened once either way (the flex profile's repeat above made one more).
    expect(await charges()).toBe(start + (h.profile === 'default' ? 2 : 3));
  });

  it('off session: a saved 3-D Secure card declines with CardDeclinedError (authentication_required)', async () => {
    const plain = await priceOf(null, 1500);
    const session = await createSession(h.call, { line_items: [{ price: plain.price_id }], setup_future_use: 'off_session' });
    if (h.profile === 'flex') {
      // On the hosted page: the card asks for 3-D Secure, the shopper completes it.
      const paid = await payOnHostedPage(h.page, h.call, session, { card: CARDS.threeDSecure, email: `${randomUUID()}@example.com` });
      expect(paid.status, await paid.clone().text()).toBe(303);
    } else {
      const browser = browserOf(h.call, session);
      expect((await browser.details({ email: `${randomUUID()}@example.com`, first_name: 'Tess', last_name: 'Secure' })).status).toBe(200);
      const confirmed = await browser.confirm(await tokenFor(h.call, CARDS.threeDSecure));
      expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
      expect(confirmed.body.status).toBe('requires_action');
      const challenged = await authenticate(h.call, confirmed.body.next_action.client_secret, 'complete');
      expect(challenged.status, JSON.stringify(challenged.body)).toBe(200);
    }

    const done = await h.client.checkoutSessions.retrieve(session.checkout_session_id);
    expect(done.status).toBe('complete');
    const customer = done.customer!;
    const card = (await h.client.paymentMethods.list({ customer })).data[0]!;
    expect(card).toMatchObject({ off_session: true, card: { last4: '3155' } });

    const declined = await failure(h.client.offSession.charge({ customer, paymentMethod: card.payment_method_id, lineItems: [{ price: plain.price_id }] }));
    expect(declined).toBeInstanceOf(CardDeclinedError);
    expect(declined.status).toBe(402);
    expect(declined.type).toBe('card_error');
    expect(declined.declineCode).toBe('authentication_required');
    expect(declined.detail).toEqual([
      h.profile === 'default'
        ? { loc: ['body', 'checkout_session', 'payment_method'], msg: expect.stringMatching(/authenticate/), type: 'card_error' }
        : { loc: [], msg: expect.stringMatching(/authenticate/), type: 'card_error' },
    ]);
    expect((await h.client.checkoutSessions.list({ customer })).data.map((s) => s.checkout_session_id)).toEqual([session.checkout_session_id]);
  });

  it('throws AuthenticationError for a wrong key, never echoing it', async () => {
    const client = createFlexClient({ upstream: h.upstream, apiKey: 'fsk_test_not_the_key' });
    const error = await failure(client.products.list());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.status).toBe(401);
    expect(error.type).toBe('authentication_error');
    // Flex's reference shape ({"error":{code,message}}) names no field.
    expect(error.detail[0].loc).toEqual(h.profile === 'default' ? ['header', 'authorization'] : []);
    expect(error.message).not.toContain('fsk_test_not_the_key');
  });

  it('throws NotFoundError for an ID that does not exist', async () => {
    const missing = 'fprod_01ARZ3NDEKTSV4RRFFQ69G5FAV';
    const error = await failure(h.client.products.retrieve(missing));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, type: 'not_found' });
    expect(error.message).toContain(missing);
    expect(await failure(h.client.customers.letters('fcus_01ARZ3NDEKTSV4RRFFQ69G5FAV'))).toBeInstanceOf(NotFoundError);
    expect(await failure(h.client.checkoutSessions.expire('fcs_01ARZ3NDEKTSV4RRFFQ69G5FAV'))).toBeInstanceOf(NotFoundError);
  });

  if (h.profile === 'default')
    it('replays a write with the same idempotency key, and throws IdempotencyError for the same key with another body', async () => {
      const idempotencyKey = randomUUID();
      const first = await h.client.products.create({ name: 'Once' }, { idempotencyKey });
      const replayed = await h.client.products.create({ name: 'Once' }, { idempotencyKey });
      expect(replayed).toEqual(first);
      const error = await failure(h.client.products.create({ name: 'Twice' }, { idempotencyKey }));
      expect(error).toBeInstanceOf(IdempotencyError);
      expect(error).toMatchObject({ status: 409, type: 'idempotency_error' });
      expect(error.detail[0].loc).toEqual(['header', 'idempotency-key']);
    });
  else
    it('the flex profile ignores Idempotency-Key, as Flex documents none: the same key makes a second object', async () => {
      const idempotencyKey = randomUUID();
      const first = await h.client.products.create({ name: 'Once' }, { idempotencyKey });
      const second = await h.client.products.create({ name: 'Once' }, { idempotencyKey });
      expect(second.product_id).not.toBe(first.product_id);
    });

  if (h.profile === 'flex') {
    it('expire is the sandbox extension: the flex profile answers NotFoundError, as Flex would', async () => {
      const plain = await priceOf(null, 800);
      const open = await createSession(h.call, { line_items: [{ price: plain.price_id }] });
      expect(await failure(h.client.checkoutSessions.expire(open.checkout_session_id))).toBeInstanceOf(NotFoundError);
    });
  } else
    it('throws ConflictError when expiring a completed session (expire: the sandbox extension)', async () => {
      const plain = await priceOf(null, 800);
      const done = await h.checkout({ line_items: [{ price: plain.price_id }] }, { email: `${randomUUID()}@example.com` });
      const error = await failure(h.client.checkoutSessions.expire(done.checkout_session_id));
      expect(error).toBeInstanceOf(ConflictError);
      expect(error).not.toBeInstanceOf(IdempotencyError);
      expect(error).toMatchObject({ status: 409, type: 'conflict' });
    });

  it('throws ValidationError keeping every detail entry, for 422 and 400', async () => {
    const body = { name: '', upc_code: '123', gtin: 'not-a-gtin', hsa_fsa_eligibility: 'letter_of_medical_necessity' as const };
    const raw = await h.call('POST', '/v1/products', { body: { product: body } });
    expect(raw.status).toBe(422);
    const error = await failure(h.client.products.create(body));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBe(422);
    if (h.profile === 'default') {
      expect(raw.body.detail.length).toBeGreaterThanOrEqual(3);
      expect(error.detail).toEqual(raw.body.detail);
      for (const d of raw.body.detail) expect(error.message).toContain(`${d.msg} (${d.loc.join('.')})`);
    } else {
      // Flex's reference shape: one code and one message naming every field at fault.
      expect(raw.body).toEqual({ error: { code: 'invalid_request', message: expect.any(String) } });
      expect(error.detail).toEqual([{ loc: [], msg: raw.body.error.message, type: 'invalid_request' }]);
      for (const field of ['product.name', 'product.upc_code', 'product.gtin']) expect(error.message).toContain(field);
    }

    const malformed = await failure(h.client.products.create({ name: 'Shoes', colour: 'red' } as never));
    expect(malformed).toBeInstanceOf(ValidationError);
    if (h.profile === 'default') {
      expect(malformed).toMatchObject({ status: 400, type: 'extra_forbidden' });
      expect(malformed.detail).toEqual([{ loc: ['body', 'product', 'colour'], msg: 'Unknown field', type: 'extra_forbidden' }]);
    } else {
      expect(malformed).toMatchObject({ status: 400, type: 'invalid_request', message: 'Unknown field (product.colour)' });
    }

    // Off session without a payment method: refused before any charge, at the field.
    const customer = await h.client.customers.create({ email: `${randomUUID()}@example.com` });
    const plain = await priceOf(null, 500);
    const incomplete = await failure(
      h.client.checkoutSessions.create({ mode: 'off_session', customer: customer.customer_id, line_items: [{ price: plain.price_id }] }),
    );
    expect(incomplete).toBeInstanceOf(ValidationError);
    if (h.profile === 'default') expect(incomplete.detail[0].loc).toEqual(['body', 'checkout_session', 'payment_method']);
    else expect(incomplete.message).toContain('checkout_session.payment_method');
  });
};

describe('typed client against the embedded sandbox', () => clientSuite(useEmbedded()));
describe('typed client over HTTP against a separately started sandbox', () => clientSuite(useHttp()));
// Flex as its documentation shows it: the same suite, the extensions' absence checked where they are used.
describe('typed client against the embedded sandbox, flex profile', () => clientSuite(useEmbedded('flex')));
describe('typed client over HTTP against a separately started sandbox, flex profile', () => clientSuite(useHttp('flex')));

/** Answers from a scripted upstream: the statuses a healthy sandbox never gives. */
describe('typed client: errors and retries from a scripted upstream', () => {
  function scripted(answer: (call: number, init: RequestInit) => Response | Promise<Response>) {
    const calls: { path: string; init: RequestInit }[] = [];
    const upstream: Upstream = {
      kind: 'http',
      description: 'scripted',
      sandboxApp: null,
      async fetch(path, init) {
        calls.push({ path, init });
        return answer(calls.length, init);
      },
      close: async () => {},
    };
    return { calls, client: createFlexClient({ upstream, apiKey: 'fsk_test_scripted', retryDelayMs: 1 }) };
  }
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
  const errorBody = (type: string, msg = 'nope') => ({ detail: [{ loc: [], msg, type }] });

  it('sends the key, JSON and the idempotency key; encodes list parameters', async () => {
    const { calls, client } = scripted((n) => (n === 1 ? json(200, { product: { product_id: 'fprod_x' } }) : json(200, { customers: [], has_more: false })));
    await client.products.create({ name: 'A' }, { idempotencyKey: 'key-1' });
    await client.customers.list({ limit: 5, startingAfter: 'fcus_a', email: 'a+b@example.com' });
    const [create, list] = calls;
    expect(create!.path).toBe('/v1/products');
    expect(create!.init.method).toBe('POST');
    expect(create!.init.headers).toMatchObject({
      authorization: 'Bearer fsk_test_scripted',
      'content-type': 'application/json',
      'idempotency-key': 'key-1',
    });
    expect(JSON.parse(create!.init.body as string)).toEqual({ product: { name: 'A' } });
    expect(list!.path).toBe('/v1/customers?email=a%2Bb%40example.com&limit=5&starting_after=fcus_a');
  });

  it('gives every off-session charge a fresh idempotency key when none is given', async () => {
    const complete = { checkout_session: { status: 'complete' } };
    const { calls, client } = scripted(() => json(200, complete));
    await client.offSession.charge({ customer: 'fcus_a', paymentMethod: 'fpm_a', lineItems: [{ price: 'fprice_a' }] });
    await client.offSession.charge({ customer: 'fcus_a', paymentMethod: 'fpm_a', lineItems: [{ price: 'fprice_a' }] });
    const keys = calls.map((c) => (c.init.headers as Record<string, string>)['idempotency-key']);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[0]).not.toBe(keys[1]);
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({
      checkout_session: { mode: 'off_session', customer: 'fcus_a', payment_method: 'fpm_a', line_items: [{ price: 'fprice_a', quantity: 1 }] },
    });
  });

  it('maps 429 to RateLimitError with Retry-After, and 402 to CardDeclinedError with its decline code', async () => {
    const limited = scripted(() => json(429, errorBody('rate_limit_error', 'Too many requests'), { 'retry-after': '30' }));
    const error = await failure(limited.client.products.list());
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, retryAfter: 30 });
    expect(limited.calls).toHaveLength(1); // a 429 is not retried by the client

    const declined = scripted(() =>
      json(402, { detail: [{ loc: ['body'], msg: 'Your card has insufficient funds. Try another card. (insufficient_funds)', type: 'card_error' }] }),
    );
    const card = await failure(declined.client.offSession.charge({ customer: 'fcus_a', paymentMethod: 'fpm_a', lineItems: [] }));
    expect(card).toBeInstanceOf(CardDeclinedError);
    expect(card.declineCode).toBe('insufficient_funds');
  });

  it('retries a read after a 5xx, never a write without a key, and maps 5xx and unreadable answers to FlexApiError', async () => {
    const failing = scripted(() => json(503, errorBody('api_error', 'Down for a moment')));
    const read = await failure(failing.client.products.list());
    expect(read).toBeInstanceOf(FlexApiError);
    expect(read.status).toBe(503);
    expect(failing.calls).toHaveLength(3); // one try and two retries
    await failure(failing.client.products.create({ name: 'A' }));
    expect(failing.calls).toHaveLength(4); // a write without a key is never repeated

    const recovering = scripted((n) => (n === 1 ? json(500, errorBody('api_error')) : json(200, { products: [], has_more: false })));
    expect(await recovering.client.products.list()).toEqual({ data: [], hasMore: false });

    const html = scripted(() => new Response('<h1>Bad gateway</h1>', { status: 502, headers: { 'content-type': 'text/html' } }));
    const unreadable = await failure(html.client.products.create({ name: 'A' }));
    expect(unreadable).toBeInstanceOf(FlexApiError);
    expect(unreadable.status).toBe(502);
    expect(unreadable.type).toBe('api_error');

    const okButNotJson = scripted(() => new Response('ok', { status: 200 }));
    expect(await failure(okButNotJson.client.products.retrieve('fprod_a'))).toBeInstanceOf(FlexApiError);
  });

  it('maps a network failure to FlexApiError without leaking its cause', async () => {
    const down = scripted(() => {
      throw new TypeError('fetch failed: connect ECONNREFUSED https://user:secret@api.example');
    });
    const error = await failure(down.client.products.retrieve('fprod_a'));
    expect(error).toBeInstanceOf(FlexApiError);
    expect(error.status).toBe(502);
    expect(error.message).not.toContain('secret');
    expect(down.calls).toHaveLength(3);
  });
});
