import { afterEach, describe, expect, it } from 'vitest';
import { commands, page, userEvent } from 'vitest/browser';
import type { FlexCheckout } from '../src/index.js';
import { expectNoAxeViolations } from './support/axe.js';
import { questionnaireFor } from '../../sandbox/src/consultations/questionnaires.js';
import { sampleAnswers } from '../../sandbox/src/consultations/samples.js';
import {
  CARDS,
  answerQuestionnaire,
  click,
  consult,
  createPrice,
  createSession,
  fillDetails,
  mount,
  payWith,
  sandboxToday,
  until,
  untilStep,
} from './support/shopper.js';

afterEach(() => {
  document.body.replaceChildren();
  document.documentElement.style.colorScheme = '';
});

const focused = (el: FlexCheckout) => el.shadowRoot!.activeElement;

/** What a loading element holds, for a timeout's message: its step, whether the skeleton was due, what it drew. */
const describeLoading = (el: FlexCheckout) => {
  const inside = el as unknown as { checkout: { state: { step: string } }; skeletonDue: boolean };
  return `step ${inside.checkout.state.step}, skeleton due ${String(inside.skeletonDue)}, connected ${String(el.isConnected)}, shadow root: ${el
    .shadowRoot!.innerHTML.replace(/<!--[^>]*-->/g, '')
    .replace(/\s+/g, ' ')
    .slice(0, 400)}`;
};

/** axe-core in every step the shopper can see, in both themes. */
describe('<flex-checkout> accessibility', () => {
  for (const theme of ['light', 'dark'] as const) {
    // A whole checkout with axe at eight steps: 9 s warm, 27 s as the first test of a cold run.
    it(`axe finds no violation in any step (${theme})`, { timeout: 90_000 }, async () => {
      // The page around the element matches its theme, as a merchant's dark page would.
      document.body.style.background = theme === 'dark' ? '#0b1220' : '#ffffff';
      const gym = await createPrice({ visit_type: 'gym' }, { unit_amount: 12900 });
      const session = await createSession({ line_items: [{ price: gym }], setup_future_use: 'off_session', cancel_url: 'https://shop.example/cart' });
      const el = mount(session.client_secret, { theme });
      await untilStep(el, 'consultation');
      await expectNoAxeViolations(`consultation (${theme})`);
      await click('Continue');
      await until('the errors', () => !!el.shadowRoot!.querySelector('.field-error'));
      await expectNoAxeViolations(`consultation with errors (${theme})`);
      await consult(el, 'gym', 'approved');
      await expectNoAxeViolations(`approved (${theme})`);
      await click('Continue');
      await untilStep(el, 'details');
      await click('Continue');
      await until('the errors', () => !!el.shadowRoot!.querySelector('.field-error'));
      await expectNoAxeViolations(`details with errors (${theme})`);
      await fillDetails();
      await click('Continue');
      await untilStep(el, 'payment');
      await expectNoAxeViolations(`payment (${theme})`);
      await payWith(CARDS.insufficientFunds, 'Pay $129.00');
      await until('the decline', () => !!el.shadowRoot!.querySelector('.alert'));
      await expectNoAxeViolations(`declined (${theme})`);
      await payWith(CARDS.visa, 'Pay $129.00');
      await untilStep(el, 'complete');
      await expectNoAxeViolations(`complete (${theme})`);

      const denied = await createSession({ line_items: [{ price: gym }], cancel_url: 'https://shop.example/cart' });
      el.clientSecret = denied.client_secret;
      await until('the new session', () => (el as any).checkout.state.session?.checkout_session_id === denied.checkout_session_id);
      await consult(el, 'gym', 'denied');
      await expectNoAxeViolations(`denied (${theme})`);

      const expired = await createSession({ line_items: [{ price: gym }] });
      await commands.sandboxCall('POST', `/v1/checkout/sessions/${expired.checkout_session_id}/expire`);
      el.clientSecret = expired.client_secret;
      await untilStep(el, 'expired');
      await expectNoAxeViolations(`expired (${theme})`);

      el.clientSecret = 'fcs_01M86Z1FR4VX95RYBGATWKHPK1_secret_wrong';
      await untilStep(el, 'error');
      await expectNoAxeViolations(`error (${theme})`);
      document.body.style.background = '';
    });
  }

  it('a slow first read: the loading skeleton is marked busy and is the size of the step it stands for', async () => {
    const session = await createSession({ line_items: [{ price: await createPrice({ visit_type: 'gym' }) }] });
    // The session's read is held on the wire until the skeleton has been looked at (a quick
    // answer skips it).
    const held = `/sessions/${session.checkout_session_id}`;
    await commands.holdRequests(held);
    try {
      const el = mount(session.client_secret);
      // First render, long before the skeleton is due: no layout yet, only the live region,
      // which is the same node once the skeleton is drawn (so what it says first is announced).
      await el.updateComplete;
      const region = el.shadowRoot!.querySelector('[role=status][aria-live=polite]');
      expect(region).not.toBeNull();
      expect(el.shadowRoot!.querySelector('.layout')).toBeNull();
      // The read is on the wire and held: the element must still be loading.
      await commands.heldRequestArrived(held);
      await until(
        'the skeleton',
        () => !!el.shadowRoot!.querySelector('[aria-busy=true]'),
        15_000,
        () => describeLoading(el),
      );
      expect(el.shadowRoot!.querySelector('[role=status][aria-live=polite]')).toBe(region);
      const before = el.shadowRoot!.querySelector<HTMLElement>('.summary-host')!.getBoundingClientRect();
      await commands.releaseRequests(held);
      await untilStep(el, 'consultation');
      const after = el.shadowRoot!.querySelector<HTMLElement>('.summary-host')!.getBoundingClientRect();
      // The summary takes the place the skeleton held: same column, same start, no jump sideways.
      expect(after.left).toBe(before.left);
      expect(after.top).toBe(before.top);
      expect(after.width).toBe(before.width);
    } finally {
      await commands.releaseRequests(held);
    }
  });

  it('moves focus to the heading of each new step, and to the first field with an error', async () => {
    const price = await createPrice({ visit_type: null, hsa_fsa_eligibility: 'auto_substantiation' });
    const session = await createSession({ line_items: [{ price }] });
    const el = mount(session.client_secret);
    await untilStep(el, 'details');
    await userEvent.fill(page.getByLabelText('Email'), 'not-an-email');
    await click('Continue');
    await until('focus on the email field', () => focused(el)?.id === 'd-email');
    expect(focused(el)!.getAttribute('aria-invalid')).toBe('true');
    expect(focused(el)!.getAttribute('aria-describedby')).toBe('d-email-error');
    expect(el.shadowRoot!.getElementById('d-email-error')!.textContent).toBe('Enter a valid email address.');
    await fillDetails();
    await click('Continue');
    await untilStep(el, 'payment');
    await until('focus on the heading', () => focused(el)?.hasAttribute('data-heading') ?? false);
    expect(focused(el)!.textContent).toBe('Payment');
  });

  it('finding 16: after a validation error only the server finds, focus goes to the field at fault (details, consultation)', async () => {
    // Details: a first name the element takes but the server refuses (over 100 characters).
    const price = await createPrice({ visit_type: null, hsa_fsa_eligibility: 'auto_substantiation' });
    const el = mount((await createSession({ line_items: [{ price }] })).client_secret);
    await untilStep(el, 'details');
    await fillDetails();
    await userEvent.fill(page.getByLabelText('First name'), 'S'.repeat(101));
    await click('Continue');
    await until("the server's answer beside the first name", () => !!el.shadowRoot!.getElementById('d-first_name-error'));
    await until('focus on the first name', () => focused(el)?.id === 'd-first_name');
    expect(focused(el)!.getAttribute('aria-invalid')).toBe('true');
    // And the live region reads the server's words out, as it does the element's own.
    const said = el.shadowRoot!.getElementById('d-first_name-error')!.textContent;
    expect(said).not.toBe('');
    expect(el.shadowRoot!.querySelector('[role=status][aria-live=polite]')!.textContent).toBe(said);
    expect(el.shadowRoot!.querySelector('flex-checkout-details')).not.toBeNull();
    el.remove();

    // Consultation: a date of birth in the future, which only the server's rules refuse.
    const gym = await createPrice({ visit_type: 'gym' });
    const consulting = mount((await createSession({ line_items: [{ price: gym }] })).client_secret);
    await untilStep(consulting, 'consultation');
    const answers = { ...sampleAnswers('gym', 'approved', await sandboxToday()), date_of_birth: '2099-01-01' };
    await answerQuestionnaire(consulting, questionnaireFor('gym'), answers);
    await click('Continue');
    await until("the server's answer beside the date of birth", () => !!consulting.shadowRoot!.getElementById('q-date_of_birth-error'));
    await until('focus on the date of birth (its first field, the month)', () => focused(consulting)?.id === 'q-date_of_birth-month');
    expect(consulting.shadowRoot!.getElementById('q-date_of_birth-error')!.textContent).toBe('Enter a real date in the past');
    expect(consulting.shadowRoot!.querySelector('[role=status][aria-live=polite]')!.textContent).toBe('Enter a real date in the past');
  });

  it('announces errors and progress through one live region that stays in the DOM', async () => {
    const price = await createPrice({ visit_type: null, hsa_fsa_eligibility: 'auto_substantiation' });
    const session = await createSession({ line_items: [{ price }] });
    const el = mount(session.client_secret);
    await untilStep(el, 'details');
    const region = el.shadowRoot!.querySelector('[role=status][aria-live=polite]')!;
    const line = () => [...region.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent !== '');
    await click('Continue');
    await until('the announcement', () => region.textContent.includes('Enter a valid email address.'));
    // The same mistake again is said again: the line is put in afresh (a region whose text does
    // not change is not read out again), with the same words.
    const first = line();
    await click('Continue');
    await until('the line said again', () => line() !== undefined && line() !== first);
    expect(region.textContent.trim()).toBe('Enter a valid email address.');
    await fillDetails();
    await click('Continue');
    await untilStep(el, 'payment');
    // Moving on leaves nothing of the last step's errors in the region.
    expect(region.textContent.trim()).toBe('');
    await payWith(CARDS.insufficientFunds, 'Pay $49.99');
    await until('the decline read out', () => region.textContent.includes('insufficient funds'));
    // Focus goes to the decline itself, so it is what is read, not the step's heading.
    await until('focus on the decline', () => focused(el)?.id === 'pay-error');
    expect(focused(el)!.textContent).toContain('insufficient funds');
    // The same node throughout: a region created with its message is often not read.
    expect(el.shadowRoot!.querySelector('[role=status][aria-live=polite]')).toBe(region);
  });

  it('a brand colour set for one theme still makes a focus ring that is seen in the other (3:1 against the panel)', async () => {
    /** A CSS colour as sRGB bytes, as the browser paints it. */
    const rgb = (color: string): [number, number, number] => {
      const ctx = document.createElement('canvas').getContext('2d')!;
      ctx.fillStyle = color;
      ctx.fillRect(0, 0, 1, 1);
      const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
      return [r!, g!, b!];
    };
    const luminance = (color: string) => {
      const [r, g, b] = rgb(color).map((v) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4)) as [number, number, number];
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const contrast = (a: string, b: string) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
      return (hi + 0.05) / (lo + 0.05);
    };
    const gym = await createPrice({ visit_type: 'gym' });
    const el = mount((await createSession({ line_items: [{ price: gym }] })).client_secret, { theme: 'dark' });
    // The demo store's green, chosen for its light page: under 3:1 as a ring on the dark panel if used as it is.
    el.style.setProperty('--flex-color-primary', '#1f6f5c');
    await untilStep(el, 'consultation');
    const box = el.shadowRoot!.querySelector<HTMLInputElement>('.choice input')!;
    box.focus();
    const ring = () => getComputedStyle(box.closest('.choice')!).outlineColor;
    const panel = () => getComputedStyle(el.shadowRoot!.querySelector('flex-checkout-consultation .panel')!).backgroundColor;
    expect(getComputedStyle(box.closest('.choice')!).outlineStyle).toBe('solid');
    expect(contrast('#1f6f5c', panel())).toBeLessThan(3);
    expect(contrast(ring(), panel())).toBeGreaterThanOrEqual(3);
    // Light: the same green is dark enough already, and the ring is that green as set.
    el.theme = 'light';
    await el.updateComplete;
    expect(rgb(ring())).toEqual(rgb('#1f6f5c'));
    // A pale brand colour on the light panel is darkened until it is seen.
    el.style.setProperty('--flex-color-primary', '#fde047');
    expect(contrast('#fde047', panel())).toBeLessThan(3);
    expect(contrast(ring(), panel())).toBeGreaterThanOrEqual(3);
  });

  it("a choice or date question's error is on each of its fields, and goes once it is answered", async () => {
    const gym = await createPrice({ visit_type: 'gym' });
    const el = mount((await createSession({ line_items: [{ price: gym }] })).client_secret);
    await untilStep(el, 'consultation');
    await click('Continue');
    await until('the errors', () => el.shadowRoot!.querySelectorAll('fieldset[data-invalid]').length > 0);
    const fieldsets = [...el.shadowRoot!.querySelectorAll<HTMLFieldSetElement>('fieldset[data-invalid]')];
    const boxes = fieldsets.flatMap((f) => [...f.querySelectorAll<HTMLInputElement>('input')].map((input) => ({ f, input })));
    expect(boxes.length).toBeGreaterThan(4);
    for (const { f, input } of boxes) {
      const error = f.querySelector('.field-error')!;
      expect(input.getAttribute('aria-invalid'), input.id || input.value).toBe('true');
      expect(input.getAttribute('aria-describedby')?.split(' '), input.id || input.value).toContain(error.id);
    }
    // The date's three fields are among them, each described by the date's error.
    expect(boxes.filter(({ input }) => input.id.startsWith('q-date_of_birth-')).map(({ input }) => input.id)).toEqual([
      'q-date_of_birth-month',
      'q-date_of_birth-day',
      'q-date_of_birth-year',
    ]);
    // Answered, a choice question's boxes are no longer marked.
    const choice = fieldsets.find((f) => f.querySelector('input[type=radio]'))!;
    await userEvent.click(choice.querySelector('input[type=radio]')!);
    await until('its error gone', () => !choice.hasAttribute('data-invalid'));
    for (const input of choice.querySelectorAll('input')) {
      expect(input.getAttribute('aria-invalid')).toBe('false');
      expect(input.hasAttribute('aria-describedby')).toBe(false);
    }
  });

  it('a shopper using only the keyboard completes a checkout', async () => {
    const price = await createPrice({ visit_type: null, hsa_fsa_eligibility: 'auto_substantiation' }, { unit_amount: 1800 });
    const session = await createSession({ line_items: [{ price }] });
    const el = mount(session.client_secret);
    await untilStep(el, 'details');
    // Into the form from the page: Tab moves past the summary's disclosure to the first field.
    (el.shadowRoot!.querySelector('summary') as HTMLElement).focus();
    await userEvent.keyboard('{Tab}');
    expect(focused(el)?.id).toBe('d-email');
    await userEvent.keyboard('keys@example.com{Tab}Kay{Tab}Board{Tab}{Tab}');
    expect(focused(el)?.textContent?.trim()).toBe('Continue');
    await userEvent.keyboard('{Enter}');
    await untilStep(el, 'payment');
    // The heading has focus; Tab goes into the card frame, and through its fields.
    await until('focus on the heading', () => focused(el)?.hasAttribute('data-heading') ?? false);
    await until('the card form', () => (el.querySelector('iframe')?.getBoundingClientRect().height ?? 0) > 100);
    await userEvent.keyboard('{Tab}');
    // Focus enters the card frame (its own process) a moment after the key, as it leaves it
    // below: digits typed before the page has handed focus over land in the page and are lost.
    await until('focus in the card frame', () => document.activeElement === el.querySelector('iframe'));
    // Field by field with Tab: the card form never moves focus by itself.
    await userEvent.keyboard('4242424242424242{Tab}1234{Tab}123{Tab}10001');
    await userEvent.keyboard('{Tab}');
    // Focus leaves the card frame (its own process, with site isolation) a moment after the key.
    await until('focus on Pay', () => focused(el)?.textContent?.trim() === 'Pay $18.00');
    await userEvent.keyboard('{Enter}');
    await untilStep(el, 'complete');
    expect(el.shadowRoot!.textContent).toContain('$18.00 paid with Visa ending in 4242.');
  });

  it('respects prefers-reduced-motion: nothing animates when the shopper asks for less motion', async () => {
    const session = await createSession({ line_items: [{ price: await createPrice({ visit_type: 'gym' }) }] });
    // The skeleton shows while a first read is slow: the reads are held on the wire.
    const held = `/sessions/${session.checkout_session_id}`;
    await commands.holdRequests(held);
    const bone = async (el: FlexCheckout) => {
      await until('the skeleton', () => !!el.shadowRoot!.querySelector('.bone'));
      return el.shadowRoot!.querySelector('.bone')!;
    };
    try {
      await commands.emulateMedia({ reducedMotion: 'no-preference' });
      const moving = mount(session.client_secret);
      expect(getComputedStyle(await bone(moving)).animationName).toBe('pulse');
      moving.remove();
      await commands.emulateMedia({ reducedMotion: 'reduce' });
      const still = mount(session.client_secret);
      expect(getComputedStyle(await bone(still)).animationName).toBe('none');
    } finally {
      await commands.releaseRequests(held);
      await commands.emulateMedia({ reducedMotion: null });
    }
  });
});
