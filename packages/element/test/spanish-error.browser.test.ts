import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { createSession, heading, mount, nextEvent, noLetterPrice, untilStep } from './support/shopper.js';

afterEach(() => {
  document.body.replaceChildren();
});

/**
 * Spanish is loaded beside the session's first read (it is a part of its own). A read that
 * fails before the words have arrived was said in English; the error waits for them. In a
 * file of its own, so Spanish has not been loaded by an earlier test in the same page.
 */
describe('a Spanish checkout that cannot load says so in Spanish', () => {
  it('a wrong client secret: "Algo salió mal" and where to go, in the event too', async () => {
    const session = await createSession({ line_items: [{ price: await noLetterPrice() }] });
    const el = mount(session.client_secret.replace(/_secret_.*/, '_secret_wrong'), { locale: 'es' });
    const failed = nextEvent(el, 'flex-error');
    expect((await failed).detail).toMatchObject({
      code: 'load_failed',
      recoverable: false,
      message: 'No se pudo abrir este pago. Vuelva a la tienda y empiece de nuevo.',
    });
    await untilStep(el, 'error');
    expect(heading(el)).toBe('Algo salió mal');
    expect(el.shadowRoot!.textContent).toContain('No se pudo abrir este pago.');
    // Trying again cannot help with a secret the server refuses: no button offers it.
    expect(page.getByRole('button', { name: 'Intentar de nuevo' }).query()).toBeNull();
  });
});
