import { describe, expect, it } from 'vitest';
import { returnUrls } from '../src/checkout/return-urls.js';
import { returnPageRoutes } from '../src/widget/return-page.js';

/**
 * The return page a hosted session's success and cancel URLs lead to, when the merchant gave
 * no URL of their own: in the top window (the link fallback, or Flex's page navigating the
 * whole window) nothing follows it, so it must not say it is on its way somewhere.
 */
describe('the return page with no merchant URL to go on to', () => {
  const urls = returnUrls(Buffer.alloc(32, 7), '/flex');
  const app = returnPageRoutes(urls, '/flex', []);
  const visit = (url: string, dest: string) => app.request(url.replace('http://shop.test/flex', 'http://shop.test'), { headers: { 'sec-fetch-dest': dest } });

  it('in the top window: says the checkout is done (or canceled) and links to the store, without "…"', async () => {
    const success = await visit(urls.wrap('http://shop.test', 'success', null).replace('{CHECKOUT_SESSION_ID}', 'fcs_01kret'), 'document');
    expect(success.status).toBe(200);
    const page = await success.text();
    expect(page).toContain('Your checkout is complete. You can close this page.');
    expect(page).toContain('<a href="/" target="_top">Back to the store</a>');
    expect(page).not.toContain('Finishing your checkout');

    const cancel = await (await visit(urls.wrap('http://shop.test', 'cancel', null), 'document')).text();
    expect(cancel).toContain('Nothing was charged. You can close this page.');
    expect(cancel).toContain('Back to the store');
  });

  it("in the element's frame: the page that tells the element, no link", async () => {
    const framed = await (await visit(urls.wrap('http://shop.test', 'success', null).replace('{CHECKOUT_SESSION_ID}', 'fcs_01kret'), 'iframe')).text();
    expect(framed).toContain('Finishing your checkout…');
    expect(framed).toContain('data-session="fcs_01kret"');
    expect(framed).not.toContain('<a ');
  });

  it("with the merchant's URL, the top window is sent on to it", async () => {
    const to = await visit(urls.wrap('http://shop.test', 'cancel', 'http://shop.test/cart'), 'document');
    expect(to.status).toBe(303);
    expect(to.headers.get('location')).toBe('http://shop.test/cart');
  });
});
