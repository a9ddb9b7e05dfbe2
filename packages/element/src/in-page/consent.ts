import type { ClientSession, StoredCardConsent } from '@flex-checkout/protocol';
import type { Locale, Messages } from '../i18n/index.js';
import { fill, recurringPrice } from '../runtime.js';

/** Whether the card is kept for later charges: the shopper agrees to the terms before paying. */
export const savesCard = (session: ClientSession) => session.setup_future_use === 'off_session' || session.mode === 'subscription' || session.mode === 'setup';

/** The element's wording of the terms; recorded with each consent, so a change is a new version. */
export const TERMS_VERSION = 'element-1';

/** The terms above the button, and what the confirm sends of them to be recorded on the card. */
export interface StoredCardTerms {
  text: string;
  termsUrl: string | null;
  termsLabel: string;
  consent: StoredCardConsent;
}

/** What a subscription renews at: its recurring lines together ("$25.00 / month"). */
export function renewalPrice(session: ClientSession, t: Messages, locale: Locale): string {
  const recurring = session.line_items.filter((l) => l.recurring);
  const first = recurring[0];
  if (!first) return '';
  return recurringPrice({ ...first, amount_total: recurring.reduce((sum, l) => sum + l.amount_total, 0) }, t, locale);
}

/** Only a web page may be linked as the terms (never `javascript:` or a data URL). */
function webUrl(url: string): string | null {
  try {
    const parsed = new URL(url, location.href);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/**
 * The stored-credential terms, when the card is kept for later charges: who may charge it
 * (the merchant, by the name it gives in `merchant-name`; "this store" without one), when,
 * how to withdraw, and a link to the merchant's terms (`terms-url`). Card networks require the
 * cardholder's agreement to these before merchant-initiated charges; the confirm carries the
 * exact words, and the upstream records them on the saved card. Null when nothing is kept.
 */
export function storedCardTerms(session: ClientSession, t: Messages, locale: Locale, merchantName: string, termsUrl: string): StoredCardTerms | null {
  if (!savesCard(session)) return null;
  const named = merchantName.trim().slice(0, 100) || null;
  const merchant = named ?? t.thisStore;
  const subscription = session.mode === 'subscription';
  const trial = session.line_items.some((l) => l.recurring?.trial_period_days);
  const grant = subscription ? (trial ? t.consentSubscriptionTrial : t.consentSubscription) : session.mode === 'setup' ? t.consentSetup : t.consentPayment;
  const text = `${fill(grant, { merchant, price: renewalPrice(session, t, locale) })} ${fill(subscription ? t.consentRevokeSubscription : t.consentRevokeCard, { merchant })}`;
  const url = termsUrl ? webUrl(termsUrl) : null;
  const terms = url && url.length <= 500 ? url : null;
  return {
    text,
    termsUrl: terms,
    termsLabel: fill(t.consentTerms, { merchant }),
    consent: { text, version: TERMS_VERSION, merchant_name: named, terms_url: terms, locale },
  };
}
