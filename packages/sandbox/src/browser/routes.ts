import { Hono } from 'hono';
import type { SandboxEnv } from '../http/env.js';

/** `/sandbox/*`: the Stripe.js stand-in, the card frame and the 3-D Secure test challenge. */
export const sandboxBrowserRoutes = new Hono<SandboxEnv>();

/**
 * `/v1/confirmation_tokens`: the card frame's tokenization. Authenticate with
 * `requirePublishableKey()` from ../http/auth.js inside these routes.
 */
export const confirmationTokenRoutes = new Hono<SandboxEnv>();
