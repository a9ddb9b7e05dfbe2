import { beforeAll, describe, expect, inject, it } from 'vitest';
import { commands } from 'vitest/browser';
import { CARDS, createPrice, createSession, mount, noLetterPrice, payWith, toPayment, until, untilStep } from './support/shopper.js';

interface Violation {
  directive: string;
  blocked: string;
  source: string;
  sample: string;
}

const violations: Violation[] = [];
const origin = (url: string) => new URL(url).origin;

/**
 * Review finding 17 (issue 15): the element's templates used `style="…"` attributes, so a
 * merchant page under a strict Content-Security-Policy saw violations on every checkout (and
 * lost those styles). The policy here is the strict one the review used, plus only what the
 * checkout itself needs: the companion servers (calls; the sandbox's Stripe.js stand-in and
 * its card frame come through the in-page one, the hosted page through the hosted one). It is
 * installed before anything of the element renders, and this file's document keeps it: every
 * step of a whole checkout, in both experiences, must run with zero violations.
 */
beforeAll(() => {
  const inPage = origin(inject('flexServer'));
  const hosted = origin(inject('flexHostedServer'));
  const policy = [
    "default-src 'self'",
    "style-src 'self'",
    `script-src 'self' ${inPage}`,
    `connect-src 'self' ${inPage} ${hosted}`,
    `frame-src ${inPage} ${hosted}`,
    "img-src 'self' data:",
  ].join('; ');
  document.addEventListener(
    'securitypolicyviolation',
    (e) => violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, source: `${e.sourceFile}:${e.lineNumber}`, sample: e.sample }),
    true,
  );
  const meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = policy;
  document.head.prepend(meta);
});

describe("finding 17: a whole checkout under a strict CSP (style-src 'self'), in both experiences, with zero violations", () => {
  it('the policy is in force: a style attribute set now is refused and reported', async () => {
    const probe = document.createElement('div');
    probe.setAttribute('style', 'color: red');
    document.body.append(probe);
    await until('the probe reported', () => violations.some((v) => v.directive === 'style-src-attr'));
    probe.remove();
    violations.length = 0;
  });

  it('in-page: loading, consultation, decision, details, payment with saved-card terms, 3-D Secure, complete', async () => {
    const gym = await createPrice({ visit_type: 'gym' }, { unit_amount: 12900 });
    const session = await createSession({ line_items: [{ price: gym }], setup_future_use: 'off_session' });
    const el = mount(session.client_secret, { 'merchant-name': 'Juniper Wellness' });
    await toPayment(el, 'gym');
    await payWith(CARDS.threeDSecure, 'Pay $129.00');
    await commands.answerChallenge('complete');
    await untilStep(el, 'complete');
    expect(el.shadowRoot!.textContent).toContain('$129.00 paid with Visa ending in 3155.');
    expect(violations).toEqual([]);
  });

  it('hosted: the hosted page framed in the element, paid there, complete', async () => {
    const session = await commands.createHostedSession({ line_items: [{ price: await noLetterPrice(2400), quantity: 1 }], setup_future_use: 'off_session' });
    const el = mount(session.client_secret, { endpoint: `${inject('flexHostedServer')}/flex` });
    await untilStep(el, 'hosted');
    await until('the hosted page shown in its frame', () => (el as any).checkout.state.frame === 'shown');
    await commands.payInHostedFrame(CARDS.visa);
    await untilStep(el, 'complete', 30_000);
    expect(el.shadowRoot!.textContent).toContain('Thank you');
    expect(violations).toEqual([]);
  });
});
