/**
 * The store's side of the Flex integration: everything it asks of Flex, through the
 * companion server's typed client. The rest of the demo is pages around these functions.
 */
import { FlexTime, type FlexEvent, type Letter } from '@flex-checkout/protocol';
import {
  CardDeclinedError,
  FlexError,
  LetterRequiredError,
  NotFoundError,
  type FlexCheckout,
  type FlexCheckoutSession,
  type FlexPaymentMethod,
  type FlexSubscription,
} from '@flex-checkout/server';
import { createHash } from 'node:crypto';
import type { CatalogItem } from './catalog.js';
import { newId, type StoreDb, type StoreTables } from './db.js';

export type Customer = StoreTables['store_customers'];

/** In the page (the store's default) or on the hosted page inside the element (/hosted). */
export type Experience = 'in-page' | 'hosted';
export type Order = StoreTables['store_orders'];

export interface ShopOptions {
  flex: FlexCheckout;
  /**
   * The same companion server's hosted checkout (`checkout: 'hosted'`, under /flex-hosted):
   * the session's client secret and return pages are its own. The /hosted store pages use it.
   */
  hosted: FlexCheckout;
  db: StoreDb;
  catalog: CatalogItem[];
  /** Whether Flex delivers webhooks to this store; without them the success page fulfils. */
  webhooks: () => boolean;
}

export function createShop({ flex, hosted, db, catalog, webhooks }: ShopOptions) {
  const { client } = flex;
  /** The companion server that makes, reads and renders a session for a checkout of this kind. */
  const serverFor = (experience: Experience) => (experience === 'hosted' ? hosted : flex);
  const clientFor = (experience: Experience) => serverFor(experience).client;
  const item = (key: string) => catalog.find((i) => i.key === key);

  /** Signs a shopper in by email: the store's customer, and its Flex customer, made once. */
  async function customerFor(email: string): Promise<Customer> {
    const normalized = email.trim().toLowerCase();
    const found = await db.selectFrom('store_customers').selectAll().where('email', '=', normalized).executeTakeFirst();
    if (found) return found;
    const customer_id = newId('cus');
    // The Flex customer comes first, with our ID in its metadata (the fields Flex's create
    // body documents): every checkout then carries it, so cards and letters gather on one
    // customer and a returning shopper skips the consultation.
    const flexCustomer = await client.customers.create(
      { email: normalized, metadata: { store_customer_id: customer_id } },
      { idempotencyKey: `customer-${normalized}` },
    );
    const row = { customer_id, email: normalized, flex_customer_id: flexCustomer.customer_id, created_at: Date.now() };
    await db
      .insertInto('store_customers')
      .values(row)
      .onConflict((oc) => oc.column('email').doNothing())
      .execute();
    return await db.selectFrom('store_customers').selectAll().where('email', '=', normalized).executeTakeFirstOrThrow();
  }

  /**
   * "Pay with HSA/FSA": an order, and a checkout session for it. The page gets only the
   * session's client secret. Cards are kept for later off-session charges ("Buy again",
   * renewals); the element tells the shopper so before they pay.
   */
  async function startCheckout(customer: Customer, product: CatalogItem, origin: string, experience: Experience = 'in-page'): Promise<Order> {
    const order_id = newId('ord');
    const subscription = product.price.recurring !== null;
    const session = await clientFor(experience).checkoutSessions.create(
      {
        mode: subscription ? 'subscription' : 'payment',
        line_items: [{ price: product.price.price_id, quantity: 1 }],
        customer: customer.flex_customer_id,
        ...(subscription ? {} : { setup_future_use: 'off_session' as const }),
        // Goods sent by post: the checkout asks where to (the in-page details step, or Flex's hosted page).
        ...(product.ships ? { shipping_address_collection: true } : {}),
        client_reference_id: order_id,
        metadata: { order_id },
        success_url: `${origin}/orders/${order_id}`,
        cancel_url: `${origin}/products/${product.key}`,
      },
      { idempotencyKey: `checkout-${order_id}` },
    );
    const order: Order = {
      ...orderBase(order_id, customer, product),
      kind: subscription ? 'subscription' : 'checkout',
      checkout_session_id: session.checkout_session_id,
    };
    await db.insertInto('store_orders').values(order).execute();
    return order;
  }

  /** The client secret the checkout page hands to <flex-checkout>: read again each time the page loads. */
  async function clientSecretFor(order: Order, experience: Experience = 'in-page'): Promise<string | null> {
    if (!order.checkout_session_id) return null;
    return (await clientFor(experience).checkoutSessions.retrieve(order.checkout_session_id)).client_secret;
  }

  /**
   * The checkout page's `<flex-checkout>`, rendered by the companion server with the session's
   * first view in it (`renderElement`): the shopper's browser starts on the first step without
   * reading the session. The store loads flex-checkout.js from its root, as from a CDN, so no
   * preload: it would name the companion server's copy of the in-page part, not the one the
   * element loads from beside its script.
   */
  async function checkoutElement(
    order: Order,
    experience: Experience,
    { origin, attributes }: { origin: string; attributes: Record<string, string> },
  ): Promise<string | null> {
    const secret = await clientSecretFor(order, experience);
    if (!secret) return null;
    // The element is in English (`locale="en"`), so the questions in its first view are too. The
    // store's name is who the saved-card terms say may charge the card (`merchant-name`).
    return serverFor(experience).renderElement(secret, {
      origin,
      language: 'en',
      attributes: { locale: 'en', 'merchant-name': 'Juniper Wellness', ...attributes },
      preload: false,
    });
  }

  /**
   * Marks an order paid, once. Every path that learns of a payment calls this; the
   * conditional update makes the second caller a no-op, so fulfilment never runs twice.
   */
  async function markPaid(order_id: string, session: FlexCheckoutSession, by: string, eventId: string | null): Promise<boolean> {
    const result = await db
      .updateTable('store_orders')
      .set({
        status: 'paid',
        fulfilled_by: by,
        fulfilment_event: eventId,
        checkout_session_id: session.checkout_session_id,
        // Flex's newer pages name the intent `payment_intent`; the refund guide `payment_intent_id`.
        payment_intent_id: session.payment_intent_id ?? session.payment_intent ?? null,
        subscription_id: session.subscription,
        paid_at: Date.now(),
      })
      .where('order_id', '=', order_id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * The webhook handler (`onEvent`): called at least once per event, so everything it does
   * is idempotent. It reads the session again rather than trusting the event's copy.
   */
  async function onEvent(event: FlexEvent): Promise<void> {
    await db
      .insertInto('store_webhook_events')
      .values({ event_id: event.event_id, event_type: event.event_type, first_received_at: Date.now(), handler_calls: 1, handled_at: null, outcome: null })
      .onConflict((oc) => oc.column('event_id').doUpdateSet((eb) => ({ handler_calls: eb('store_webhook_events.handler_calls', '+', 1) })))
      .execute();
    const outcome = await handle(event);
    await db.updateTable('store_webhook_events').set({ handled_at: Date.now(), outcome }).where('event_id', '=', event.event_id).execute();
  }

  async function handle(event: FlexEvent): Promise<string> {
    const sessionId = event.object.checkout_session_id;
    // One of Flex's guides spells it `checkout_session.completed`.
    if ((event.event_type === 'checkout.session.completed' || event.event_type === 'checkout_session.completed') && typeof sessionId === 'string') {
      const session = await client.checkoutSessions.retrieve(sessionId);
      // The order's ID is in the session's metadata; Flex does not promise to give metadata
      // back, so the order that started this session is the fallback.
      const orderId = session.metadata?.order_id ?? (await orderOfSession(sessionId));
      if (!orderId) return 'Not a store order: nothing to do';
      if (session.status !== 'complete') return `Session is ${session.status}: nothing to do`;
      if (await markPaid(orderId, session, 'webhook', event.event_id)) return `Order ${orderId} paid and fulfilled`;
      const order = await db.selectFrom('store_orders').select(['fulfilled_by', 'status']).where('order_id', '=', orderId).executeTakeFirst();
      return `Order ${orderId} was already ${order?.status ?? 'unknown'}${order?.fulfilled_by ? ` (by ${order.fulfilled_by})` : ''}: nothing done twice`;
    }
    // Flex's subscription guide: extend a subscription on `invoice.payment_succeeded`.
    if (event.event_type === 'invoice.payment_succeeded' && typeof event.object.invoice_id === 'string') {
      return recordRenewal(event.object.invoice_id, event.event_id);
    }
    if (event.event_type === 'invoice.payment_failed' && typeof event.object.invoice_id === 'string') {
      // Why it failed is the payment intent's (`last_payment_error`); Flex's invoice does not say.
      const invoice = await client.invoices.retrieve(event.object.invoice_id);
      const error = invoice.payment_intent ? (await client.paymentIntents.retrieve(invoice.payment_intent)).last_payment_error : null;
      return `A renewal charge failed${error?.message ? `: ${error.message}` : ''}; Flex retries it on its schedule`;
    }
    if (event.event_type.startsWith('customer.subscription.')) {
      // The order learns its subscription from its session (`markPaid`): Flex's subscription
      // does not say which checkout made it.
      const { subscription_id, status } = event.object as { subscription_id?: string; status?: string };
      return `Subscription ${subscription_id ?? ''} is ${status ?? 'unknown'}: the account page reads it from Flex`;
    }
    if (event.event_type === 'checkout.session.expired' && typeof sessionId === 'string') {
      const result = await db
        .updateTable('store_orders')
        .set({ status: 'expired' })
        .where('checkout_session_id', '=', sessionId)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1 ? 'Order marked expired' : 'No pending order for this session';
    }
    return 'Noted; the store has nothing to do for this event';
  }

  /** The store's order that started a checkout session, if any. */
  async function orderOfSession(sessionId: string): Promise<string | undefined> {
    const order = await db.selectFrom('store_orders').select('order_id').where('checkout_session_id', '=', sessionId).executeTakeFirst();
    return order?.order_id;
  }

  /**
   * A subscription's invoice paid: a renewal becomes a paid order, once per invoice. Read from
   * Flex with the secret key (the invoice, then its subscription for what it bills), with only
   * the fields Flex documents: an invoice names no reason or lines there.
   */
  async function recordRenewal(invoiceId: string, eventId: string): Promise<string> {
    const invoice = await client.invoices.retrieve(invoiceId);
    if (!invoice.subscription || invoice.amount_paid === 0) return 'Not a paid subscription invoice: nothing to do';
    const subscription = await client.subscriptions.retrieve(invoice.subscription);
    // The first invoice is paid at checkout, and its order is the checkout's own; a renewal's
    // period starts a trial or a billing period after the subscription did (a day at least).
    // Flex states no format for these times: FlexTime reads seconds, milliseconds or ISO text.
    const periodStart = FlexTime.parse(invoice.period_start);
    const began = FlexTime.parse(subscription.created_at);
    if (periodStart === null || began === null) return 'The invoice or its subscription gave no readable time: nothing recorded';
    if (periodStart - began < HOUR_S) return "The subscription's first invoice: its checkout's order has it";
    const customer = await db.selectFrom('store_customers').selectAll().where('flex_customer_id', '=', invoice.customer).executeTakeFirst();
    const product = catalog.find((i) => subscription.items.some((item) => item.price === i.price.price_id));
    if (!customer || !product) return 'Not a store subscription: nothing to do';
    const order_id = `ord_${invoice.invoice_id}`; // one order per invoice, however often the event comes
    const result = await db
      .insertInto('store_orders')
      .values({
        ...orderBase(order_id, customer, product),
        amount: invoice.amount_paid,
        kind: 'renewal',
        status: 'paid',
        fulfilled_by: 'webhook',
        fulfilment_event: eventId,
        payment_intent_id: invoice.payment_intent,
        subscription_id: subscription.subscription_id,
        paid_at: Date.now(),
      })
      .onConflict((oc) => oc.column('order_id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1
      ? `Renewal recorded as order ${order_id}`
      : `Renewal ${order_id} was already recorded: nothing done twice`;
  }

  /**
   * Without webhooks (a sandbox that cannot send them), the success page asks Flex about
   * the session itself, with the secret key: never the redirect's word. True when the
   * order changed (paid, or expired).
   */
  async function fulfilFromSuccessPage(order: Order): Promise<boolean> {
    if (webhooks() || order.status !== 'pending' || !order.checkout_session_id) return false;
    const session = await client.checkoutSessions.retrieve(order.checkout_session_id);
    if (session.status === 'expired') {
      await db.updateTable('store_orders').set({ status: 'expired' }).where('order_id', '=', order.order_id).where('status', '=', 'pending').execute();
      return true;
    }
    return session.status === 'complete' && (await markPaid(order.order_id, session, 'success_page', null));
  }

  /**
   * "Buy again": charges the customer's saved card with nobody at a checkout. Flex refuses
   * when the customer holds no valid letter for the product's visit type; the order records
   * what Flex said either way.
   */
  /**
   * Buy again: one order, and at most one charge, per intent — the account page's token and
   * the product. The order's ID is made from them, so a double click, a resent form or five
   * tabs at once all find the same order: the first request inserts it and charges, the rest
   * wait for its outcome. The charge's Idempotency-Key is the order's, so even a retry after a
   * crash mid-charge is the same charge at Flex.
   */
  async function buyAgain(customer: Customer, product: CatalogItem, intent: string): Promise<Order> {
    const order_id = `ord_${createHash('sha256').update(`${customer.customer_id}\n${intent}\n${product.key}`).digest('base64url').slice(0, 16)}`;
    const order: Order = { ...orderBase(order_id, customer, product), kind: 'off_session' };
    const inserted = await db
      .insertInto('store_orders')
      .values(order)
      .onConflict((oc) => oc.column('order_id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return settled(order_id);
    const card = await chargeableCard(customer);
    try {
      if (!card) throw new Error('No card is saved for charges without you: check out once first.');
      const session = await client.offSession.charge({
        customer: customer.flex_customer_id,
        paymentMethod: card.payment_method_id,
        lineItems: [{ price: product.price.price_id, quantity: 1 }],
        metadata: { order_id },
        idempotencyKey: `buy-again-${order_id}`,
      });
      // The charge's own answer is authoritative; the webhook that follows finds it paid.
      await markPaid(order_id, session, 'off_session_answer', null);
    } catch (error) {
      const failure =
        error instanceof LetterRequiredError
          ? (error.detail[0]?.msg ?? error.message) // Flex's words: "A LoMN is required for this visit type"
          : error instanceof CardDeclinedError
            ? `Your card was declined${error.declineCode ? ` (${error.declineCode.replaceAll('_', ' ')})` : ''}.`
            : error instanceof FlexError
              ? (error.detail[0]?.msg ?? error.message)
              : error instanceof Error
                ? error.message
                : 'The charge failed.';
      await db.updateTable('store_orders').set({ status: 'failed', failure }).where('order_id', '=', order_id).execute();
    }
    return db.selectFrom('store_orders').selectAll().where('order_id', '=', order_id).executeTakeFirstOrThrow();
  }

  /** The order once its charge has an outcome (or, past a wait, as it stands: still pending). */
  async function settled(order_id: string, waitMs = 15_000): Promise<Order> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const row = await db.selectFrom('store_orders').selectAll().where('order_id', '=', order_id).executeTakeFirstOrThrow();
      if (row.status !== 'pending' || Date.now() > deadline) return row;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The card Buy again charges: the customer's default, else their first card verified for off-session use. */
  async function chargeableCard(customer: Customer): Promise<FlexPaymentMethod | undefined> {
    const [cards, flexCustomer] = await Promise.all([savedCards(customer), client.customers.retrieve(customer.flex_customer_id)]);
    const usable = cards.filter((pm) => pm.off_session);
    return usable.find((pm) => pm.payment_method_id === defaultCardOf(flexCustomer)) ?? usable[0];
  }

  const savedCards = async (customer: Customer): Promise<FlexPaymentMethod[]> =>
    (await client.paymentMethods.list({ customer: customer.flex_customer_id, limit: 100 })).data;

  /**
   * The customer's letters of medical necessity: a sandbox extension (Flex documents no letters
   * API), so `null` when the upstream has none (404) and the page says where they are kept.
   */
  async function letters(customer: Customer): Promise<Letter[] | null> {
    try {
      return (await client.customers.letters(customer.flex_customer_id)).data;
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  /**
   * The customer's subscriptions (`GET /v1/subscriptions?customer=`), read as Flex documents
   * them: an item names its price, and the catalog says what that is. `null` when the
   * upstream has no subscriptions list (404), so the page shows the store's own records.
   */
  async function subscriptions(customer: Customer): Promise<FlexSubscription[] | null> {
    try {
      return (await client.subscriptions.list({ customer: customer.flex_customer_id, limit: 100 })).data;
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  const orders = (customer: Customer) =>
    db.selectFrom('store_orders').selectAll().where('customer_id', '=', customer.customer_id).orderBy('created_at', 'desc').execute();

  const order = (order_id: string) => db.selectFrom('store_orders').selectAll().where('order_id', '=', order_id).executeTakeFirst();

  const customerById = (customer_id: string) => db.selectFrom('store_customers').selectAll().where('customer_id', '=', customer_id).executeTakeFirst();

  return {
    item,
    customerFor,
    customerById,
    startCheckout,
    clientSecretFor,
    checkoutElement,
    onEvent,
    fulfilFromSuccessPage,
    buyAgain,
    chargeableCard,
    savedCards,
    letters,
    subscriptions,
    orders,
    order,
  };
}

export type Shop = ReturnType<typeof createShop>;

const HOUR_S = 3600;

/** The customer's default card, on a Flex that has one (the billing API's `default_payment_method`). */
const defaultCardOf = (customer: object): string | null =>
  'default_payment_method' in customer && typeof customer.default_payment_method === 'string' ? customer.default_payment_method : null;

function orderBase(order_id: string, customer: Customer, product: CatalogItem) {
  return {
    order_id,
    customer_id: customer.customer_id,
    product_key: product.key,
    price_id: product.price.price_id,
    name: product.product.name,
    amount: product.price.unit_amount,
    currency: product.price.currency ?? 'usd',
    checkout_session_id: null,
    status: 'pending',
    failure: null,
    fulfilled_by: null,
    fulfilment_event: null,
    payment_intent_id: null,
    subscription_id: null,
    created_at: Date.now(),
    paid_at: null,
  };
}
