import type { Db } from '../db/collection.js';
import type { Store } from '../db/open.js';
import type { Language } from '../language.js';
import type { SandboxProfile } from '../profile.js';

/** What every handler can reach through `c.var`. */
export interface SandboxVariables {
  /** The request's transaction for writes; the root database for reads. */
  db: Db;
  store: Store;
  /** The sandbox clock's time when the request began, in milliseconds. */
  now: number;
  /** The origin the sandbox is reached at, for URLs it hands out (redirect_url, stripe.js). */
  publicUrl: string;
  /** The publishable key browsers use (the card frame, the 3-D Secure challenge). */
  publishableKey: string;
  /** `default` (Flex's API and the sandbox's extensions) or `flex` (only what Flex documents). */
  profile: SandboxProfile;
  /** The shopper's language from `Accept-Language`, on the routes that negotiate it (http/language.ts). */
  language: Language;
}

export type SandboxEnv = { Variables: SandboxVariables };
