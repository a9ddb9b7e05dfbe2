import { ApiError, WidgetAnswers, type WidgetSession } from '@flex-checkout/protocol';
import { html, raw } from 'hono/html';
import { errorFromAnswer } from '../client/errors.js';
import type { Logger } from '../log.js';
import type { FirstParts } from '../element-script.js';
import { answerErrors } from '../answers.js';
import { widgetRoutes, type WidgetRouteOptions } from './routes.js';
import { sessionOfSecret } from './secret.js';

export interface SessionViewOptions {
  /**
   * The public origin the shopper's browser reaches this server on (`https://shop.example`):
   * the view's browser URLs (return pages, the sandbox's card frame) are built from it, as the
   * element's own read builds them from its request. In a request handler:
   * `new URL(req.url).origin`, or your configured public URL behind a proxy.
   */
  origin: string;
  /**
   * The shopper's language, as the page's request sent it (its `Accept-Language` header): the
   * upstream writes the health questions and reasons in it. English when absent.
   */
  language?: string | undefined;
}

export interface RenderElementOptions extends SessionViewOptions {
  /**
   * More attributes for the tag (`theme`, `merchant-name`, `redirect`…), written escaped. The
   * endpoint is the server's prefix unless given here.
   */
  attributes?: Record<string, string>;
  /**
   * A `<script>` before the tag for the part of the element the session's first step needs
   * (`flex-checkout.in-page.<hash>.js`, or `flex-checkout.hosted.<hash>.js` for an open hosted
   * session), so the browser fetches it beside
   * flex-checkout.js and has run it when the tag is parsed: the element draws its first step
   * as it connects, with no wait for the part in between. The part waits for flex-checkout.js
   * if it runs first (a `defer`red or later script tag). It names the part where this server
   * serves it (`{prefix}/…`), which is right when the page loads `{prefix}/flex-checkout.js`
   * from this server, as the docs show; set false when the script comes from elsewhere (a
   * CDN) or is bundled from npm, or the part would be fetched twice. Default true.
   */
  preload?: boolean;
  /** The page's CSP nonce, for the part's script tag (a strict `script-src` allows it by the nonce). */
  nonce?: string;
}

/**
 * The element's first read, for a page the merchant's server renders: the same answer as
 * `GET {prefix}/sessions/{id}` with the session's client secret (the widget routes answer it,
 * in this process), so the page can carry it in `<flex-checkout session-view>` and the
 * shopper's browser starts on the first step without waiting for that read. It skips the
 * browser guards (origins, rate limits): the caller is the merchant's own code, holding a
 * secret it was given when it created the session.
 */
export function firstViews(routes: WidgetRouteOptions, logger: Logger, prefix: string, firstParts: FirstParts | null) {
  // The widget routes themselves, their errors answered in the one error shape for sessionView to read.
  const widget = widgetRoutes(routes).onError(answerErrors(logger, 'session view failed'));

  async function sessionView(clientSecret: string, { origin, language } = {} as SessionViewOptions): Promise<WidgetSession> {
    const id = typeof clientSecret === 'string' ? sessionOfSecret(clientSecret) : undefined;
    if (!id) {
      throw errorFromAnswer(
        400,
        ApiError.one(400, ['clientSecret'], 'Pass the client_secret of the checkout session this page shows', 'invalid_request_error').body,
      );
    }
    let base: URL | undefined;
    try {
      base = new URL(origin);
    } catch {
      // Answered below.
    }
    // Only a web origin: "localhost:4242" parses as a URL of the scheme "localhost:", "javascript:…" as one of no host.
    if (!base || (base.protocol !== 'http:' && base.protocol !== 'https:')) {
      throw errorFromAnswer(
        400,
        ApiError.one(400, ['origin'], `origin must be an absolute URL such as https://shop.example, not ${JSON.stringify(origin)}`, 'invalid_request_error')
          .body,
      );
    }
    const res = await widget.request(new URL(`/sessions/${encodeURIComponent(id)}`, base.origin).href, {
      headers: { authorization: `Bearer ${clientSecret}`, ...(language ? { 'accept-language': language } : {}) },
    });
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok) throw errorFromAnswer(res.status, body, res.headers);
    return WidgetAnswers.session.parse(body).checkout_session;
  }

  return {
    sessionView,
    /**
     * `<flex-checkout>` for the session, with its first view in it, as HTML to put in the page
     * your server renders (after the script tag that loads the element, or anywhere before it).
     */
    renderElement: async (clientSecret: string, { attributes = {}, preload = true, nonce, ...options } = {} as RenderElementOptions): Promise<string> => {
      // The names are checked before the session is read: a wrong one costs no read.
      const bad = Object.keys(attributes).find((name) => !/^[a-z][a-z0-9-]*$/.test(name));
      if (bad !== undefined) {
        throw errorFromAnswer(
          400,
          ApiError.one(
            400,
            ['attributes', bad],
            `${JSON.stringify(bad)} is not an attribute name: use lowercase letters, digits and hyphens`,
            'invalid_request_error',
          ).body,
        );
      }
      const view = await sessionView(clientSecret, options);
      const all: Record<string, string> = { endpoint: prefix, ...attributes, 'client-secret': clientSecret, 'session-view': JSON.stringify(view) };
      // hono/html escapes every value written in; the names are raw, and checked above.
      // A finished hosted session shows its outcome, which the main file draws: no part.
      const needed = view.checkout === 'in-page' || view.status === 'open' ? firstParts?.[view.checkout] : null;
      const part = preload && needed ? html`<script src="${prefix}/${needed}"${nonce ? html` nonce="${nonce}"` : ''}></script>` : '';
      const tag = html`${part}<flex-checkout${Object.entries(all).map(([name, value]) => html` ${raw(name)}="${String(value)}"`)}></flex-checkout>`;
      return (await tag).toString();
    },
  };
}
