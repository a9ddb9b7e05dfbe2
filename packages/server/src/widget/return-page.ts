import { readFileSync } from 'node:fs';
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { ReturnKind, ReturnUrls } from '../checkout/return-urls.js';

/**
 * The script as the build compiled it (dist/widget/browser/return-page.js), read from the
 * package's dist whether the server runs from dist or from its sources (both resolve
 * `../../dist/…` to the same file). A test keeps it in step with its source.
 */
const COMPILED = new URL('../../dist/widget/browser/return-page.js', import.meta.url);
let script: string | undefined;
function returnScript(): string {
  if (script === undefined) {
    try {
      script = readFileSync(COMPILED, 'utf8').replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
    } catch {
      throw new Error(`The return page's script is not built (${COMPILED.pathname}): run npm run build`);
    }
  }
  return script;
}

const WORDS: Record<ReturnKind, { title: string; body: string }> = {
  success: { title: 'Payment received', body: 'Finishing your checkout…' },
  cancel: { title: 'Checkout canceled', body: 'Returning to the store…' },
};
/**
 * The top window's words when the merchant gave no URL of their own to go on to: nothing
 * follows, so the page says where things stand and offers the store's front page.
 */
const FINAL_WORDS: Record<ReturnKind, { title: string; body: string }> = {
  success: { title: 'Payment received', body: 'Your checkout is complete. You can close this page.' },
  cancel: { title: 'Checkout canceled', body: 'Nothing was charged. You can close this page.' },
};

/**
 * `{prefix}/return/success/{id}` and `{prefix}/return/cancel`: where a hosted session's
 * success and cancel URLs lead (return-urls.ts). In the element's frame it tells the element
 * (browser/return-page.ts); in the top window it goes on to the merchant's own URL, signed
 * into the link so it cannot be turned into an open redirect. A top-level navigation
 * (`Sec-Fetch-Dest: document`) is sent on at once, without a script.
 */
export function returnPageRoutes(urls: ReturnUrls, prefix: string, frameAncestors: readonly string[]): Hono {
  const page = (c: Context, kind: ReturnKind, sessionId: string | null) => {
    const to = c.req.query('to') ?? null;
    if (!urls.verify(kind, to, c.req.query('sig') ?? '')) {
      return c.text('This return link is not valid.', 400, { 'cache-control': 'no-store' });
    }
    const target = to && sessionId ? to.replaceAll('{CHECKOUT_SESSION_ID}', encodeURIComponent(sessionId)) : to;
    const topLevel = c.req.header('sec-fetch-dest') === 'document';
    if (target && topLevel) return c.redirect(target, 303);
    c.header('content-security-policy', `default-src 'none'; script-src 'self'; base-uri 'none'; frame-ancestors ${["'self'", ...frameAncestors].join(' ')}`);
    c.header('cache-control', 'no-store');
    c.header('referrer-policy', 'no-referrer');
    c.header('x-content-type-options', 'nosniff');
    const words = !target && topLevel ? FINAL_WORDS[kind] : WORDS[kind];
    // With no URL of the merchant's, the store's front page (this page is on the merchant's origin).
    const link = target ? { href: target, text: 'Continue' } : topLevel ? { href: '/', text: 'Back to the store' } : null;
    return c.html(html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${words.title}</title><script type="module" src="${prefix}/return.js"></script></head>
<body data-kind="${kind}" data-session="${sessionId ?? ''}" data-to="${target ?? ''}">
<main><h1>${words.title}</h1><p>${words.body}</p>${link ? html`<p><a href="${link.href}" target="_top">${link.text}</a></p>` : ''}</main>
</body></html>`);
  };
  return new Hono()
    .get('/return.js', (c) =>
      c.body(returnScript(), 200, {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'public, max-age=300',
        'x-content-type-options': 'nosniff',
      }),
    )
    .get('/return/success/:id', (c) => page(c, 'success', c.req.param('id')))
    .get('/return/cancel', (c) => page(c, 'cancel', null));
}
