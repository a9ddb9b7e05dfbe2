import { afterEach, describe, expect, inject, it } from 'vitest';
import { commands } from 'vitest/browser';
import type { FlexCheckout } from '../src/index.js';
import { createPrice, createSession, mount, noLetterPrice, until } from './support/shopper.js';

declare module 'vitest/browser' {
  interface BrowserCommands {
    collectGarbage: () => Promise<void>;
  }
}

afterEach(() => {
  document.body.replaceChildren();
});

/** A listener the element's own code added to the window or the document. */
interface Added {
  target: 'window' | 'document';
  type: string;
  listener: EventListenerOrEventListenerObject;
  capture: boolean;
  signal: AbortSignal | undefined;
}

/**
 * Records, until the returned function is called, every listener that code under
 * packages/element/src adds to the window or the document; `left` are those neither removed
 * (removeEventListener) nor ended (their signal aborted) by then. Both are described
 * (`window message`), never the listeners themselves: holding one would hold the element.
 */
function watchPageListeners(): () => { added: string[]; left: string[] } {
  const added: Added[] = [];
  const removed = new Set<Added>();
  const capture = (options?: boolean | EventListenerOptions) => (typeof options === 'boolean' ? options : !!options?.capture);
  // Own properties of the window and the document, so every call on them comes here first,
  // whatever their prototypes hold; taken away again by the returned function.
  const targets = [
    ['window', window],
    ['document', document],
  ] as const;
  const restore = targets.map(([name, target]) => {
    const own = Object.getOwnPropertyDescriptors(target);
    const add = target.addEventListener.bind(target);
    const remove = target.removeEventListener.bind(target);
    target.addEventListener = (type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions) => {
      if (new Error().stack?.includes('/packages/element/src/')) {
        const signal = typeof options === 'object' ? options.signal : undefined;
        added.push({ target: name, type, listener, capture: capture(options), signal });
      }
      add(type, listener, options);
    };
    target.removeEventListener = (type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions) => {
      const match = added.find((a) => !removed.has(a) && a.target === name && a.type === type && a.listener === listener && a.capture === capture(options));
      if (match) removed.add(match);
      remove(type, listener, options);
    };
    return () => {
      for (const key of ['addEventListener', 'removeEventListener'] as const) {
        if (own[key]) Object.defineProperty(target, key, own[key]);
        else delete (target as Partial<EventTarget>)[key];
      }
    };
  });
  return () => {
    for (const undo of restore) undo();
    const describe = (a: Added) => `${a.target} ${a.type}`;
    return { added: added.map(describe), left: added.filter((a) => !removed.has(a) && !a.signal?.aborted).map(describe) };
  };
}

/** What is left of one element once it is gone: weak references only, and what it added to the page. */
interface Remains {
  element: WeakRef<FlexCheckout>;
  controller: WeakRef<object>;
  store: WeakRef<object>;
  /** Listeners the element added to the window or the document while it was in the page (`window message`). */
  added: string[];
  /** Those still attached after it left. */
  left: string[];
}

/**
 * Mounts an element for the session, waits until `shown` says it is on screen (its card frame
 * or hosted page loaded too), and removes it. Everything is made and dropped in here, so the
 * caller holds no strong reference to the element, its controller or its store.
 */
async function mountAndRemove(clientSecret: string, shown: (el: FlexCheckout) => boolean, attributes: Record<string, string> = {}): Promise<Remains> {
  const stop = watchPageListeners();
  try {
    const el = mount(clientSecret, attributes);
    await until('the element on screen', () => shown(el));
    const checkout = (el as unknown as { checkout: { store: object } }).checkout;
    const refs = { element: new WeakRef(el), controller: new WeakRef<object>(checkout), store: new WeakRef(checkout.store) };
    el.remove();
    return { ...refs, ...stop() };
  } finally {
    // Also when it never showed: the page's own methods are back either way (stopping twice is harmless).
    stop();
  }
}

/** The element's current state, for `shown`. */
const stateOf = (el: FlexCheckout) => (el as unknown as { checkout: { state: { step: string; frame: string } } }).checkout.state;

/** The card form is on screen: its frame has loaded and said how tall it is (it starts at height 0). */
const cardFormShown = (el: FlexCheckout) => {
  const frame = el.querySelector<HTMLIFrameElement>('[slot=payment] iframe');
  return stateOf(el).step === 'payment' && !!frame && frame.offsetHeight > 0;
};

/**
 * Full collections (through the DevTools protocol), then whether each is gone: it is once
 * nothing in the page can reach it any more. Anything still referenced (a listener on the
 * window, a timer, a module-level Map) keeps it, and the test fails.
 */
async function collected(remains: Remains): Promise<{ element: boolean; controller: boolean; store: boolean }> {
  await commands.collectGarbage();
  return {
    element: remains.element.deref() === undefined,
    controller: remains.controller.deref() === undefined,
    store: remains.store.deref() === undefined,
  };
}

describe('<flex-checkout> leaves nothing behind when it is removed', () => {
  it('on the health questions: no listener on the window or document, and the element, its controller and its store are collected', async () => {
    const session = await createSession({ line_items: [{ price: await createPrice({ visit_type: 'gym' }) }] });
    const remains = await mountAndRemove(session.client_secret, (el) => stateOf(el).step === 'consultation');
    expect(remains.left).toEqual([]);
    expect(await collected(remains)).toEqual({ element: true, controller: true, store: true });
  });

  it('on the card form: the same, with the card frame loaded and then destroyed', async () => {
    const session = await createSession({ line_items: [{ price: await noLetterPrice() }] });
    // The shopper's details are in, so the element opens on the card form.
    const res = await fetch(`${inject('flexServer')}/flex/sessions/${session.checkout_session_id}/details`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.client_secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'teardown@example.com', first_name: 'Tess', last_name: 'Teardown' }),
    });
    expect(res.status).toBe(200);
    const remains = await mountAndRemove(session.client_secret, cardFormShown);
    expect(remains.left).toEqual([]);
    expect(await collected(remains)).toEqual({ element: true, controller: true, store: true });
  });

  it('on the hosted page: its message, visibility and CSP listeners are removed, and the element is collected', async () => {
    const session = await commands.createHostedSession({ line_items: [{ price: await noLetterPrice(), quantity: 1 }] });
    const remains = await mountAndRemove(session.client_secret, (el) => stateOf(el).step === 'hosted' && stateOf(el).frame === 'shown', {
      endpoint: `${inject('flexHostedServer')}/flex`,
    });
    // It did add them (so the watch sees what the element adds), and none is left.
    expect(remains.added.sort()).toEqual(['document securitypolicyviolation', 'document visibilitychange', 'window message']);
    expect(remains.left).toEqual([]);
    expect(await collected(remains)).toEqual({ element: true, controller: true, store: true });
  });
});
