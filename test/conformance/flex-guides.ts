/**
 * The requests of the Flex guides in ../shared/reference, byte for byte (001: building a
 * subscription integration; 000: off-session checkouts), and the answers they show.
 * `<…>` placeholders and the guide's own IDs are replaced with IDs this run created; the
 * guide's API key is replaced with the sandbox key (any other key is a 401 by design).
 */

/** 001, "Define a product to sell". */
export const CREATE_PRODUCT =
  '{"product": {"name": "Test Product","description": "Test Product Description","visit_type": "gym","hsa_fsa_eligibility": "letter_of_medical_necessity"}}';

export const PRODUCT_ANSWER = {
  product_id: 'fprod_01HW5MXAPBE79RHMMJJGB4ACAB',
  name: 'Test Product',
  description: 'Test Product Description',
  created_at: '2024-04-23T14:14:16.029253Z',
  visit_type: 'gym',
  active: true,
  upc_code: null,
  gtin: null,
  hsa_fsa_eligibility: 'letter_of_medical_necessity',
};

/** 001, "Define the pricing model": $49.99 every month. */
export const CREATE_PRICE =
  '{"price": {"product": "fprod_01HW5MXAPBE79RHMMJJGB4ACAB","description": "Our awesome new price","unit_amount": 4999,"recurring": {"interval": "monthly"}}}';

export const PRICE_ANSWER = {
  price_id: 'fprice_01HWDV9J9JWY5SDFJZNFXN5S6P',
  description: 'Our awesome new price',
  unit_amount: 4999,
  price: 4999,
  recurring: { interval: 'monthly', trial_period_days: null },
  active: true,
  product: 'fprod_01HW5MXAPBE79RHMMJJGB4ACAB',
  created_at: '2024-04-26T18:39:43.93664Z',
  type: 'recurring',
  metadata: null,
};

/** 001, "Generate a checkout session". */
export const CREATE_SUBSCRIPTION_SESSION =
  '{"checkout_session": {"line_items": [{"price": "fprice_01HWDV9J9JWY5SDFJZNFXN5S6P","quantity": 1}],"success_url": "","mode": "subscription","cancel_url": ""}}';

export const SESSION_ANSWER = {
  allow_promotion_codes: false,
  amount_total: 4999,
  amount_subtotal: 4999,
  cancel_url: '',
  capture_method: 'automatic',
  checkout_session_id: 'fcs_01HWDVDMWQT1N8TJJYDWKW4ZHZ',
  created_at: 1714156917,
  customer: null,
  customer_email: null,
  defaults: { email: null, first_name: null, last_name: null, phone: null },
  expires_at: 1714160517,
  invoice: null,
  hsa_fsa_eligible: true,
  letter_of_medical_necessity_required: true,
  metadata: null,
  mode: 'subscription',
  multiple_subscriptions: false,
  payment_intent_id: null,
  redirect_url: 'http://localhost:3000/pay/c/fcs_01HWDVDMWQT1N8TJJYDWKW4ZHZ',
  setup_intent: null,
  shipping_options: null,
  shipping_address_collection: false,
  shipping_details: null,
  status: 'open',
  success_url: '',
  subscription: null,
  tax_rate: null,
  test_mode: false,
  total_details: { amount_discount: 0, amount_tax: null, amount_shipping: null },
  visit_type: 'gym',
};

/** 000, "Example On Session Checkout Creation" (whitespace as in the guide's curl). */
export const CREATE_ON_SESSION_CHECKOUT = `{
    "checkout_session": {
      "line_items": [
        {
          "price": "<PRICE_ID>",
          "quantity": 1
        }
      ],
      "setup_future_use": "off_session",
      "mode": "payment",
      "success_url": "https://example.com/success",
      "cancel_url": "https://example.com/cancel"
    }
  }`;

/** 000, "Example Off Session Checkout". */
export const CREATE_OFF_SESSION_CHECKOUT = `{
    "checkout_session": {
      "line_items": [
        {
          "price": "<PRICE_ID>",
          "quantity": 1
        }
      ],
      "mode": "off_session",
      "customer": "<CUSTOMER_ID>",
      "payment_method": "<PAYMENT_METHOD_ID>",
      "success_url": "https://example.com/success",
      "cancel_url": "https://example.com/cancel"
    }
  }`;

/** 000: the LoMN-required answer, exactly. */
export const LETTER_REQUIRED = {
  detail: [{ loc: ['visit_type'], msg: 'A LoMN is required for this visit type', type: 'invalid_request_error' }],
};

/**
 * Fields whose value in the guide is that one account's (its IDs, clock, live mode, hosted
 * page); the sandbox must answer with the field, and its own value.
 */
export const RUN_SPECIFIC = new Set(['product_id', 'price_id', 'checkout_session_id', 'product', 'created_at', 'expires_at', 'test_mode', 'redirect_url']);
