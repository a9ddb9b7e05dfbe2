import { delay, http, HttpResponse, type RequestHandler } from 'msw';
import { setupWorker, type SetupWorker } from 'msw/browser';
import { RECORDED_ORIGIN, type Fixture, type RecordedAnswer } from '../fixtures/fixture.js';

/**
 * The network at the boundary: Mock Service Worker answers the element's calls to its
 * companion server (`/flex/sessions/{id}…`) and the card frame's (`/v1/confirmation_tokens`)
 * with the answers recorded from the real server (stories/fixtures/record.ts). The element
 * itself runs unchanged: nothing inside it is stubbed.
 *
 * Two things change on the way out, both about where and when the story runs, not what the
 * server said: the recorder's origin becomes Storybook's (so the sandbox's Stripe.js
 * stand-in and card frame load from Storybook's /sandbox/, see .storybook/sandbox-pages.ts),
 * and an open session's `expires_at` moves to an hour from now (the recording's would have passed, and the
 * element would rightly show "expired").
 */
export interface NetworkOptions {
  /** Routes (`METHOD /path` as in the fixture) that never answer: the element waits, as on a slow network. */
  hold?: string[];
  /** Load the Stripe.js stand-in from a URL the "network" refuses, as an ad blocker or a CSP would. */
  blockStripeJs?: boolean;
  /**
   * Routes (`METHOD /path`) that fail however often they are asked: `network` as a dropped
   * connection, a status as a server's answer in the error shape (what the real server says
   * then: a 500 or 429 it would send under that failure).
   */
  fail?: Record<string, 'network' | 500 | 429>;
}

const HOUR = 3600;

/** A recorded body as Storybook serves it: its origin, and open sessions not yet expired. */
function replayed(body: unknown, now: number, stripeJsUrl: string): unknown {
  const text = JSON.stringify(body).replaceAll(RECORDED_ORIGIN, location.origin);
  return JSON.parse(text, (key, value) => {
    if (value && typeof value === 'object' && 'checkout_session_id' in value && value.status === 'open' && typeof value.expires_at === 'number') {
      return { ...value, expires_at: now + HOUR };
    }
    if (key === 'stripe_js_url' && typeof value === 'string') return stripeJsUrl;
    return value;
  });
}

/** MSW handlers that replay a fixture, each route's answers in order (the last one repeats). */
export function replay(fixture: Fixture, options: NetworkOptions = {}): RequestHandler[] {
  const now = Math.floor(Date.now() / 1000);
  const stripeJsUrl = `${location.origin}/sandbox/stripe.js${options.blockStripeJs ? '?blocked' : ''}`;
  const routes = Object.keys(fixture.answers).filter((route) => !route.endsWith(' [es]'));
  const failures: RequestHandler[] = Object.entries(options.fail ?? {}).map(([route, how]) => {
    const [method, path] = route.split(' ') as ['GET' | 'POST', string];
    const resolver = () =>
      how === 'network'
        ? HttpResponse.error()
        : HttpResponse.json(
            {
              detail: [
                how === 429
                  ? { loc: [], msg: 'Too many requests for this checkout session. Wait a minute and try again.', type: 'rate_limit_error' }
                  : { loc: [], msg: 'Something went wrong on our side. Try again in a moment.', type: 'api_error' },
              ],
            },
            { status: how, headers: how === 429 ? { 'retry-after': '60' } : {} },
          );
    return method === 'GET' ? http.get(`*${path}`, resolver) : http.post(`*${path}`, resolver);
  });
  const handlers: RequestHandler[] = [
    ...failures,
    ...routes.map((route) => {
      const [method, path] = route.split(' ') as ['GET' | 'POST', string];
      // Each language's answers in order, as the server gave them to that Accept-Language.
      const sequences = {
        en: { answers: fixture.answers[route]!, next: 0 },
        es: { answers: fixture.answers[`${route} [es]`] ?? fixture.answers[route]!, next: 0 },
      };
      const resolver = async ({ request }: { request: Request }) => {
        if (options.hold?.includes(route)) await delay('infinite');
        const sequence = request.headers.get('accept-language')?.toLowerCase().startsWith('es') ? sequences.es : sequences.en;
        const answer: RecordedAnswer = sequence.answers[Math.min(sequence.next++, sequence.answers.length - 1)]!;
        return HttpResponse.json(replayed(answer.body, now, stripeJsUrl) as never, { status: answer.status });
      };
      return method === 'GET' ? http.get(`*${path}`, resolver) : http.post(`*${path}`, resolver);
    }),
  ];
  for (const held of options.hold ?? []) {
    // A held route the recording never reached (the confirm of a payment still processing).
    if (!(held in fixture.answers)) {
      const [method, path] = held.split(' ') as ['GET' | 'POST', string];
      const wait = async () => {
        await delay('infinite');
        return new Response(null);
      };
      handlers.push(method === 'GET' ? http.get(`*${path}`, wait) : http.post(`*${path}`, wait));
    }
  }
  if (options.blockStripeJs)
    handlers.push(http.get('*/sandbox/stripe.js', ({ request }) => (new URL(request.url).search === '?blocked' ? HttpResponse.error() : undefined)));
  return handlers;
}

let worker: Promise<SetupWorker> | undefined;

/** Starts the service worker once per page; each story then sets its own handlers. */
export async function useHandlers(handlers: RequestHandler[]): Promise<void> {
  worker ??= (async () => {
    const w = setupWorker();
    await w.start({ onUnhandledRequest: 'bypass', quiet: true, serviceWorker: { url: '/mockServiceWorker.js' } });
    return w;
  })();
  (await worker).resetHandlers(...handlers);
}
