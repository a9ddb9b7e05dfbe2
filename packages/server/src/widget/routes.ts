import { Hono, type Context } from 'hono';
import type { ClientSecrets } from '../checkout/client-secrets.js';
import type { Experiences } from '../checkout/experience.js';
import type { ServerStore } from '../storage/open.js';
import type { Upstream } from '../upstream.js';
import { hostedCalls } from './hosted.js';
import { inPageCalls } from './in-page.js';
import { clientSecretFor, refusedSecret } from './secret.js';

export interface WidgetRouteOptions {
  upstream: Upstream;
  store: ServerStore;
  /** The merchant's secret key: the hosted checkout's reads, and expiring an in-page session. */
  apiKey: string;
  /** The client secrets this server mints for hosted sessions. */
  secrets: ClientSecrets;
  /** Whether the upstream takes the in-page checkout's calls at all. */
  experiences: Experiences;
  /** The merchant's URL behind one of the server's return URLs. */
  restore: (url: string | null) => string | null;
  /** How long a read the element asks for waits on the upstream (`upstreamReadTimeoutMs`). */
  readTimeoutMs: number;
}

type Caller = { experience: 'hosted' } | { experience: 'in-page'; secret: string };

/**
 * The widget's routes (mounted under the prefix, `/flex` by default). Every call carries a
 * session's client secret and may touch that session only; the secret key never leaves this
 * process. A secret this server minted opens a hosted session (checked here, in constant
 * time); any other goes to an upstream that offers the browser API, which checks it.
 */
export function widgetRoutes({ upstream, store, apiKey, secrets, experiences, restore, readTimeoutMs }: WidgetRouteOptions): Hono {
  const inPage = inPageCalls(upstream, store, apiKey, readTimeoutMs);
  const hosted = hostedCalls(upstream, apiKey, restore, readTimeoutMs);

  const caller = async (c: Context): Promise<Caller> => {
    const id = c.req.param('id')!;
    const secret = clientSecretFor(c.req.header('authorization'), id);
    if (secrets.isMinted(secret)) {
      if (!secrets.verify(secret, id)) throw refusedSecret();
      return { experience: 'hosted' };
    }
    // Never a call to a route the upstream does not have (Flex has no browser API).
    if (!(await experiences.inPageAllowed())) throw refusedSecret();
    return { experience: 'in-page', secret };
  };

  return new Hono()
    .get('/sessions/:id', async (c) => {
      const who = await caller(c);
      return who.experience === 'hosted' ? hosted.session(c) : inPage.session(c, who.secret);
    })
    .get('/sessions/:id/status', async (c) => {
      const who = await caller(c);
      return who.experience === 'hosted' ? hosted.status(c) : inPage.status(c, who.secret);
    })
    .get('/sessions/:id/questionnaire', async (c) => {
      const who = await caller(c);
      return who.experience === 'hosted' ? hosted.notHere() : inPage.questionnaire(c, who.secret);
    })
    .post('/sessions/:id/consultation', async (c) => {
      const who = await caller(c);
      return who.experience === 'hosted' ? hosted.notHere() : inPage.consultation(c, who.secret);
    })
    .post('/sessions/:id/details', async (c) => {
      const who = await caller(c);
      return who.experience === 'hosted' ? hosted.notHere() : inPage.details(c, who.secret);
    })
    .post('/sessions/:id/shipping_details', async (c) => {
      const who = await caller(c);
      return who.experience === 'hosted' ? hosted.notHere() : inPage.shippingDetails(c, who.secret);
    })
    .post('/sessions/:id/promotion_code', async (c) => {
      const who = await caller(c);
      return who.experience === 'hosted' ? hosted.notHere() : inPage.promotionCode(c, who.secret);
    })
    .post('/sessions/:id/confirm', async (c) => {
      const who = await caller(c);
      return who.experience === 'hosted' ? hosted.notHere() : inPage.confirm(c, who.secret);
    })
    .post('/sessions/:id/cancel', async (c) => {
      const who = await caller(c);
      return who.experience === 'hosted' ? hosted.cancel(c) : inPage.cancel(c, who.secret);
    });
}
