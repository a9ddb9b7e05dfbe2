import { InvoiceListFilters, InvoicePayRequest, LETTER_REQUIRED_ERROR } from '@flex-checkout/protocol';
import { Hono } from 'hono';
import { collectInvoice } from '../billing/renewals.js';
import { invoices } from '../billing/store.js';
import { presentInvoice } from '../billing/shapes.js';
import { lockOpenableInvoice } from '../billing/subscriptions.js';
import { conflict } from '../http/errors.js';
import type { SandboxEnv } from '../http/env.js';
import { parseBody, parseQuery } from '../http/validate.js';
import { usableDefault } from './customers.js';
import { listPage, mustGet } from './lists.js';

/**
 * `/v1/invoices`: one per subscription period. `POST /v1/invoices/{id}/pay` (the default
 * profile's extension) collects an open
 * invoice now, as support would, with the card given or the default one. A failed attempt
 * is kept (answered, not thrown, so it commits): 402 for a decline, Flex's exact LoMN 422
 * when no valid letter covers the visit type. The retry schedule stays as it was.
 */
export const invoiceRoutes = new Hono<SandboxEnv>()
  .get('/', (c) => {
    const filters = parseQuery(c, InvoiceListFilters.loose());
    return listPage(
      c,
      invoices,
      'invoices',
      'invoice',
      { customer_id: filters.customer, subscription_id: filters.subscription, status: filters.status },
      presentInvoice,
      undefined,
      20,
    );
  })
  .get('/:id', async (c) => c.json({ invoice: presentInvoice(await mustGet(c, invoices, 'invoice', c.req.param('id'))) }));

/** The sandbox's extension: collect an open invoice now (Flex documents no such call). */
export const invoiceExtensionRoutes = new Hono<SandboxEnv>().post('/:id/pay', async (c) => {
  const { payment_method } = await parseBody(c, InvoicePayRequest);
  const ctx = { db: c.var.db, dialect: c.var.store.dialect, now: c.var.now };
  const invoice = await lockOpenableInvoice(ctx, c.req.param('id'), ['path', 'id']);
  if (invoice.status !== 'open') throw conflict(['path', 'id'], `This invoice is ${invoice.status}; only an open invoice can be paid`);
  if (payment_method) await usableDefault(c.var.db, invoice.customer, payment_method, ['body', 'payment_method']);

  const attempt = await collectInvoice(ctx, invoice, { ...(payment_method ? { paymentMethod: payment_method } : {}), scheduled: false });
  if (!attempt.error) return c.json({ invoice: presentInvoice(attempt.invoice) });
  if (attempt.error.code === 'lomn_required') return c.json(LETTER_REQUIRED_ERROR, 422);
  if (attempt.error.type === 'card_error') {
    return c.json({ detail: [{ loc: ['body', 'payment_method'], msg: attempt.error.message, type: 'card_error' }] }, 402);
  }
  return c.json({ detail: [{ loc: ['body', 'payment_method'], msg: attempt.error.message, type: 'invalid_request_error' }] }, 422);
});
