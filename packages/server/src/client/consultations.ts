import type { Consultation } from '@flex-checkout/protocol';
import { listing, type Listing } from './lists.js';
import { objectPath, type Send } from './transport.js';

/**
 * `/v1/consultations` (**sandbox extension**: Flex documents no consultation endpoint; against
 * Flex these throw `NotFoundError`): the provider's decisions (approved, denied, pending) and the letter
 * each approval issued. The shopper's answers are the provider's record and never appear.
 */
export interface ConsultationsResource extends Listing<Consultation, { customer?: string; checkout_session?: string }> {
  /** @example `const { status, letter } = await client.consultations.retrieve(session.consultation!)` */
  retrieve(id: string): Promise<Consultation>;
}

export function consultationsResource(send: Send): ConsultationsResource {
  const base = '/v1/consultations';
  return {
    ...listing<Consultation, { customer?: string; checkout_session?: string }>(send, base, 'consultations', (c) => c.consultation_id),
    retrieve: async (id) => (await send<{ consultation: Consultation }>('GET', objectPath(base, id))).consultation,
  };
}
