/**
 * Flex's API for the store when it runs against Flex (or anything that speaks Flex's API
 * over HTTP, such as a separately started sandbox): going live is configuration. From the
 * environment:
 *
 * - `FLEX_API_KEY`: the secret key (`fsk_…`). Without it the store runs on the sandbox in its
 *   own process, as `npm start` does.
 * - `FLEX_API_BASE`: where Flex's API is; Flex's own (`https://api.withflex.com`) by default.
 * - `FLEX_WEBHOOK_SECRET`: the signing secret Flex gave when the store's webhook was
 *   registered. Without it the store registers its webhook itself (`POST /v1/webhooks`) and
 *   keeps the secret the answer holds.
 */
/** Where Flex's hosted checkout is, as its docs show a session's `redirect_url` (`https://checkout.withflex.com/pay/c/fcs_…`). */
export const FLEX_CHECKOUT_ORIGIN = 'https://checkout.withflex.com';

export interface LiveFlex {
  apiKey: string;
  apiBase: string | undefined;
  webhookSecret: string | undefined;
}

export function liveFlexFromEnv(env: NodeJS.ProcessEnv): LiveFlex | null {
  const apiKey = env.FLEX_API_KEY?.trim();
  if (!apiKey) return null;
  return { apiKey, apiBase: env.FLEX_API_BASE?.trim() || undefined, webhookSecret: env.FLEX_WEBHOOK_SECRET?.trim() || undefined };
}
