import { beforeAll, expect, it } from 'vitest';
import { WidgetSession } from '@flex-checkout/protocol';
import { FlexError } from '@flex-checkout/server';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { useFlexServer, type SandboxProfile } from '../../../test/support/flex-server.js';
import { createPrice } from '../../../test/support/checkout.js';
import { attributeOf } from '../../../test/support/html.js';

/**
 * `flex.sessionView()` and `flex.renderElement()`: the element's first read, answered to the
 * merchant's server for the page it renders. In-page on the default profile; hosted on the
 * flex profile (Flex as its docs show it: no browser API, so the server mints the secret).
 */
const ORIGIN = 'http://shop.test';
/** A product name with every character that could end an attribute or start a tag. */
const AWKWARD_NAME = `Grip & "Pro" <b>bar</b> o'clock`;

for (const profile of ['default', 'flex'] as SandboxProfile[]) {
  const checkout = profile === 'flex' ? 'hosted' : 'in-page';
  describeEachDatabase(`session view for a server-rendered page, ${profile} profile (${checkout})`, (kind) => {
    const server = useFlexServer(kind, 'embedded', {}, profile);
    let price: string;
    beforeAll(async () => {
      price = (await createPrice(server.sandbox, { visit_type: 'gym', name: AWKWARD_NAME })).price_id;
    });
    const create = () => server.flex.client.checkoutSessions.create({ line_items: [{ price, quantity: 1 }], cancel_url: `${ORIGIN}/cart` });

    it("is the element's own first read, for the same secret and language", async () => {
      const session = await create();
      const secret = session.client_secret!;
      for (const language of [undefined, 'es-US,es;q=0.9']) {
        const view = await server.flex.sessionView(secret, { origin: ORIGIN, language });
        const read = await server.call('GET', `/flex/sessions/${session.checkout_session_id}`, {
          key: secret,
          headers: language ? { 'accept-language': language } : {},
        });
        expect(read.status).toBe(200);
        expect(view).toEqual(read.body.checkout_session);
        expect(WidgetSession.parse(view)).toMatchObject({ checkout, checkout_session_id: session.checkout_session_id, status: 'open' });
      }
      if (checkout === 'in-page') {
        // The questionnaire comes in the view, in the shopper's language.
        const english = await server.flex.sessionView(secret, { origin: ORIGIN });
        const spanish = await server.flex.sessionView(secret, { origin: ORIGIN, language: 'es' });
        expect(english.checkout === 'in-page' && english.questionnaire?.questions.length).toBeGreaterThan(0);
        expect(JSON.stringify(spanish)).not.toBe(JSON.stringify(english));
      }
    });

    it('renders the tag with the view escaped inside it, and the part its first step needs as a script tag before it', async () => {
      const session = await create();
      const secret = session.client_secret!;
      const html = await server.flex.renderElement(secret, { origin: ORIGIN, nonce: 'n0nce', attributes: { theme: 'dark', 'merchant-name': 'Grip & Co' } });
      const tag = html.slice(html.indexOf('<flex-checkout'));
      // One tag, nothing in it that the view's text could open or close.
      expect(tag).toMatch(/^<flex-checkout [^<>]*><\/flex-checkout>$/);
      expect(attributeOf(tag, 'client-secret')).toBe(secret);
      expect(attributeOf(tag, 'endpoint')).toBe('/flex');
      expect(attributeOf(tag, 'theme')).toBe('dark');
      expect(attributeOf(tag, 'merchant-name')).toBe('Grip & Co');
      const view = JSON.parse(attributeOf(tag, 'session-view')!);
      expect(view).toEqual(await server.flex.sessionView(secret, { origin: ORIGIN }));
      expect(view.line_items[0].name).toBe(AWKWARD_NAME);
      const preload = html.slice(0, html.indexOf('<flex-checkout'));
      // The in-page steps for an in-page session, the hosted step for a hosted one (both open here).
      const partName = checkout === 'in-page' ? 'in-page' : 'hosted';
      expect(preload).toMatch(new RegExp(`^<script src="/flex/flex-checkout\\.${partName}\\.[\\w-]+\\.js" nonce="n0nce"></script>$`));
      // The file it names is the one this server serves, and is that part.
      const part = /src="([^"]+)"/.exec(preload)![1]!;
      const served = await server.flex.app.request(`${ORIGIN}${part}`);
      expect(served.status).toBe(200);
      expect(await served.text()).toContain(checkout === 'in-page' ? 'flex-checkout-consultation' : 'flex-checkout-hosted');
      const without = await server.flex.renderElement(secret, { origin: ORIGIN, preload: false });
      expect(without.startsWith('<flex-checkout ')).toBe(true);
    });

    it('throws the errors a read would answer, and says what is wrong with its own arguments', async () => {
      const session = await create();
      const secret = session.client_secret!;
      const wrong = `${session.checkout_session_id}_secret_${'x'.repeat(24)}`;
      await expect(server.flex.sessionView(wrong, { origin: ORIGIN })).rejects.toMatchObject({ status: 401 });
      await expect(server.flex.sessionView(wrong, { origin: ORIGIN })).rejects.toBeInstanceOf(FlexError);
      await expect(server.flex.sessionView('not-a-secret', { origin: ORIGIN })).rejects.toMatchObject({ status: 400, message: /client_secret/ });
      // Not web origins, though some parse as URLs ("localhost:4242" has the scheme "localhost:"), and none at all.
      for (const origin of ['shop.test', 'localhost:4242', 'javascript:alert(1)', 'ftp://shop.test', '']) {
        const rejected = server.flex.sessionView(secret, { origin });
        await expect(rejected, origin).rejects.toBeInstanceOf(FlexError);
        await expect(rejected, origin).rejects.toMatchObject({ status: 400, message: /origin must be an absolute URL/ });
      }
      const noOptions = (server.flex.renderElement as (secret: string) => Promise<string>)(secret);
      await expect(noOptions).rejects.toMatchObject({ status: 400, message: /origin must be an absolute URL such as https:\/\/shop\.example, not undefined/ });
      await expect(server.flex.renderElement(secret, { origin: ORIGIN, attributes: { 'on"load': 'x' } })).rejects.toMatchObject({
        status: 400,
        message: /not an attribute name/,
      });
      // Nothing of it reached the logs: no secret, no view.
      expect(server.logs.join('\n')).not.toContain(secret);
    });
  });
}
