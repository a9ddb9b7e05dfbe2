import { afterEach, describe, expect, inject, it } from 'vitest';
import { commands, page } from 'vitest/browser';
import { createPrice, createSession, consult, heading, mount, nextEvent, noLetterPrice, untilStep } from './support/shopper.js';

afterEach(() => {
  document.body.replaceChildren();
});

/** The element's reads of a session's view (`GET {endpoint}/sessions/{id}`) this page has made so far. */
function readsOf(endpoint: string, sessionId: string): number {
  const url = `${endpoint}/sessions/${sessionId}`;
  return performance.getEntriesByType('resource').filter((entry) => entry.name === url).length;
}

/** The line items' names in the summary, as the shopper reads them. */
const itemNames = () =>
  page
    .getByRole('listitem')
    .elements()
    .map((item) => item.textContent ?? '');

describe('<flex-checkout> with the first view from the page (session-view)', () => {
  it('starts on the health questions without reading the session, then goes on as usual', async () => {
    const price = await createPrice({ name: 'Kettlebell class', visit_type: 'gym' });
    const session = await createSession({ line_items: [{ price }] });
    const view = await commands.sessionView(session.client_secret);
    const endpoint = `${inject('flexServer')}/flex`;
    const before = readsOf(endpoint, session.checkout_session_id);
    const el = document.createElement('flex-checkout');
    const ready = nextEvent(el, 'flex-ready');
    // What the shopper has on screen as flex-ready fires: the step and the summary, drawn.
    let onScreen: { heading: string | undefined; questions: number; items: string[] } | undefined;
    el.addEventListener('flex-ready', () => {
      onScreen = { heading: heading(el), questions: el.shadowRoot!.querySelectorAll('flex-checkout-consultation fieldset').length, items: itemNames() };
    });
    el.setAttribute('endpoint', endpoint);
    el.setAttribute('client-secret', session.client_secret);
    el.setAttribute('session-view', JSON.stringify(view));
    document.body.append(el);
    expect((await ready).detail).toEqual({ checkoutSessionId: session.checkout_session_id, step: 'consultation' });
    expect(onScreen?.heading).toBe('A few health questions');
    expect(onScreen?.questions).toBeGreaterThan(0);
    expect(onScreen?.items.some((name) => name.includes('Kettlebell class'))).toBe(true);
    await el.updateComplete;
    // Ready means on screen: the first read is what flex-ready waits for, so none was made.
    expect(readsOf(endpoint, session.checkout_session_id)).toBe(before);
    expect(heading(el)).toBe('A few health questions');
    expect(itemNames().some((name) => name.includes('Kettlebell class'))).toBe(true);
    // Every step after it is the server's word again: the consultation is sent and decided there.
    await consult(el, 'gym', 'approved');
    expect(heading(el)).toBe('You qualify');
    // Moved in the page, it starts again from where the server says the shopper is, not from the page's first view.
    const reads = readsOf(endpoint, session.checkout_session_id);
    el.remove();
    document.body.append(el);
    await untilStep(el, 'details');
    expect(readsOf(endpoint, session.checkout_session_id)).toBe(reads + 1);
  });

  it('takes the view as a property (an object) too, and opens a hosted session on its hosted page at once', async () => {
    const session = await commands.createHostedSession({ line_items: [{ price: await noLetterPrice(3100), quantity: 1 }] });
    const view = await commands.sessionView(session.client_secret, true);
    const endpoint = `${inject('flexHostedServer')}/flex`;
    const el = document.createElement('flex-checkout');
    const ready = nextEvent(el, 'flex-ready');
    el.endpoint = endpoint;
    el.clientSecret = session.client_secret;
    el.sessionView = view;
    document.body.append(el);
    expect((await ready).detail).toEqual({ checkoutSessionId: session.checkout_session_id, step: 'hosted' });
    expect(readsOf(endpoint, session.checkout_session_id)).toBe(0);
    await untilStep(el, 'hosted');
    expect(el.shadowRoot!.querySelector('iframe.hosted-frame')?.getAttribute('src')).toBe(view.redirect_url);
  });

  it("reads the session itself when the view is another session's, or not JSON", async () => {
    const mine = await createSession({ line_items: [{ price: await createPrice({ name: 'Mine: foam roller', visit_type: 'gym' }) }] });
    const other = await createSession({ line_items: [{ price: await createPrice({ name: 'Theirs: yoga mat', visit_type: 'gym' }) }] });
    const endpoint = `${inject('flexServer')}/flex`;
    for (const given of [JSON.stringify(await commands.sessionView(other.client_secret)), '{"checkout_session_id": "fcs_', 'null']) {
      const before = readsOf(endpoint, mine.checkout_session_id);
      const el = mount(mine.client_secret, { 'session-view': given });
      await untilStep(el, 'consultation');
      expect(readsOf(endpoint, mine.checkout_session_id)).toBe(before + 1);
      const names = itemNames();
      expect(names.some((name) => name.includes('Mine: foam roller'))).toBe(true);
      expect(names.some((name) => name.includes('Theirs'))).toBe(false);
      el.remove();
    }
  });
});
