import { randomUUID } from 'node:crypto';
import type { Metadata } from '@flex-checkout/protocol';
import type { CheckoutSessionsResource, FlexCheckoutSession, LineItemParams } from './checkout-sessions.js';
import { FlexApiError } from './errors.js';

export interface OffSessionChargeParams {
  /** The customer (`fcus_…`) whose saved card is charged. */
  customer: string;
  /** Their payment method (`fpm_…`) verified for off-session use (`off_session: true`). */
  paymentMethod: string;
  /** What is charged: one-time prices only. Every line needing a letter must be covered by a valid one. */
  lineItems: LineItemParams[];
  metadata?: Metadata;
  /**
   * The Idempotency-Key of this charge. Give your own (e.g. `renewal-${orderId}`) to make
   * a charge repeated by your own code safe too; by default one is generated per call, which
   * makes the client's own retries after a lost answer safe.
   */
  idempotencyKey?: string;
  /** Kept on the session as Flex does; not used for an off-session charge. */
  successUrl?: string;
  cancelUrl?: string;
}

/** Charges without the customer present. */
export interface OffSessionResource {
  /**
   * Charges a customer's saved card with no browser: a `mode: "off_session"` checkout
   * session. Returns the completed session (`status: "complete"`, `payment_intent.status:
   * "succeeded"`) or throws: `LetterRequiredError` when the customer holds no valid letter
   * for the visit type, `CardDeclinedError` when the card declines (`declineCode`
   * `authentication_required` for a card that needs 3-D Secure), `NotFoundError` for a card
   * that is not this customer's, `ValidationError` for a card not verified for off-session use.
   *
   * @example
   * ```ts
   * try {
   *   const session = await client.offSession.charge({
   *     customer: 'fcus_…', paymentMethod: 'fpm_…', lineItems: [{ price: 'fprice_…' }],
   *     idempotencyKey: `renewal-${subscription.id}-${period}`,
   *   });
   *   await markPaid(session.payment_intent_id);
   * } catch (error) {
   *   if (error instanceof LetterRequiredError) await sendCheckoutLink(customer); // a new consultation
   *   else if (error instanceof CardDeclinedError) await askForAnotherCard(customer, error.declineCode);
   *   else throw error;
   * }
   * ```
   */
  charge(params: OffSessionChargeParams): Promise<FlexCheckoutSession>;
}

export function offSessionResource(checkoutSessions: CheckoutSessionsResource): OffSessionResource {
  return {
    async charge(params) {
      const session = await checkoutSessions.create(
        {
          mode: 'off_session',
          customer: params.customer,
          payment_method: params.paymentMethod,
          line_items: params.lineItems,
          ...(params.metadata !== undefined ? { metadata: params.metadata } : {}),
          ...(params.successUrl !== undefined ? { success_url: params.successUrl } : {}),
          ...(params.cancelUrl !== undefined ? { cancel_url: params.cancelUrl } : {}),
        },
        { idempotencyKey: params.idempotencyKey ?? randomUUID() },
      );
      // Flex answers an off-session create complete or with an error; anything else is not
      // a charge the caller may count on.
      if (session.status !== 'complete') {
        throw new FlexApiError({
          status: 502,
          detail: [{ loc: ['status'], msg: `The off-session charge came back ${session.status}, not complete`, type: 'api_error' }],
        });
      }
      return session;
    },
  };
}
