import { Hono } from 'hono';
import { ApiError } from '../http/errors.js';
import type { SandboxEnv } from '../http/env.js';
import { paymentIntents, paymentMethods, setupIntents } from '../payments/store.js';
import { presentPaymentMethod } from '../payments/present.js';
import { expands, intervalFilter, listPage, mustGet } from './lists.js';
import { customers } from './customers.js';

/** `/v1/payment_methods`: a customer's saved cards. Cards are only ever created by the card frame. */
export const paymentMethodRoutes = new Hono<SandboxEnv>()
  .get('/', (c) => listPage(c, paymentMethods, 'payment_methods', 'payment method', { customer_id: c.req.query('customer') }, presentPaymentMethod))
  .get('/:id', async (c) => c.json({ payment_method: presentPaymentMethod(await mustGet(c, paymentMethods, 'payment method', c.req.param('id'))) }))
  .post('/', () => {
    // The secret-key API never takes a card number: that would put card data on the
    // merchant's servers. Cards come from the card frame as confirmation tokens.
    throw ApiError.one(
      400,
      ['body'],
      'Card details are never sent with the secret key. Collect cards with the payment form (the card frame), which gives a confirmation token.',
      'invalid_request_error',
    );
  });

/** `/v1/payment_intents` and `/v1/setup_intents`: read-only views of every charge and verification. */
export const paymentIntentRoutes = new Hono<SandboxEnv>()
  // Flex's filters: `customer`, `checkout_session`, `interval` (days); `expand=customer` answers the customer whole.
  .get('/', (c) => {
    const expand = expands(c, 'customer');
    return listPage(
      c,
      paymentIntents,
      'payment_intents',
      'payment intent',
      { customer_id: c.req.query('customer'), checkout_session_id: c.req.query('checkout_session') },
      async (pi) => (expand && pi.customer ? { ...pi, customer: (await customers.get(c.var.db, pi.customer)) ?? pi.customer } : pi),
      intervalFilter(c, 'iso'),
    );
  })
  .get('/:id', async (c) => c.json({ payment_intent: await mustGet(c, paymentIntents, 'payment intent', c.req.param('id')) }));

export const setupIntentRoutes = new Hono<SandboxEnv>()
  .get('/', (c) =>
    listPage(c, setupIntents, 'setup_intents', 'setup intent', {
      customer_id: c.req.query('customer'),
      checkout_session_id: c.req.query('checkout_session'),
    }),
  )
  .get('/:id', async (c) => c.json({ setup_intent: await mustGet(c, setupIntents, 'setup intent', c.req.param('id')) }));
