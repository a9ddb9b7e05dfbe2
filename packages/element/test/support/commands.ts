import type { BrowserCommand } from 'vitest/node';

/**
 * Commands the browser tests run in Node: the merchant backend's part (secret key, never in
 * the browser) and the shopper's typing inside cross-origin frames.
 */
const sandbox = (path: string, init: RequestInit = {}) =>
  fetch(`${process.env.FLEX_TEST_SANDBOX}${path}`, {
    ...init,
    headers: { authorization: 'Bearer fsk_test_sandbox', 'content-type': 'application/json', ...(init.headers ?? {}) },
  }).then(async (res) => ({ status: res.status, body: await res.json() }));

type Ctx = Parameters<BrowserCommand<[]>>[0] & { iframe: import('playwright').FrameLocator };

export const commands = {
  /** Secret-key API call to the sandbox, for setup and for checking what it holds. */
  sandboxCall: (async (_ctx, method: string, path: string, body?: unknown) =>
    sandbox(path, { method, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) })) as BrowserCommand<[string, string, unknown?]>,

  /** Types a card into the payment frame, as a shopper would. */
  fillCard: (async (ctx, number: string, expiry = '12 / 34', cvc = '123', zip = '10001') => {
    const frame = (ctx as Ctx).iframe.frameLocator('iframe[title="Secure payment input frame"]');
    await frame.getByLabel('Card number').fill(number);
    await frame.getByLabel('Expiration date').fill(expiry);
    await frame.getByLabel('Security code').fill(cvc);
    await frame.getByLabel('ZIP code').fill(zip);
  }) as BrowserCommand<[string, string?, string?, string?]>,

  /** Answers the 3-D Secure test challenge. */
  answerChallenge: (async (ctx, result: 'complete' | 'fail') => {
    const frame = (ctx as Ctx).iframe.frameLocator('iframe[title="3D Secure authentication"]');
    const button = frame.getByRole('button', { name: result === 'complete' ? 'Complete authentication' : 'Fail authentication' });
    await button.waitFor({ state: 'visible' });
    // The buttons enable once the challenge has its intent.
    for (let i = 0; i < 100 && (await button.isDisabled()); i++) await new Promise((r) => setTimeout(r, 50));
    await button.click();
  }) as BrowserCommand<['complete' | 'fail']>,
};
