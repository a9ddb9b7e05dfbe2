import type { BrowserCommand } from 'vitest/node';
import { secretKeyApi } from './api.js';

/**
 * The wrappers' browser commands, run in Node: the merchant backend's calls to the sandbox
 * (secret key, never in the page) and the shopper's typing in the sandbox's card frame.
 * Each project's sandbox is read from its own provided context, so projects never mix.
 */
type Ctx = Parameters<BrowserCommand<[]>>[0] & {
  iframe: import('playwright').FrameLocator;
  project: { getProvidedContext(): { embedSandbox: string } };
};

export const embedCommands = {
  /** A sandbox API call with the secret key. */
  embedApi: (async (ctx, method: string, path: string, body?: unknown) => {
    const sandbox = (ctx as Ctx).project.getProvidedContext().embedSandbox;
    return secretKeyApi((route, init) => fetch(sandbox + route, init))(method, path, body);
  }) as BrowserCommand<[string, string, unknown?]>,

  /** Types a card into the sandbox's payment frame, as a shopper would. */
  embedFillCard: (async (ctx, number: string) => {
    const frame = (ctx as Ctx).iframe.frameLocator('iframe[title="Secure payment input frame"]');
    await frame.getByLabel('Card number').fill(number);
    await frame.getByLabel('Expiration date').fill('12 / 34');
    await frame.getByLabel('Security code').fill('123');
    await frame.getByLabel('ZIP code').fill('10001');
  }) as BrowserCommand<[string]>,
};
