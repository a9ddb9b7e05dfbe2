import { SANDBOX_SESSION_FIELDS, type CheckoutSession, type SandboxSessionField } from '@flex-checkout/protocol';
import type { Context } from 'hono';
import type { Db } from '../../db/collection.js';
import type { SandboxEnv } from '../../http/env.js';
import { hostedPageUrl } from '../../hosted/urls.js';
import { presentPrice, prices } from '../prices.js';
import { withoutSandboxFields } from '../../profile.js';

/** A session as the flex profile answers it: what Flex documents, in the shape it documents. */
export type DocumentedSession = Omit<CheckoutSession, SandboxSessionField | 'shipping_options'> & {
  /** One object, as Flex documents it (the sandbox keeps a list of one). */
  shipping_options: CheckoutSession['shipping_options'] extends (infer O)[] | null ? O | null : never;
};

/**
 * A session as the API answers it: its `redirect_url` at the origin this request reached the
 * sandbox at (the hosted page is wherever the API is; a sandbox run inside another server is
 * reached at that server's origin). The flex profile answers only what Flex documents.
 */
export function present(c: Context<SandboxEnv>, session: CheckoutSession): CheckoutSession | DocumentedSession {
  const full: CheckoutSession = {
    ...session,
    redirect_url: hostedPageUrl(c.var.publicUrl, session.checkout_session_id),
    // Sessions stored before these fields existed answer them as empty.
    subscription_data: session.subscription_data ?? null,
    custom_text: session.custom_text ?? null,
  };
  if (c.var.profile !== 'flex') return full;
  return withoutSandboxFields({ ...full, shipping_options: full.shipping_options?.[0] ?? null }, SANDBOX_SESSION_FIELDS) as DocumentedSession;
}

/**
 * `GET /v1/checkout/sessions/{id}/line_items` in Flex's shape: each line with its amounts,
 * its `price` object and the product's `eligibility`. Flex gives each line an ID of its own;
 * the sandbox keeps lines inside the session, so a line's ID is the session's with its place.
 */
export const documentedLineId = (session: Pick<CheckoutSession, 'checkout_session_id'>, index: number) =>
  `fli_${session.checkout_session_id.slice('fcs_'.length)}${String(index).padStart(3, '0')}`;

export async function documentedLineItems(c: Context<SandboxEnv>, db: Db, session: CheckoutSession) {
  return Promise.all(
    session.line_items.map(async (line, index) => ({
      line_item_id: documentedLineId(session, index),
      description: line.name,
      quantity: line.quantity,
      amount_subtotal: line.amount_subtotal,
      amount_discount: line.amount_discount,
      // Tax and shipping are the session's (total_details), not any one line's.
      amount_tax: 0,
      amount_shipping: 0,
      amount_total: line.amount_total,
      price: presentPrice(c, (await prices.get(db, line.price)) ?? null),
      eligibility: line.hsa_fsa_eligibility,
      shipping_rate: null,
    })),
  );
}
