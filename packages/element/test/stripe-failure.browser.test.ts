import { afterEach, expect, it } from 'vitest';
import { commands, page, userEvent } from 'vitest/browser';
import { CARDS, createPrice, createSession, heading, mount, nextEvent, payWith, primaryButton, toPayment, until, untilStep } from './support/shopper.js';

// Its own file, so its own fresh page: once Stripe.js has loaded in a page it stays loaded.

afterEach(async () => {
  await commands.restoreNetwork();
  document.body.replaceChildren();
});

it('when Stripe.js cannot load, says so instead of a blank box, and recovers on "Try again"', async () => {
  const price = await createPrice({ visit_type: null, hsa_fsa_eligibility: 'auto_substantiation', name: 'Mineral sunscreen' }, { unit_amount: 2400 });
  const session = await createSession({ line_items: [{ price }] });
  await commands.blockRequests('/sandbox/stripe.js');
  const el = mount(session.client_secret);
  const failed = nextEvent(el, 'flex-error');
  await toPayment(el, null);
  expect((await failed).detail).toMatchObject({ code: 'stripe_failed', recoverable: true });
  await until('the alert', () => !!el.shadowRoot!.querySelector('[role=alert]'));
  expect(el.shadowRoot!.querySelector('[role=alert]')!.textContent).toContain('The payment form could not load.');
  expect(primaryButton(el).getAttribute('aria-disabled')).toBe('true');

  await commands.restoreNetwork();
  await userEvent.click(page.getByRole('button', { name: 'Try again' }));
  await until('the payment frame', () => !!el.querySelector('iframe[title="Secure payment input frame"]'));
  await payWith(CARDS.visa, 'Pay $24.00');
  await untilStep(el, 'complete');
  expect(heading(el)).toBe('Thank you');
});
