import { ApiError, WidgetAnswers } from '@flex-checkout/protocol';
import type { Context } from 'hono';
import { hostedViews } from '../checkout/hosted-view.js';
import { readUpstream, SecretKeyRefusedError, type Upstream } from '../upstream.js';

/**
 * The hosted checkout's calls. The shopper pays on the upstream's hosted page (Flex's), framed
 * by the element; all the element asks here is what the session looks like and where it
 * stands, which this server reads with the secret key from Flex's documented API — the
 * browser's word (a message, a redirect) is never taken for it.
 */
export function hostedCalls(upstream: Upstream, apiKey: string, restore: (url: string | null) => string | null, readTimeoutMs: number) {
  const views = hostedViews(async (path, origin) => {
    // A shopper is waiting on this read, and the element tries again: not the client's 30 s.
    const init = { method: 'GET', headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json' }, signal: AbortSignal.timeout(readTimeoutMs) };
    const res = await upstream.fetch(path, init, origin);
    const read = await readUpstream<unknown>(res);
    // Our own key refused (revoked, rolled): not this checkout's fault, and the log must say so.
    if (read.status === 401) throw new SecretKeyRefusedError(path.split('?')[0]!);
    if (read.status >= 400) {
      // The secret was ours, so the session was; the upstream not finding it is its failure.
      throw ApiError.one(502, [], 'The payment service could not find this checkout. Try again in a moment.', 'api_error');
    }
    return read.body;
  });
  const origin = (c: Context) => new URL(c.req.url).origin;
  return {
    session: async (c: Context) => c.json(WidgetAnswers.session.parse({ checkout_session: await views.view(c.req.param('id')!, origin(c), restore) })),
    status: async (c: Context) =>
      c.json(WidgetAnswers.status.parse({ status: await views.status(c.req.param('id')!, origin(c)), payment_intent: null, completion: null })),
    /** The in-page steps have no place here: the hosted page runs them. */
    notHere: () => {
      throw ApiError.one(409, ['path', 'id'], 'This checkout is paid on the hosted page shown in the element; it takes no in-page steps', 'conflict');
    },
    /** Nothing to undo upstream (Flex has no expire call): the element shows the session as it is. */
    cancel: async (c: Context) => c.json(WidgetAnswers.session.parse({ checkout_session: await views.view(c.req.param('id')!, origin(c), restore) })),
  };
}
