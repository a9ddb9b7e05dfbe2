import type { CheckoutDefaults, CheckoutSession, StoredCardConsent } from '@flex-checkout/protocol';
import { html } from 'hono/html';
import type { Language } from '../../language.js';
import { savesCard } from '../../resources/checkout/complete.js';
import { fill, type HostedMessages } from '../messages.js';
import type { Html } from './layout.js';
import { problemSummary } from './problems.js';
import type { SummaryMessages } from '../summary-messages.js';
import { SHIPPING_FIELDS, shippingFields, shippingLabels, type ShippingFormState } from './shipping.js';

/** The stored-credential terms: what is shown above the button, and what the confirm records of it. */
export interface StoredCardTerms {
  text: string;
  termsUrl: string | null;
  termsLabel: string;
  consent: StoredCardConsent;
}

/** The hosted page's wording of the terms; recorded with each consent, so a change is a new version. */
const TERMS_VERSION = 'sandbox-hosted-1';

const webUrl = (value: string | undefined) => (value && /^https?:\/\//i.test(value) && value.length <= 500 ? value : null);

/**
 * The terms shown before the button when the card is kept for later charges (card networks
 * require the cardholder's agreement before merchant-initiated charges). The sandbox plays
 * Flex's page, which has no merchant name of its own: it names the merchant by the session's
 * `metadata.merchant_name` and links `metadata.terms_url` when the merchant set them, else
 * "the store" and no link. Null when the card is not kept.
 */
export function storedCardTerms(t: HostedMessages, session: CheckoutSession, language: Language): StoredCardTerms | null {
  if (!savesCard(session)) return null;
  const named = session.metadata?.merchant_name?.trim().slice(0, 100) || null;
  const merchant = named ?? t.theStore;
  const trial = session.line_items.some((l) => l.recurring?.trial_period_days);
  const grant =
    session.mode === 'subscription'
      ? trial
        ? t.consentSubscriptionTrial
        : t.consentSubscription
      : session.mode === 'setup'
        ? t.consentSetup
        : t.consentPayment;
  const revoke = session.mode === 'subscription' ? t.consentRevokeSubscription : t.consentRevokeCard;
  const text = `${fill(grant, { merchant })} ${fill(revoke, { merchant })}`;
  const termsUrl = webUrl(session.metadata?.terms_url);
  return {
    text,
    termsUrl,
    termsLabel: fill(t.consentTerms, { merchant }),
    consent: { text, version: TERMS_VERSION, merchant_name: named, terms_url: termsUrl, locale: language },
  };
}

/** What the contact and card form is refilled with after a refusal: never the card itself. */
export interface PaymentFormState {
  contact: CheckoutDefaults;
  /** Field name → problem. */
  errors: Record<string, string>;
  /** A decline or a failed authentication, above the form. */
  failure: string | null;
  /** The line under the heading: the letter on file, when there is one. */
  notice: string | null;
  /** Shown before the button when the card is kept for later charges. */
  terms: StoredCardTerms | null;
  submitLabel: string;
  /** The address fields, when the session collects a shipping address (views/shipping.ts). */
  shipping?: { messages: SummaryMessages; state: ShippingFormState } | null;
}

const FIELDS = ['email', 'first_name', 'last_name', 'phone', 'number', 'expiry', 'cvc', 'postal_code'] as const;
export type PaymentField = (typeof FIELDS)[number];
/** The fields a shopper may leave blank (its label says so); every other one is required. */
const OPTIONAL: ReadonlySet<PaymentField> = new Set(['phone']);
/** The card's fields: after the shipping address on the form, when there is one. */
const CARD: ReadonlySet<PaymentField> = new Set(['number', 'expiry', 'cvc', 'postal_code']);

/** Contact details and the card on one form: one submission pays. */
export function paymentForm(t: HostedMessages, action: string, s: PaymentFormState): Html {
  const labels: Record<PaymentField, string> = {
    email: t.email,
    first_name: t.firstName,
    last_name: t.lastName,
    phone: t.phone,
    number: t.cardNumber,
    expiry: t.expiry,
    cvc: t.cvc,
    postal_code: t.postalCode,
  };
  const problems = FIELDS.filter((f) => s.errors[f]);
  const shippingLabel = s.shipping ? shippingLabels(s.shipping.messages) : null;
  const shippingProblems = s.shipping ? SHIPPING_FIELDS.filter((f) => s.shipping!.state.errors[f]) : [];
  const field = (name: PaymentField, type: string, autocomplete: string, value = '', extra = html``) => {
    const error = s.errors[name];
    // `required` tells assistive technology which fields must be filled (the form is `novalidate`:
    // the server checks them and answers in the page's own words).
    return html`<div class="field">
      <label class="label" for="${name}">${labels[name]}</label>
      <input id="${name}" name="${name}" type="${type}" autocomplete="${autocomplete}" value="${value}" ${extra} ${OPTIONAL.has(name) ? '' : 'required'}
        aria-invalid="${error ? 'true' : 'false'}" ${error ? html`aria-describedby="${name}-error"` : ''}>
      ${error ? html`<p class="error" id="${name}-error">${error}</p>` : ''}
    </div>`;
  };
  return html`${s.failure ? html`<div class="alert" id="problems" tabindex="-1" role="alert"><p>${s.failure}</p></div>` : ''}
    ${problemSummary(t, [
      // In the form's order: contact, then the address, then the card.
      ...problems.filter((f) => !CARD.has(f)).map((f) => ({ target: f, label: labels[f], message: s.errors[f]! })),
      ...shippingProblems.map((f) => ({ target: f, label: shippingLabel![f], message: s.shipping!.state.errors[f]! })),
      ...problems.filter((f) => CARD.has(f)).map((f) => ({ target: f, label: labels[f], message: s.errors[f]! })),
    ])}
    ${s.notice ? html`<p class="notice">${s.notice}</p>` : ''}
    <form method="post" action="${action}" novalidate>
      <h2>${t.contactTitle}</h2>
      ${field('email', 'email', 'email', s.contact.email ?? '')}
      <div class="grid">
        ${field('first_name', 'text', 'given-name', s.contact.first_name ?? '')}
        ${field('last_name', 'text', 'family-name', s.contact.last_name ?? '')}
      </div>
      ${field('phone', 'tel', 'tel', s.contact.phone ?? '')}
      ${s.shipping ? shippingFields(s.shipping.messages, s.shipping.state) : ''}
      <h2>${t.cardTitle}</h2>
      ${field('number', 'text', 'cc-number', '', html`inputmode="numeric"`)}
      <div class="grid">
        ${field('expiry', 'text', 'cc-exp', '', html`inputmode="numeric" placeholder="MM / YY"`)}
        ${field('cvc', 'text', 'cc-csc', '', html`inputmode="numeric"`)}
      </div>
      ${field('postal_code', 'text', 'postal-code')}
      ${
        s.terms
          ? html`<p class="notice" id="terms">${s.terms.text}${
              s.terms.termsUrl ? html` <a href="${s.terms.termsUrl}" target="_blank" rel="noopener">${s.terms.termsLabel}</a>` : ''
            }</p>`
          : ''
      }
      <button class="primary" type="submit">${s.submitLabel}</button>
      <p class="muted">${t.secure}</p>
    </form>`;
}
