import type { ConfirmationToken, PaymentIntent, PaymentMethod, SetupIntent } from '@flex-checkout/protocol';
import { Collection } from '../db/collection.js';

export const paymentMethods = new Collection<PaymentMethod>(
  'payment_methods',
  (p) => p.payment_method_id,
  (p) => ({
    customer_id: p.customer,
  }),
);

export const paymentIntents = new Collection<PaymentIntent>(
  'payment_intents',
  (p) => p.payment_intent_id,
  (p) => ({
    checkout_session_id: p.checkout_session,
    customer_id: p.customer,
    status: p.status,
    client_secret: p.client_secret,
    // Milliseconds: when a held authorization lapses (the clock's due work looks for these).
    capture_before: p.status === 'requires_capture' && p.capture_before !== null ? p.capture_before * 1000 : null,
  }),
);

export const setupIntents = new Collection<SetupIntent>(
  'setup_intents',
  (s) => s.setup_intent_id,
  (s) => ({
    checkout_session_id: s.checkout_session,
    customer_id: s.customer,
    status: s.status,
    client_secret: s.client_secret,
  }),
);

export const confirmationTokens = new Collection<ConfirmationToken>('confirmation_tokens', (t) => t.confirmation_token_id);
