import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { commands, page, userEvent } from 'vitest/browser';
import type { FlexCheckout } from '../src/index.js';
import { paymentAppearance } from '../src/in-page/payment.js';
import {
  CARDS,
  click,
  createPrice,
  noLetterPrice,
  createSession,
  fillDetails,
  heading,
  mount,
  nextEvent,
  paymentIntentsOf,
  payWith,
  primaryButton,
  record,
  toPayment,
  until,
  untilStep,
} from './support/shopper.js';

afterEach(() => {
  document.body.replaceChildren();
});

/** What a page reload does to the element: a new instance, nothing kept in memory. */
function reload(el: FlexCheckout): FlexCheckout {
  const secret = el.clientSecret;
  el.remove();
  return mount(secret);
}

describe('<flex-checkout> across time, reloads and settings', () => {
  it('fires flex-ready, then flex-step-change for each step, with their details', async () => {
    const session = await createSession({ line_items: [{ price: await noLetterPrice() }] });
    const el = mount(session.client_secret);
    const events = record(el);
    await toPayment(el, null);
    await payWith(CARDS.visa, 'Pay $24.00');
    await untilStep(el, 'complete');
    const names = events.map((e) => e.type);
    expect(names[0]).toBe('flex-step-change');
    expect(events.find((e) => e.type === 'flex-ready')!.detail).toEqual({ checkoutSessionId: session.checkout_session_id, step: 'details' });
    expect(events.filter((e) => e.type === 'flex-step-change').map((e) => e.detail)).toEqual([
      { step: 'details', previous: 'loading' },
      { step: 'payment', previous: 'details' },
      { step: 'processing', previous: 'payment' },
      { step: 'complete', previous: 'processing' },
    ]);
    expect(names.filter((n) => n === 'flex-complete')).toHaveLength(1);
    // Every event bubbles out of the shadow root and the element.
    expect(events.every((e) => e.bubbles && e.composed)).toBe(true);
  });

  it('a session that expires while open: says so and fires flex-expired', async () => {
    const session = await createSession({ line_items: [{ price: await noLetterPrice() }] });
    const el = mount(session.client_secret);
    await untilStep(el, 'details');
    const expired = nextEvent(el, 'flex-expired');
    await commands.sandboxCall('POST', `/v1/checkout/sessions/${session.checkout_session_id}/expire`);
    await fillDetails();
    await click('Continue');
    expect((await expired).detail).toEqual({ checkoutSessionId: session.checkout_session_id });
    await untilStep(el, 'expired');
    expect(heading(el)).toBe('This checkout has expired');
    expect(page.getByRole('button', { name: 'Start again' }).query()).not.toBeNull();
  });

  it('reloading in the middle of payment resumes at payment, with the details kept', async () => {
    const session = await createSession({ line_items: [{ price: await noLetterPrice() }] });
    let el = mount(session.client_secret);
    await toPayment(el, null, 'reload@example.com');
    el = reload(el);
    await untilStep(el, 'payment');
    await payWith(CARDS.visa, 'Pay $24.00');
    await untilStep(el, 'complete');
    expect((await paymentIntentsOf(session.checkout_session_id)).map((i) => i.status)).toEqual(['succeeded']);
  });

  it('a completed session shows Complete after a reload, never a second payment form', async () => {
    const session = await createSession({ line_items: [{ price: await noLetterPrice() }] });
    let el = mount(session.client_secret);
    await toPayment(el, null);
    await payWith(CARDS.visa, 'Pay $24.00');
    await untilStep(el, 'complete');
    el = reload(el);
    const events = record(el);
    const complete = nextEvent(el, 'flex-complete');
    await untilStep(el, 'complete');
    expect((await complete).detail.status).toBe('complete');
    // Ready comes first, as on every load; then the one flex-complete.
    expect(events.map((e) => e.type).filter((t) => t === 'flex-ready' || t === 'flex-complete')).toEqual(['flex-ready', 'flex-complete']);
    expect(el.querySelector('iframe')).toBeNull();
    expect(el.shadowRoot!.querySelector('slot[name=payment]')).toBeNull();
    expect(el.shadowRoot!.textContent).toContain('$24.00 paid with Visa ending in 4242.');
  });

  it('changing client-secret starts over cleanly: the old attempt is never confirmed', async () => {
    const first = await createSession({ line_items: [{ price: await noLetterPrice(1100) }] });
    const second = await createSession({ line_items: [{ price: await noLetterPrice(2200) }] });
    const el = mount(first.client_secret);
    await toPayment(el, null);
    await commands.fillCard(CARDS.visa);
    el.clientSecret = second.client_secret;
    await until('the second session', () => (el as any).checkout.state.session?.checkout_session_id === second.checkout_session_id);
    await untilStep(el, 'details');
    expect(el.shadowRoot!.textContent).toContain('$22.00');
    expect(el.shadowRoot!.textContent).not.toContain('$11.00');
    await fillDetails();
    await click('Continue');
    await untilStep(el, 'payment');
    await payWith(CARDS.visa, 'Pay $22.00');
    await untilStep(el, 'complete');
    expect(await paymentIntentsOf(first.checkout_session_id)).toEqual([]);
    expect((await paymentIntentsOf(second.checkout_session_id)).map((i) => i.amount_received)).toEqual([2200]);
  });

  it('finding 12: a client-secret changed while the first session still loads starts over cleanly, with no flex-error and no error step', async () => {
    const first = await createSession({ line_items: [{ price: await noLetterPrice(1100) }] });
    const second = await createSession({ line_items: [{ price: await noLetterPrice(2200) }] });
    // The first session's read is held on the wire: it is still loading when the secret changes,
    // as in React's StrictMode (mount, unmount, mount) or a fetch-in-effect that runs twice.
    await commands.holdRequests(`/sessions/${first.checkout_session_id}`);
    const el = mount(first.client_secret);
    const events = record(el);
    await commands.heldRequestArrived(`/sessions/${first.checkout_session_id}`);
    el.clientSecret = second.client_secret;
    const ready = await nextEvent(el, 'flex-ready');
    expect(ready.detail).toEqual({ checkoutSessionId: second.checkout_session_id, step: 'details' });
    await commands.releaseRequests(`/sessions/${first.checkout_session_id}`);
    await untilStep(el, 'details');
    expect(el.shadowRoot!.textContent).toContain('$22.00');
    expect(el.shadowRoot!.textContent).not.toContain('$11.00');
    expect(events.filter((e) => e.type === 'flex-error')).toEqual([]);
    expect(events.filter((e) => e.type === 'flex-step-change').map((e) => e.detail.step)).toEqual(['details']);
    expect(events.filter((e) => e.type === 'flex-ready')).toHaveLength(1);
  });

  it('speaks Spanish (locale="es"): steps, buttons, amounts and dates', async () => {
    const price = await createPrice({ visit_type: 'gym', name: 'Club de fuerza' }, { unit_amount: 12900 });
    const session = await createSession({ line_items: [{ price }] });
    const el = mount(session.client_secret, { locale: 'es' });
    await untilStep(el, 'consultation');
    expect(heading(el)).toBe('Algunas preguntas de salud');
    // The questions come from the server in the shopper's language too.
    expect(page.getByRole('group', { name: 'Confirmo que mis respuestas son verdaderas y completas.' }).query()).not.toBeNull();
    expect(page.getByLabelText('¿En qué estado vive?').query()).not.toBeNull();
    expect(el.shadowRoot!.textContent).toContain('Ninguna de estas');
    await click('Continuar');
    // Every required question says what is missing, in Spanish.
    expect(el.shadowRoot!.textContent).toContain('Elija al menos una opción.');
    expect(el.shadowRoot!.textContent).toContain('Responda esta pregunta.');
    const summary = el.shadowRoot!.querySelector('[part=summary]')!.textContent;
    expect(summary).toContain('Resumen del pedido');
    expect(summary).toMatch(/129[.,]00/);
    expect(summary).toContain('Apto para HSA/FSA con carta de necesidad médica');
  });

  it('switching locale mid-consultation shows the same questions in the other language, answers kept', async () => {
    const price = await createPrice({ visit_type: 'sleep' });
    const session = await createSession({ line_items: [{ price }] });
    const el = mount(session.client_secret, { locale: 'en' });
    await untilStep(el, 'consultation');
    await userEvent.selectOptions(page.getByLabelText('Which state do you live in?'), 'NY');
    el.locale = 'es';
    await until('the Spanish questions', () => !!page.getByLabelText('¿En qué estado vive?').query());
    const select = page.getByLabelText('¿En qué estado vive?').element() as HTMLSelectElement;
    expect(select.value).toBe('NY');
    // The list is the Spanish one, once: the state's name as Spanish writes it.
    expect(select.selectedOptions[0]?.textContent).toBe('Nueva York');
    expect(select.options).toHaveLength(1 + 51);
    expect(heading(el)).toBe('Algunas preguntas de salud');
  });

  it('locale="auto" follows the page language', async () => {
    const session = await createSession({ line_items: [{ price: await noLetterPrice() }] });
    document.documentElement.lang = 'es-MX';
    try {
      const el = mount(session.client_secret);
      await untilStep(el, 'details');
      expect(heading(el)).toBe('Sus datos');
      expect(page.getByLabelText('Correo electrónico').query()).not.toBeNull();
    } finally {
      document.documentElement.lang = 'en';
    }
  });

  it('redirect="always" goes to the success_url with the session ID filled in, unless the page prevents it', async () => {
    const session = await createSession({
      line_items: [{ price: await noLetterPrice() }],
      success_url: 'https://shop.example/thanks?session={CHECKOUT_SESSION_ID}',
    });
    const el = mount(session.client_secret, { redirect: 'always' });
    // The test page stays (preventDefault); the URL the shopper would be sent to is in the event.
    el.addEventListener('flex-complete', (e) => e.preventDefault());
    const completed = nextEvent(el, 'flex-complete');
    await toPayment(el, null);
    await payWith(CARDS.visa, 'Pay $24.00');
    const done = await completed;
    expect(done.cancelable).toBe(true);
    expect(done.detail.redirectUrl).toBe(`https://shop.example/thanks?session=${session.checkout_session_id}`);
    await untilStep(el, 'complete');
    expect(location.href).not.toContain('shop.example');
  });

  it('hosted with redirect="always": paid in another tab, the checkout is seen complete when this tab shows again', async () => {
    const session = await commands.createHostedSession({ line_items: [{ price: await noLetterPrice(2400), quantity: 1 }] });
    const el = mount(session.client_secret, { endpoint: `${inject('flexHostedServer')}/flex`, redirect: 'always' });
    el.addEventListener('flex-complete', (e) => e.preventDefault());
    const completed = nextEvent(el, 'flex-complete');
    await untilStep(el, 'hosted');
    // A link, not a frame: nothing polls.
    expect((el as any).checkout.state.frame).toBe('link');
    expect(el.shadowRoot!.querySelector('iframe')).toBeNull();
    await commands.payHostedInNewTab((el as any).checkout.state.hosted.redirect_url, CARDS.visa);
    // The shopper comes back to this tab.
    document.dispatchEvent(new Event('visibilitychange'));
    await untilStep(el, 'complete');
    expect((await completed).detail).toMatchObject({ checkoutSessionId: session.checkout_session_id, status: 'complete' });
    expect(el.shadowRoot!.textContent).toContain('$24.00 paid with Visa ending in 4242.');
  });

  it('redirect="never" (the default) stays and names no redirect', async () => {
    const session = await createSession({ line_items: [{ price: await noLetterPrice() }], success_url: 'https://shop.example/thanks' });
    const el = mount(session.client_secret);
    const completed = nextEvent(el, 'flex-complete');
    await toPayment(el, null);
    await payWith(CARDS.visa, 'Pay $24.00');
    expect((await completed).detail.redirectUrl).toBeNull();
  });

  it('theme="dark" changes the colours; the payment frame gets the same theme', async () => {
    const session = await createSession({ line_items: [{ price: await noLetterPrice() }] });
    const el = mount(session.client_secret, { theme: 'dark' });
    await toPayment(el, null);
    const panel = el.shadowRoot!.querySelector('[part=payment]')!;
    expect(getComputedStyle(panel).backgroundColor).toBe('rgb(17, 24, 39)');
    expect(paymentAppearance(el)).toMatchObject({ theme: 'night' });
    // Text on the primary colour is black or white by that colour's lightness: black on the dark
    // palette's light blue; white on a dark brand colour the page sets, in either theme.
    const onPrimary = () => getComputedStyle(primaryButton(el)).color;
    expect(onPrimary()).toBe('oklch(0 0 0)');
    el.style.setProperty('--flex-color-primary', '#1f6f5c');
    expect(onPrimary()).toBe('oklch(1 0 0)');
    el.theme = 'light';
    await el.updateComplete;
    expect(getComputedStyle(panel).backgroundColor).toBe('rgb(255, 255, 255)');
    expect(paymentAppearance(el)).toMatchObject({ theme: 'stripe' });
    expect(onPrimary()).toBe('oklch(1 0 0)');
    el.style.removeProperty('--flex-color-primary');
    expect(onPrimary()).toBe('oklch(1 0 0)');
    // What the page sets itself wins.
    el.style.setProperty('--flex-color-on-primary', '#fefefe');
    expect(onPrimary()).toBe('rgb(254, 254, 254)');
  });

  it('--flex-* custom properties restyle it', async () => {
    const session = await createSession({ line_items: [{ price: await noLetterPrice() }] });
    const el = mount(session.client_secret);
    el.style.setProperty('--flex-color-primary', 'rgb(120, 20, 90)');
    el.style.setProperty('--flex-radius', '2px');
    await untilStep(el, 'details');
    const button = primaryButton(el);
    expect(getComputedStyle(button).backgroundColor).toBe('rgb(120, 20, 90)');
    expect(getComputedStyle(button).borderTopLeftRadius).toBe('2px');
    expect(paymentAppearance(el).variables).toMatchObject({ colorPrimary: 'rgb(120, 20, 90)', borderRadius: '2px' });
  });

  it('without a client-secret it says what is missing', async () => {
    const el = document.createElement('flex-checkout');
    const failed = nextEvent(el, 'flex-error');
    document.body.append(el);
    expect((await failed).detail).toEqual({ code: 'missing_client_secret', message: 'Set the client-secret attribute.', recoverable: false });
    await untilStep(el, 'error');
  });

  /** What the element warns in the console while `run` runs (console.warn, as a developer sees it). */
  async function consoleWarnings(run: () => Promise<void>): Promise<string[]> {
    const logged: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => void logged.push(String(args[0]));
    try {
      await run();
    } finally {
      console.warn = original;
    }
    return logged;
  }

  it('a wrong client secret: trying again cannot help, so the shopper is sent back to the store and the developer told why', async () => {
    const session = await createSession({ line_items: [{ price: await noLetterPrice() }] });
    const endpoint = `${inject('flexServer')}/flex`;
    let detail: Record<string, unknown> = {};
    let el: FlexCheckout;
    const logged = await consoleWarnings(async () => {
      el = mount(session.client_secret.replace(/_secret_.*/, '_secret_wrong'));
      detail = (await nextEvent(el, 'flex-error')).detail;
      await untilStep(el, 'error');
    });
    expect(detail).toMatchObject({
      code: 'load_failed',
      recoverable: false,
      status: 401,
      message: 'This checkout could not be opened. Go back to the store and start again.',
    });
    // The companion server's own words, for the developer; never the secret that was sent.
    expect(detail.reason).toMatch(new RegExp(`^${endpoint.replace(/[.:/]/g, '\\$&')} answered 401: .*client secret`));
    expect(detail.reason).not.toContain('_secret_wrong');
    expect(logged).toContain(`<flex-checkout> ${String(detail.reason)}`);
    expect(heading(el!)).toBe('Something went wrong');
    expect(el!.shadowRoot!.textContent).toContain('This checkout could not be opened. Go back to the store and start again.');
    expect(page.getByRole('button', { name: 'Try again' }).query()).toBeNull();
  });

  it('an endpoint where no companion server is: what answered instead is named for the developer', async () => {
    const session = await createSession({ line_items: [{ price: await noLetterPrice() }] });
    // A path of the test page's own server, which answers 404; then a "server" that answers
    // every path with a page (200, HTML), as many sites do for paths they do not know.
    const cases = [
      { endpoint: '/no-flex-here', status: 404, reason: '/no-flex-here answered 404: HTTP 404' },
      { endpoint: 'data:text/html,<p>a page', status: 200, reason: 'data:text/html,<p>a page answered 200: not JSON' },
    ];
    for (const { endpoint, status, reason } of cases) {
      let detail: Record<string, unknown> = {};
      const logged = await consoleWarnings(async () => {
        const el = mount(session.client_secret, { endpoint });
        detail = (await nextEvent(el, 'flex-error')).detail;
      });
      expect(detail).toMatchObject({ code: 'load_failed', recoverable: false, status, reason });
      expect(logged).toContain(`<flex-checkout> ${reason}`);
      document.body.replaceChildren();
    }
  });

  it('no answer at all (nothing listening): the shopper may try again', async () => {
    const session = await createSession({ line_items: [{ price: await noLetterPrice() }] });
    // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    const el = mount(session.client_secret, { endpoint: 'http://127.0.0.1:9/flex' });
    const failed = nextEvent(el, 'flex-error', 20_000);
    expect((await failed).detail).toMatchObject({
      code: 'load_failed',
      recoverable: true,
      status: 0,
      message: 'The checkout could not be loaded. Check your connection and try again.',
    });
    await untilStep(el, 'error');
    expect(page.getByRole('button', { name: 'Try again' }).query()).not.toBeNull();
  });

  /**
   * The page's fetch, its session reads answered `answer` while `busy` says so and passed on
   * after; each read's time kept. (Flex's 429 and 503 cannot be had from the sandbox on demand;
   * the companion server passes their Retry-After on, tested in the server's suites.)
   */
  function busyReads(answer: () => Response, busy: (n: number) => boolean): { at: number[]; restore: () => void } {
    const real = window.fetch.bind(window);
    const at: number[] = [];
    const spy = vi.spyOn(window, 'fetch').mockImplementation((input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (!/\/sessions\/[^/]+$/.test(new URL(url, location.href).pathname)) return real(input, init);
      at.push(performance.now());
      return busy(at.length) ? Promise.resolve(answer()) : real(input, init);
    });
    return { at, restore: () => spy.mockRestore() };
  }
  const busyAnswer = (status: number, retryAfter: string) => () =>
    new Response(JSON.stringify({ detail: [{ loc: [], msg: 'The payment service is busy. Try again in a moment.', type: 'rate_limit_error' }] }), {
      status,
      headers: { 'content-type': 'application/json', 'retry-after': retryAfter },
    });

  it("waits the server's Retry-After before reading again, not its own shorter backoff", async () => {
    const session = await createSession({ line_items: [{ price: await noLetterPrice() }] });
    const reads = busyReads(busyAnswer(429, '1'), (n) => n === 1);
    try {
      const el = mount(session.client_secret);
      await untilStep(el, 'details');
      expect(reads.at).toHaveLength(2);
      // The element's own first backoff is 300 ms; the server asked for a second.
      expect(reads.at[1]! - reads.at[0]!).toBeGreaterThanOrEqual(1000);
    } finally {
      reads.restore();
    }
  });

  it('a long Retry-After or a failing payment service: told at once that the checkout is not available, not to check their connection', async () => {
    const session = await createSession({ line_items: [{ price: await noLetterPrice() }] });
    const reads = busyReads(busyAnswer(503, '120'), () => true);
    try {
      const el = mount(session.client_secret);
      const failed = await nextEvent(el, 'flex-error');
      expect(failed.detail).toMatchObject({
        code: 'load_failed',
        recoverable: true,
        status: 503,
        message: 'The checkout is not available right now. Please try again in a moment.',
      });
      // Not waited out, and not tried again behind the spinner.
      expect(reads.at).toHaveLength(1);
      await untilStep(el, 'error');
      // Shown in the error step (and read out by the live region).
      expect(page.getByText('The checkout is not available right now. Please try again in a moment.').elements().length).toBeGreaterThan(0);
      // Trying again once the service is back opens the checkout.
      reads.restore();
      await click('Try again');
      await untilStep(el, 'details');
    } finally {
      reads.restore();
    }
  });
});
