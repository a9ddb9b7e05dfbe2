import type { CheckoutSession, CustomerDetailsRequest } from '@flex-checkout/protocol';
import type { z } from 'zod';
import type { Db } from '../../db/collection.js';
import { sessions } from './store.js';

type Details = z.output<typeof CustomerDetailsRequest>;

/**
 * Records what the shopper typed in the details step (the in-page browser API and the hosted
 * page both call this). It names no customer: who the customer is, is decided when the
 * session completes (complete.ts), never by a typed email.
 */
export async function setCustomerDetails(db: Db, session: CheckoutSession, details: Details): Promise<CheckoutSession> {
  return sessions.update(db, {
    ...session,
    customer_details: { email: details.email, first_name: details.first_name, last_name: details.last_name, phone: details.phone ?? null },
    customer_email: session.customer ? session.customer_email : details.email,
  });
}
