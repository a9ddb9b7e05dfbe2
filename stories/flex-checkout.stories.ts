import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { keyed } from 'lit/directives/keyed.js';
import { expect, waitFor } from 'storybook/test';
import '@flex-checkout/element/define';
import type { Fixture } from './fixtures/fixture.js';
import type { NetworkOptions } from './support/network.js';
import {
  answerQuestionnaire,
  amountOf,
  applyPromoCode,
  cardFrameReady,
  checkoutIn,
  clickPrimary,
  fillContact,
  summaryRows,
  typeCard,
  untilStep,
} from './support/shopper.js';
import completeLetter from './fixtures/complete-letter.json' with { type: 'json' };
import complete from './fixtures/complete.json' with { type: 'json' };
import gym from './fixtures/consultation-gym.json' with { type: 'json' };
import massage from './fixtures/consultation-massage.json' with { type: 'json' };
import nutrition from './fixtures/consultation-nutrition.json' with { type: 'json' };
import skincare from './fixtures/consultation-skincare.json' with { type: 'json' };
import sleep from './fixtures/consultation-sleep.json' with { type: 'json' };
import denied from './fixtures/decision-denied.json' with { type: 'json' };
import pending from './fixtures/decision-pending.json' with { type: 'json' };
import details from './fixtures/details.json' with { type: 'json' };
import error from './fixtures/error.json' with { type: 'json' };
import expired from './fixtures/expired.json' with { type: 'json' };
import threeDs from './fixtures/payment-3ds.json' with { type: 'json' };
import declined from './fixtures/payment-declined.json' with { type: 'json' };
import processing from './fixtures/payment-processing.json' with { type: 'json' };
import savedCard from './fixtures/payment-saved-card.json' with { type: 'json' };
import setup from './fixtures/payment-setup.json' with { type: 'json' };
import subscription from './fixtures/payment-subscription.json' with { type: 'json' };
import payment from './fixtures/payment.json' with { type: 'json' };
import hosted from './fixtures/hosted.json' with { type: 'json' };
import hostedComplete from './fixtures/hosted-complete.json' with { type: 'json' };
import hostedExpired from './fixtures/hosted-expired.json' with { type: 'json' };
import hostedPricing from './fixtures/hosted-pricing.json' with { type: 'json' };
import discounts from './fixtures/payment-discounts.json' with { type: 'json' };
import subscriptionDiscount from './fixtures/payment-subscription-discount.json' with { type: 'json' };
import shippingTax from './fixtures/payment-shipping-tax.json' with { type: 'json' };
import shippingAddress from './fixtures/shipping-address.json' with { type: 'json' };
import promoCode from './fixtures/promo-code.json' with { type: 'json' };
import promoCodeApplied from './fixtures/promo-code-applied.json' with { type: 'json' };
import completeAuthorized from './fixtures/complete-authorized.json' with { type: 'json' };

/**
 * Every state a shopper can see in <flex-checkout>, in-page and hosted. Each story is a real
 * session's conversation with the companion server, recorded (stories/fixtures/record.ts) and
 * replayed by MSW; the element runs unchanged. The toolbar switches locale, theme and width.
 */
interface Args {
  endpoint: string;
  redirect: 'never' | 'always';
  /** Who the stored-card terms name (`merchant-name`); "this store" without one. */
  merchantName?: string;
  /** The merchant's terms, linked from the stored-card terms (`terms-url`). */
  termsUrl?: string;
}

const meta: Meta<Args> = {
  title: 'Checkout/flex-checkout',
  component: 'flex-checkout',
  args: { endpoint: '/flex', redirect: 'never' },
  render: (args, { globals, parameters, id }) => {
    const fixture = parameters.fixture as Fixture;
    // Marks each step on the host, so play functions (and the visual test) know where the shopper is.
    const mark = (event: Event) => ((event.currentTarget as HTMLElement).dataset.storyStep = (event as CustomEvent).detail.step);
    // keyed: every story (and every change of globals) gets a fresh element, as a page load would.
    return html`${keyed(
      `${id}:${globals.locale}:${globals.theme}`,
      html`<flex-checkout client-secret=${fixture.clientSecret} endpoint=${args.endpoint} redirect=${args.redirect}
        merchant-name=${ifDefined(args.merchantName)} terms-url=${ifDefined(args.termsUrl)} locale=${globals.locale} theme=${globals.theme} @flex-ready=${mark} @flex-step-change=${mark}></flex-checkout>`,
    )}`;
  },
};
export default meta;

type Story = StoryObj<Args>;

/** A story that starts from a recording; `network` holds or blocks what a state needs. */
const from = (fixture: unknown, network: NetworkOptions = {}): Story['parameters'] => ({
  fixture,
  network,
  docs: { description: { story: (fixture as Fixture).description } },
});

const onStep =
  (step: string, then?: (el: ReturnType<typeof checkoutIn>) => Promise<void>): Story['play'] =>
  async ({ canvasElement }) => {
    const el = checkoutIn(canvasElement);
    await untilStep(el, step);
    await then?.(el);
  };

// ---- Loading -------------------------------------------------------------------------

/** The skeleton, the size of the final layout, while the session loads (its answer never comes here). */
export const Loading: Story = {
  parameters: from(payment, { hold: ['GET /flex/sessions/:id'] }),
  play: async ({ canvasElement }) => {
    const el = checkoutIn(canvasElement);
    await waitFor(() => expect(el.shadowRoot.querySelector('[aria-busy="true"]')).toBeTruthy());
  },
};

// ---- Consultation --------------------------------------------------------------------

export const QuestionnaireGym: Story = { name: 'Questionnaire: gym', parameters: from(gym), play: onStep('consultation') };
export const QuestionnaireSkincare: Story = { name: 'Questionnaire: skincare', parameters: from(skincare), play: onStep('consultation') };
export const QuestionnaireSleep: Story = { name: 'Questionnaire: sleep', parameters: from(sleep), play: onStep('consultation') };
export const QuestionnaireNutrition: Story = { name: 'Questionnaire: nutrition', parameters: from(nutrition), play: onStep('consultation') };
export const QuestionnaireMassage: Story = { name: 'Questionnaire: massage', parameters: from(massage), play: onStep('consultation') };

/** Continue with nothing answered: each required question says what it needs. */
export const QuestionnaireErrors: Story = {
  name: 'Questionnaire: validation errors',
  parameters: from(gym),
  play: onStep('consultation', async (el) => {
    await clickPrimary(el);
    await waitFor(() => expect(el.shadowRoot.querySelectorAll('.field-error').length).toBeGreaterThan(0));
  }),
};

/** The shopper answers (the recorded sample answers) and the clinician approves: a letter until next year. */
export const Approved: Story = {
  parameters: from(gym),
  play: onStep('consultation', async (el) => {
    await answerQuestionnaire(el, (gym as Fixture).shopperAnswers!);
    await clickPrimary(el);
    await untilStep(el, 'decision');
  }),
};

export const Denied: Story = { parameters: from(denied), play: onStep('decision') };
export const Pending: Story = { name: 'Pending review', parameters: from(pending), play: onStep('decision') };

// ---- Details and payment -------------------------------------------------------------

export const Details: Story = { parameters: from(details), play: onStep('details') };

export const Payment: Story = { parameters: from(payment), play: onStep('payment', cardFrameReady) };
export const PaymentSavedCard: Story = { name: 'Payment: card saved for later', parameters: from(savedCard), play: onStep('payment', cardFrameReady) };
export const PaymentSubscription: Story = { name: 'Payment: subscription with trial', parameters: from(subscription), play: onStep('payment', cardFrameReady) };
export const PaymentSetup: Story = { name: 'Payment: save a card (setup)', parameters: from(setup), play: onStep('payment', cardFrameReady) };

/** The card is kept for later charges: the terms name the merchant (`merchant-name`) and link its terms (`terms-url`). */
export const PaymentConsent: Story = {
  name: 'Payment: stored-card terms with the merchant’s name',
  args: { merchantName: 'Clear Skin Co.', termsUrl: 'https://shop.example/terms' },
  parameters: from(savedCard),
  play: onStep('payment', async (el) => {
    await cardFrameReady(el);
    await waitFor(() => expect(el.shadowRoot.querySelector('a[href="https://shop.example/terms"]')?.textContent).toContain('Clear Skin Co.'));
  }),
};

/** 4000 0025 0000 3155: the bank's challenge over the page, waiting for the shopper. */
export const ThreeDSecure: Story = {
  name: '3-D Secure',
  parameters: from(threeDs),
  play: onStep('payment', async (el) => {
    await typeCard(el, '4000002500003155');
    await clickPrimary(el);
    await waitFor(
      async () => {
        const frame = document.querySelector<HTMLIFrameElement>('iframe[title="3D Secure authentication"]');
        await expect(frame?.contentDocument?.querySelector('#complete:not([disabled])')).toBeTruthy();
      },
      { timeout: 10_000 },
    );
  }),
};

/** 4000 0000 0000 9995: declined for insufficient funds; the form stays, with the reason. */
export const Declined: Story = {
  parameters: from(declined),
  play: onStep('payment', async (el) => {
    await typeCard(el, '4000000000009995');
    await clickPrimary(el);
    await waitFor(() => expect(el.shadowRoot.querySelector('#pay-error')).toBeTruthy(), { timeout: 10_000 });
  }),
};

/** Pay was pressed and the confirm has not answered yet. */
export const Processing: Story = {
  parameters: from(processing, { hold: ['POST /flex/sessions/:id/confirm'] }),
  play: onStep('payment', async (el) => {
    await typeCard(el, '4242424242424242');
    await clickPrimary(el);
    await untilStep(el, 'processing');
  }),
};

/** Stripe.js blocked (an ad blocker, a CSP, offline): the shopper is told, not shown a blank box. */
export const StripeFailed: Story = {
  name: 'Stripe.js failed to load',
  parameters: from(payment, { blockStripeJs: true }),
  loaders: [
    () => {
      // A page that has not loaded Stripe.js yet (another story in this page may have).
      delete (window as { Stripe?: unknown }).Stripe;
      return {};
    },
  ],
  play: onStep('payment', async (el) => {
    await waitFor(() => expect(el.shadowRoot.querySelector('[role="alert"]')).toBeTruthy(), { timeout: 10_000 });
  }),
};

/**
 * The confirm went out and no answer came back, and asking where the payment stands failed
 * too: the shopper is told nothing will be charged twice, and Pay retries the same attempt.
 */
export const ConnectionLost: Story = {
  name: 'Payment: connection lost',
  parameters: from(processing, { fail: { 'POST /flex/sessions/:id/confirm': 'network', 'GET /flex/sessions/:id/status': 'network' } }),
  play: onStep('payment', async (el) => {
    await typeCard(el, '4242424242424242');
    await clickPrimary(el);
    await waitFor(() => expect(el.shadowRoot.querySelector('#pay-error')?.textContent).toContain('Nothing will be charged twice'), { timeout: 15_000 });
  }),
};

/** The companion server refused the confirm (429, too many calls for the session): nothing ran, and the shopper is told to wait. */
export const RateLimited: Story = {
  name: 'Payment: too many attempts',
  parameters: from(processing, { fail: { 'POST /flex/sessions/:id/confirm': 429 } }),
  play: onStep('payment', async (el) => {
    await typeCard(el, '4242424242424242');
    await clickPrimary(el);
    await waitFor(() => expect(el.shadowRoot.querySelector('#pay-error')?.textContent).toContain('Wait a minute'), { timeout: 10_000 });
  }),
};

/** The server failed on a step's answer (a 500): the error step, in the server's words, with a retry. */
export const ServerError: Story = {
  name: 'Error: the server failed',
  parameters: from(details, { fail: { 'POST /flex/sessions/:id/details': 500 } }),
  play: onStep('details', async (el) => {
    fillContact(el);
    await clickPrimary(el);
    await untilStep(el, 'error');
  }),
};

/** The session never loaded (offline, or the server unreachable), after the element's retries. */
export const LoadFailed: Story = {
  name: 'Error: could not load',
  parameters: from(payment, { fail: { 'GET /flex/sessions/:id': 'network' } }),
  play: onStep('error'),
};

// ---- What it costs: discounts, shipping, tax, promo codes --------------------------------

/** A promo code the merchant applied (WELCOME10): its line in the summary, named by the code, before shipping and tax. */
export const PaymentDiscounts: Story = {
  name: 'Payment: a promo code’s discount',
  parameters: from(discounts),
  play: onStep('payment', async (el) => {
    await cardFrameReady(el);
    await expect(amountOf(el, 'WELCOME10')).toBe('−$4.80');
  }),
};

/** A subscription's coupon that lasts 3 months: the summary says for how long. */
export const PaymentSubscriptionDiscount: Story = {
  name: 'Payment: subscription with a 3-month discount',
  parameters: from(subscriptionDiscount),
  play: onStep('payment', async (el) => {
    await cardFrameReady(el);
    await expect(el.shadowRoot.querySelector('.summary .note')?.textContent).toBeTruthy();
  }),
};

/** A shipping rate and the merchant's sales tax: each a line of the summary, then the total the card is charged. */
export const PaymentShippingTax: Story = {
  name: 'Payment: shipping and tax',
  parameters: from(shippingTax),
  play: onStep('payment', async (el) => {
    await cardFrameReady(el);
    await expect(amountOf(el, '(Standard)')).toBe('$5.00');
    await expect(amountOf(el, 'Sales tax')).toBe('$3.60');
  }),
};

/** The session collects a shipping address: the details step asks for it, in the countries the session ships to. */
export const ShippingAddress: Story = {
  name: 'Details: shipping address',
  parameters: from(shippingAddress),
  play: onStep('details', async (el) => {
    const countries = [...el.shadowRoot.querySelectorAll<HTMLOptionElement>('#d-country option')].map((o) => o.value);
    await expect(countries).toEqual(['CA', 'US']);
  }),
};

/** Continue without the address: each field it needs says so, and nothing is sent. */
export const ShippingAddressErrors: Story = {
  name: 'Details: shipping address, fields missing',
  parameters: from(shippingAddress),
  play: onStep('details', async (el) => {
    fillContact(el);
    await clickPrimary(el);
    await waitFor(() => expect(el.shadowRoot.querySelectorAll('.address .field-error').length).toBe(4));
  }),
};

/** A session that takes promo codes (allow_promotion_codes): the field under the summary. */
export const PromoCode: Story = {
  name: 'Promo code: the field',
  parameters: from(promoCode),
  play: onStep('payment', async (el) => {
    await cardFrameReady(el);
    await waitFor(() => expect(el.shadowRoot.querySelector('#promo-code')).toBeTruthy());
  }),
};

/** A code the upstream refuses: said beside the field, whatever the reason. */
export const PromoCodeRefused: Story = {
  name: 'Promo code: refused',
  parameters: from(promoCode),
  play: onStep('payment', async (el) => {
    await cardFrameReady(el);
    await applyPromoCode(el, 'NOPE');
    await waitFor(() => expect(el.shadowRoot.querySelector('#promo-error')).toBeTruthy());
  }),
};

/** A code the upstream takes: its discount in the summary, the new total on the button, and a way to remove it. */
export const PromoCodeApplied: Story = {
  name: 'Promo code: applied',
  parameters: from(promoCodeApplied),
  play: onStep('payment', async (el) => {
    await cardFrameReady(el);
    await applyPromoCode(el, 'SPRING5');
    await waitFor(() => expect(el.shadowRoot.querySelector('.promo-applied')).toBeTruthy());
    await waitFor(() => expect(amountOf(el, 'SPRING5')).toBe('−$5.00'));
  }),
};

// ---- Outcomes ------------------------------------------------------------------------

export const Complete: Story = { name: 'Complete', parameters: from(complete), play: onStep('complete') };
/** A manual-capture session: the card is authorized, and the shopper is told the amount is held, not paid. */
export const CompleteAuthorized: Story = {
  name: 'Complete: amount held (manual capture)',
  parameters: from(completeAuthorized),
  play: onStep('complete', async (el) => {
    const held = el.getAttribute('locale') === 'es' ? 'Se retienen $40.00 en su Visa terminada en 4242.' : '$40.00 is held on your Visa ending in 4242.';
    await expect(el.shadowRoot.textContent).toContain(held);
  }),
};
export const CompleteWithLetter: Story = { name: 'Complete with a letter', parameters: from(completeLetter), play: onStep('complete') };
export const Expired: Story = { parameters: from(expired), play: onStep('expired') };
export const ErrorState: Story = { name: 'Error', parameters: from(error), play: onStep('error') };

// ---- Hosted checkout (Flex's hosted page in the element; what Flex offers today) ----------

/** The session's hosted page (here the sandbox's, recorded) framed in the element: the consultation and the card happen there. */
export const Hosted: Story = {
  name: 'Hosted: the hosted page in the element',
  parameters: from(hosted),
  play: onStep('hosted', async (el) => {
    await waitFor(() => expect(el.shadowRoot.querySelector('iframe.hosted-frame:not(.is-loading)')).toBeTruthy(), { timeout: 10_000 });
  }),
};

/** `redirect="always"`: no frame; a plain link to the hosted page in this window. */
export const HostedLink: Story = {
  name: 'Hosted: the link instead of the frame',
  args: { redirect: 'always' },
  parameters: from(hosted),
  play: onStep('hosted', async (el) => {
    await waitFor(() => expect(el.shadowRoot.querySelector('a.primary-link')?.getAttribute('href')).toMatch(/\/pay\/c\/fcs_/));
  }),
};

/** A coupon, a shipping rate and tax: the summary beside the hosted page shows each as Flex priced it; no promo code field (the hosted page takes codes). */
export const HostedPricing: Story = {
  name: 'Hosted: discount, shipping and tax',
  parameters: from(hostedPricing),
  play: onStep('hosted', async (el) => {
    await waitFor(() => expect(el.shadowRoot.querySelector('iframe.hosted-frame:not(.is-loading)')).toBeTruthy(), { timeout: 10_000 });
    // Subtotal, the coupon, shipping, tax, total (the labels in the story's locale).
    await expect(summaryRows(el).map(([, amount]) => amount)).toEqual(['$40.00', '−$10.00', '$5.00', '$2.80', '$37.80']);
  }),
};

/** Paid on the hosted page: the server read the session as complete with the secret key. */
export const HostedComplete: Story = { name: 'Hosted: complete', parameters: from(hostedComplete), play: onStep('complete') };
export const HostedExpired: Story = { name: 'Hosted: expired', parameters: from(hostedExpired), play: onStep('expired') };
