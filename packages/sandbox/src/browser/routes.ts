import { ConfirmationTokenCreateRequest } from '@flex-checkout/protocol';
import { Hono, type Context } from 'hono';
import { requirePublishableKey } from '../http/auth.js';
import type { SandboxEnv } from '../http/env.js';
import { parseBody } from '../http/validate.js';
import { browserScript } from '../browser-script.js';
import { cardFramePage } from './card-frame.js';
import { challengePage } from './challenge.js';
import { renderPage, type RenderedPage, type StaticPage } from './page.js';
import { createConfirmationToken } from './tokens.js';

/** Built once, when first asked for: the pages are static, so are their hashes. */
function once(page: () => StaticPage): () => RenderedPage {
  let rendered: RenderedPage | undefined;
  return () => (rendered ??= renderPage(page()));
}
const cardFrame = once(cardFramePage);
const challenge = once(challengePage);

/**
 * Short caching: a browser or proxy does not refetch on every page view, and a sandbox
 * upgrade reaches everyone within minutes.
 */
const SHORT_CACHE = 'public, max-age=300';

function sendPage(c: Context<SandboxEnv>, page: RenderedPage) {
  c.header('content-security-policy', page.csp);
  c.header('cache-control', SHORT_CACHE);
  c.header('x-content-type-options', 'nosniff');
  // The frames take no referrer from the page around them, and give none to anyone.
  c.header('referrer-policy', 'no-referrer');
  return c.html(page.html);
}

/** `/sandbox/*`: the Stripe.js stand-in, the card frame and the 3-D Secure test challenge. */
export const sandboxBrowserRoutes = new Hono<SandboxEnv>()
  .get('/stripe.js', (c) => {
    c.header('content-type', 'application/javascript; charset=utf-8');
    c.header('cache-control', SHORT_CACHE);
    c.header('x-content-type-options', 'nosniff');
    // Any merchant page loads it, as it loads https://js.stripe.com/v3.
    c.header('access-control-allow-origin', '*');
    return c.body(browserScript('browser/scripts/stripe-js'));
  })
  .get('/card-frame', (c) => sendPage(c, cardFrame()))
  .get('/challenge', (c) => sendPage(c, challenge()));

/**
 * `/v1/confirmation_tokens`: the card frame's tokenization, authenticated with the
 * publishable key (the secret-key check skips this path; a secret key gets 401 here, so
 * no server ever sends a raw card number with its secret key). Nothing here logs or
 * returns the number or the CVC.
 */
export const confirmationTokenRoutes = new Hono<SandboxEnv>().use('*', requirePublishableKey()).post('/', async (c) => {
  const request = await parseBody(c, ConfirmationTokenCreateRequest);
  const confirmation_token = await createConfirmationToken(c.var.db, c.var.now, request);
  return c.json({ confirmation_token });
});
