import { randomUUID } from 'node:crypto';
import type { Metadata } from '@flex-checkout/protocol';
import type { CheckoutSessionsResource, FlexCheckoutSession, LineItemParams } from './checkout-sessions.js';
import { CardDeclinedError, FlexApiError } from './errors.js';
import type { PaymentIntentsResource } from './payments.js';

export interface OffSessionChargeParams {
  /** The customer (`fcus_…`) whose saved card is charged. */
  customer: string;
  /** Their payment method (`fpm_…`) verified for off-session use (`off_session: true`). */
  paymentMethod: string;
  /** What is charged: one-time prices only. Every line needing a letter must be covered by a valid one. */
  lineItems: LineItemParams[];
  metadata?: Metadata;
  /**
   * The Idempotency-Key of this charge; by default one is generated per call. Where the
   * upstream honours keys (the sandbox says so in `flex-sandbox-extensions`), the client
   * retries a charge whose answer was lost under the same key, and your own key (e.g.
   * `renewal-${orderId}`) makes a charge repeated by your own code safe too. Flex's docs
   * describe no keys: against Flex the charge is sent once, and after a lost answer it may or
   * may not have gone through, so look for it before charging again.
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
   * for the visit type, `CardDeclinedError` when the card declines (a 402, or a session that
   * is not complete with a card error in its payment intent's `last_payment_error`; `declineCode`
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

/** What a payment intent says of why it failed (`last_payment_error`, as Flex documents it). */
interface LastPaymentError {
  type?: unknown;
  code?: unknown;
  decline_code?: unknown;
  message?: unknown;
}

const textOr = (value: unknown, fallback: string) => (typeof value === 'string' && value ? value : fallback);

/**
 * Why a session that did not complete failed, from its payment intent: inline when the
 * answer expands it, else `GET /v1/payment_intents/{id}`. Flex documents no error answer for
 * a decline, only the intent's `last_payment_error{type, code, decline_code, message}`, so a
 * decline may come back as a session that is simply not complete.
 */
async function lastPaymentError(session: FlexCheckoutSession, paymentIntents: PaymentIntentsResource | undefined): Promise<LastPaymentError | null> {
  const inline = session.payment_intent as unknown;
  if (inline && typeof inline === 'object' && 'last_payment_error' in inline) {
    return (inline as { last_payment_error?: LastPaymentError | null }).last_payment_error ?? null;
  }
  const id = typeof inline === 'string' ? inline : typeof session.payment_intent_id === 'string' ? session.payment_intent_id : null;
  if (!id || !paymentIntents) return null;
  // Only a read: the charge itself is never sent twice. If it cannot be read, the caller gets the generic error.
  const intent = await paymentIntents.retrieve(id).catch(() => null);
  return (intent?.last_payment_error as LastPaymentError | null | undefined) ?? null;
}

export function offSessionResource(checkoutSessions: CheckoutSessionsResource, paymentIntents?: PaymentIntentsResource): OffSessionResource {
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
      // A charge the caller may count on is a complete session. Anything else did not charge:
      // a decline when its payment intent says so, else an answer the client cannot read.
      if (session.status !== 'complete') {
        const failure = await lastPaymentError(session, paymentIntents);
        if (failure && (failure.type === 'card_error' || typeof failure.decline_code === 'string')) {
          const code = textOr(failure.decline_code, textOr(failure.code, 'card_declined'));
          const message = textOr(failure.message, 'The card was declined.');
          // The code in brackets at the end, as the client reads `declineCode` from any decline.
          const msg = message.endsWith(`(${code})`) ? message : `${message} (${code})`;
          throw new CardDeclinedError({ status: 402, detail: [{ loc: ['payment_method'], msg, type: 'card_error' }] });
        }
        throw new FlexApiError({
          status: 502,
          detail: [{ loc: ['status'], msg: `The off-session charge came back ${session.status}, not complete`, type: 'api_error' }],
        });
      }
      return session;
    },
  };
}
