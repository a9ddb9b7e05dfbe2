import { createHmac, timingSafeEqual } from 'node:crypto';

export type ReturnKind = 'success' | 'cancel';

/**
 * The return pages a hosted session's `success_url` and `cancel_url` point at. Flex's iframe
 * guide suggests this: when the hosted page is done it redirects, inside the frame, to a page
 * of your own origin, which tells the page around it. The companion server serves that page
 * (`{prefix}/return/{kind}/…`, return-page.ts); the merchant's own URL rides along signed, so
 * the same page can send a shopper who paid in the top window (the link fallback) on to it,
 * and nobody can make it an open redirect.
 *
 *     {base}{prefix}/return/success/{CHECKOUT_SESSION_ID}?to={merchant's success_url}&sig=…
 *     {base}{prefix}/return/cancel?to={merchant's cancel_url}&sig=…
 */
export interface ReturnUrls {
  /** The URL to give Flex in place of the merchant's (which may be null), on the server at `base`. */
  wrap(base: string, kind: ReturnKind, merchantUrl: string | null): string;
  /** The merchant's URL a return URL carries, if it is one of ours and its signature holds. */
  unwrap(url: string): { kind: ReturnKind; to: string | null } | null;
  /** Whether `to` with `sig` was signed by this server for that kind. */
  verify(kind: ReturnKind, to: string | null, sig: string): boolean;
}

export function returnUrls(key: Buffer, prefix: string): ReturnUrls {
  const path = `${prefix}/return/`;
  const sign = (kind: ReturnKind, to: string | null) =>
    createHmac('sha256', key)
      .update(`return\n${kind}\n${to ?? ''}`)
      .digest('base64url');
  const verify = (kind: ReturnKind, to: string | null, sig: string) => {
    const expected = Buffer.from(sign(kind, to));
    const given = Buffer.from(sig);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  return {
    wrap(base, kind, merchantUrl) {
      const root = `${base.replace(/\/+$/, '')}${prefix}/return`;
      // Flex fills in {CHECKOUT_SESSION_ID} on success only; it stays literal (encoded) in `to`.
      const page = kind === 'success' ? `${root}/success/{CHECKOUT_SESSION_ID}` : `${root}/cancel`;
      const query = new URLSearchParams();
      if (merchantUrl) query.set('to', merchantUrl);
      query.set('sig', sign(kind, merchantUrl));
      return `${page}?${query.toString()}`;
    },
    unwrap(url) {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return null;
      }
      if (!parsed.pathname.startsWith(path)) return null;
      const kind: ReturnKind | null = parsed.pathname.includes('/return/success/') ? 'success' : parsed.pathname.endsWith('/return/cancel') ? 'cancel' : null;
      const to = parsed.searchParams.get('to');
      const sig = parsed.searchParams.get('sig') ?? '';
      return kind && verify(kind, to, sig) ? { kind, to } : null;
    },
    verify,
  };
}
