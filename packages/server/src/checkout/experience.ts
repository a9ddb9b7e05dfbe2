import { BROWSER_EXTENSION, EXTENSIONS_HEADER, type CheckoutExperience } from '@flex-checkout/protocol';
import type { Logger } from '../log.js';
import { logUnreachable, SecretKeyRefusedError, type Upstream } from '../upstream.js';

export interface Experiences {
  /** How new sessions are checked out: the option when given, else what the upstream offers. */
  forSessions(): Promise<CheckoutExperience>;
  /** Whether the widget's in-page calls may go upstream at all (never to an upstream without the browser API). */
  inPageAllowed(): Promise<boolean>;
}

/**
 * Decides per upstream whether the in-page checkout can run. Flex has no browser API, so the
 * default is the hosted checkout; an upstream that offers the sandbox's browser extension says
 * so in a header on its answers, which one documented read (`GET /v1/products?limit=1`) shows.
 * The answer is kept for the life of the server; a failed look is tried again next time (and,
 * when the upstream could not be reached, logged: the typed client's create may be what looked).
 */
export function experiences(upstream: Upstream, apiKey: string, forced?: CheckoutExperience, logger?: Logger): Experiences {
  let offers: Promise<boolean> | undefined;
  const offersBrowserApi = () => {
    offers ??= (async () => {
      const res = await upstream.fetch('/v1/products?limit=1', { method: 'GET', headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json' } });
      await res.body?.cancel();
      if (res.status === 401) throw new SecretKeyRefusedError('/v1/products');
      return (res.headers.get(EXTENSIONS_HEADER) ?? '')
        .split(',')
        .map((s) => s.trim())
        .includes(BROWSER_EXTENSION);
    })();
    offers.catch((error: unknown) => {
      offers = undefined;
      if (logger) logUnreachable(logger, error, 1);
    });
    return offers;
  };
  return {
    async forSessions() {
      if (forced) return forced;
      return (await offersBrowserApi()) ? 'in-page' : 'hosted';
    },
    async inPageAllowed() {
      if (forced === 'hosted') return false;
      if (forced === 'in-page') return true;
      return offersBrowserApi();
    },
  };
}
