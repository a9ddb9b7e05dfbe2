import { expect, waitFor } from 'storybook/test';

/**
 * What a story's play function does as a shopper: find things by what they say inside the
 * element's shadow root, click, type, and type a card into the sandbox's card frame.
 */
type Checkout = HTMLElement & { shadowRoot: ShadowRoot; updateComplete: Promise<boolean> };

export const checkoutIn = (canvas: HTMLElement) => canvas.querySelector('flex-checkout') as Checkout;

/** Waits until the element shows a heading with this text (any step's `data-heading`). */
export async function seeHeading(el: Checkout, text: string): Promise<void> {
  await waitFor(() => expect(el.shadowRoot.querySelector('[data-heading]')?.textContent?.trim()).toBe(text), { timeout: 10_000 });
}

/** The element's primary button (Continue, Pay …): clicked once it is there. */
export async function clickPrimary(el: Checkout): Promise<void> {
  const button = await waitFor(() => {
    const b = el.shadowRoot.querySelector<HTMLButtonElement>('button.primary');
    if (!b) throw new Error('no primary button yet');
    return b;
  });
  button.click();
}

/** Answers the questionnaire through its inputs, as a shopper clicking and typing would. */
export async function answerQuestionnaire(el: Checkout, answers: Record<string, unknown>): Promise<void> {
  for (const [id, value] of Object.entries(answers)) {
    await el.updateComplete;
    await waitFor(() => expect(el.shadowRoot.querySelector(`[name="q-${id}"], #q-${id}, #q-${id}-year`)).toBeTruthy());
    const root = el.shadowRoot;
    // A date: three fields (#q-…-year, -month, -day), each typed.
    const year = root.querySelector<HTMLInputElement>(`#q-${id}-year`);
    if (year) {
      const parts = String(value).split('-');
      for (const [i, part] of (['year', 'month', 'day'] as const).entries()) {
        const field = root.querySelector<HTMLInputElement>(`#q-${id}-${part}`)!;
        field.value = parts[i] ?? '';
        field.dispatchEvent(new Event('input', { bubbles: true }));
        await el.updateComplete;
      }
      continue;
    }
    const choices = [...root.querySelectorAll<HTMLInputElement>(`input[name="q-${id}"]`)];
    if (choices.length > 0) {
      const wanted = typeof value === 'boolean' ? [value ? 'yes' : 'no'] : Array.isArray(value) ? value.map(String) : [String(value)];
      for (const input of choices) if (wanted.includes(input.value) && !input.checked) input.click();
      continue;
    }
    const field = root.querySelector<HTMLInputElement | HTMLSelectElement>(`#q-${id}`)!;
    field.value = String(value);
    field.dispatchEvent(new Event(field instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
  }
  await el.updateComplete;
}

/**
 * Types a card into the sandbox's card frame. The frame is on Storybook's own origin here
 * (served by .storybook/sandbox-pages.ts), so the story can reach its fields; each gets its
 * text and an input event, as typing would give it.
 */
export async function typeCard(el: Checkout, number: string): Promise<void> {
  const frame = await waitFor(
    () => {
      const iframe = el.querySelector<HTMLIFrameElement>('iframe[title="Secure payment input frame"]');
      const doc = iframe?.contentDocument;
      if (!doc?.querySelector('#zip')) throw new Error('the card frame has not loaded its fields yet');
      return doc;
    },
    { timeout: 10_000 },
  );
  // The fields are in the frame's HTML before its script listens to them: typing again until
  // the frame has formatted the expiry (as it does once it listens) is typing once it listens.
  await waitFor(
    async () => {
      for (const [id, text] of [
        ['number', number],
        ['expiry', '1234'],
        ['cvc', '123'],
        ['zip', '10001'],
      ] as const) {
        const input = frame.querySelector<HTMLInputElement>(`#${id}`)!;
        input.value = text;
        input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }));
      }
      await expect(frame.querySelector<HTMLInputElement>('#expiry')!.value).toBe('12 / 34');
    },
    { timeout: 10_000 },
  );
}

/** Waits until the element is on a step (the story's render marks each step change on the host). */
export async function untilStep(el: Checkout, step: string): Promise<void> {
  await waitFor(() => expect(el.dataset.storyStep).toBe(step), { timeout: 10_000 });
  await el.updateComplete;
}

/** Waits until the sandbox's card frame has loaded its fields (so a screenshot shows them). */
export async function cardFrameReady(el: Checkout): Promise<void> {
  await waitFor(
    async () => {
      const iframe = el.querySelector<HTMLIFrameElement>('iframe[title="Secure payment input frame"]');
      await expect(iframe?.contentDocument?.querySelector('#zip')).toBeTruthy();
      await expect(iframe?.getBoundingClientRect().height).toBeGreaterThan(100);
    },
    { timeout: 10_000 },
  );
}

/** The summary's rows as the shopper reads them: label and amount. */
export const summaryRows = (el: Checkout): string[][] =>
  [...el.shadowRoot.querySelectorAll('.summary .row')].map((row) => [...row.children].map((c) => c.textContent.replace(/\s+/g, ' ').trim()));

/** The amount of the summary's row whose label contains this text (a code, a rate's name: not translated). */
export const amountOf = (el: Checkout, label: string): string | undefined => summaryRows(el).find(([text]) => text?.includes(label))?.[1];

/** Types the contact details (the recorder's Sam Shopper) into the details step. */
export function fillContact(el: Checkout): void {
  for (const [name, value] of [
    ['email', 'sam@example.com'],
    ['first_name', 'Sam'],
    ['last_name', 'Shopper'],
  ] as const) {
    const field = el.shadowRoot.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
    field.value = value;
    field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  }
}

/** Types a promo code into the summary's field and presses Apply. */
export async function applyPromoCode(el: Checkout, code: string): Promise<void> {
  const input = await waitFor(() => {
    const field = el.shadowRoot.querySelector<HTMLInputElement>('#promo-code');
    if (!field) throw new Error('no promo code field yet');
    return field;
  });
  input.value = code;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  el.shadowRoot.querySelector<HTMLButtonElement>('form.promo button[type="submit"]')!.click();
}
