import type { CheckoutSession, ShippingAddressInput, ShippingDetails } from '@flex-checkout/protocol';
import type { z } from 'zod';
import { invalid } from '../http/errors.js';
import { newId } from '../ids.js';

type AddressInput = z.output<typeof ShippingAddressInput>;

/** A shipping address as a session (or a customer) keeps it, with its own `fsh_` ID. */
export function shippingDetailsOf(now: number, address: AddressInput): ShippingDetails {
  return {
    shipping_address_id: newId('shipping_address', now),
    line1: address.line1,
    line2: address.line2 ?? null,
    city: address.city,
    state: address.state ?? null,
    postal_code: address.postal_code,
    country: address.country,
  };
}

/** The address a shopper gave, checked against the session's allowed countries. */
export function acceptShippingAddress(now: number, session: CheckoutSession, address: AddressInput, loc: (string | number)[]): CheckoutSession {
  if (!session.shipping_address_collection) throw invalid(loc, 'This checkout does not collect a shipping address');
  if (session.shipping_allowed_countries && !session.shipping_allowed_countries.includes(address.country)) {
    throw invalid([...loc, 'country'], `This checkout ships to ${session.shipping_allowed_countries.join(', ')} only`);
  }
  return { ...session, shipping_details: shippingDetailsOf(now, address) };
}

/** A session that collects an address is paid only once it has one. */
export function requireShippingAddress(session: CheckoutSession): void {
  if (session.shipping_address_collection && !session.shipping_details) {
    throw invalid(['body', 'shipping_details'], 'Enter a shipping address before paying');
  }
}
