import { FlexTime, type CheckoutExperience, type FlexEvent } from '@flex-checkout/protocol';
import type { ClientSecrets } from './client-secrets.js';
import type { Experiences } from './experience.js';
import { returnUrls, type ReturnUrls } from './return-urls.js';

/** What the binder reads and writes of a session answer (any shape Flex documents). */
interface SessionLike {
  checkout_session_id: string;
  client_secret?: string | null;
  expires_at?: number | string | null;
  created_at?: number | string | null;
  success_url?: string | null;
  cancel_url?: string | null;
  mode?: string | null;
}

/** What the create call sends of a session. */
interface CreateLike {
  success_url?: string | null | undefined;
  cancel_url?: string | null | undefined;
  mode?: string | undefined;
}

/**
 * The part of the companion server the typed client asks when it creates or reads a
 * checkout session, so that whatever the upstream is, the merchant gets one thing to hand the
 * page: `client_secret`.
 *
 * - In-page (an upstream with the browser API): the upstream's own client secret.
 * - Hosted (Flex): one this server mints (client-secrets.ts), and the session's success and
 *   cancel URLs sent upstream are the server's return pages (return-urls.ts), carrying the
 *   merchant's own URLs. Answers show the merchant's URLs back, as given.
 */
export interface SessionBinder {
  prepare<P extends CreateLike>(params: P): Promise<P>;
  bind<S extends SessionLike>(session: S): Promise<S & { client_secret: string | null }>;
  /** The merchant's own URL behind one of the server's return URLs (any other URL as it is). */
  restore: (url: string | null | undefined) => string | null;
}

export interface BinderOptions {
  secrets: ClientSecrets;
  experiences: Experiences;
  key: Buffer;
  prefix: string;
  /** The merchant's public origin; else the origin of the session's own success or cancel URL. */
  publicUrl?: string | undefined;
}

const originOf = (url: string | null | undefined) => {
  if (!url) return null;
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
};

/** A session with no stated expiry is treated as living a day, Flex's longest. */
const DEFAULT_LIFETIME_S = 24 * 60 * 60;

export function sessionBinder(options: BinderOptions): SessionBinder {
  const urls: ReturnUrls = returnUrls(options.key, options.prefix);
  const restore = (url: string | null | undefined) => {
    if (!url) return url ?? null;
    const unwrapped = urls.unwrap(url);
    return unwrapped ? unwrapped.to : url;
  };
  const baseOf = (s: { success_url?: string | null | undefined; cancel_url?: string | null | undefined }) =>
    options.publicUrl ?? originOf(s.success_url) ?? originOf(s.cancel_url);

  return {
    restore,
    async prepare(params) {
      if (params.mode === 'off_session') return params; // no browser: nothing to return to
      const experience: CheckoutExperience = await options.experiences.forSessions();
      const base = baseOf(params);
      if (experience !== 'hosted' || !base) return params;
      return {
        ...params,
        success_url: urls.wrap(base, 'success', params.success_url ?? null),
        cancel_url: urls.wrap(base, 'cancel', params.cancel_url ?? null),
      };
    },
    async bind(session) {
      const experience = await options.experiences.forSessions();
      const shown = { ...session, success_url: restore(session.success_url), cancel_url: restore(session.cancel_url) };
      if (session.mode === 'off_session') return { ...shown, client_secret: null };
      if (experience === 'in-page') {
        if (session.client_secret) return { ...shown, client_secret: session.client_secret };
        throw new Error(
          "checkout: 'in-page' needs an upstream with a browser API (the sandbox's default profile); this one gave the session no client secret. Flex offers the hosted checkout: leave checkout unset, or set it to 'hosted'.",
        );
      }
      // Flex documents integer times (seconds in its examples); FlexTime reads milliseconds and ISO text too.
      const expiresAt = FlexTime.parse(session.expires_at) ?? (FlexTime.parse(session.created_at) ?? Math.floor(Date.now() / 1000)) + DEFAULT_LIFETIME_S;
      return { ...shown, client_secret: options.secrets.mint(session.checkout_session_id, expiresAt) };
    },
  };
}

/**
 * An event whose object is a session sent through the return page (a hosted session's
 * `success_url` and `cancel_url`), with the merchant's own URLs back in it: `onEvent` sees what
 * `client.checkoutSessions` answers show. Any other object is handed on as it came.
 */
export function withMerchantUrls(event: FlexEvent, restore: SessionBinder['restore']): FlexEvent {
  const object = event.object;
  const wrapped = ['success_url', 'cancel_url'].filter((field) => typeof object[field] === 'string');
  if (wrapped.length === 0) return event;
  const shown = { ...object };
  for (const field of wrapped) shown[field] = restore(object[field] as string);
  return { ...event, object: shown };
}
