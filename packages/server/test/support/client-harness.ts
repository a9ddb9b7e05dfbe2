import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { DEFAULT_SECRET_KEY } from '@flex-checkout/sandbox';
import { createFlexClient, type FlexClient } from '../../src/client/index.js';
import { embeddedUpstream } from '../../src/embedded.js';
import { httpUpstream, type Upstream } from '../../src/upstream.js';
import { caller, useHttpSandbox, type Call } from '../../../../test/support/sandbox.js';
import { checkoutOnHostedPage, checkoutOnSession, type PageFetch } from '../../../../test/support/checkout.js';

export type Profile = 'default' | 'flex';

/** The typed client under test, and the sandbox it talks to. */
export interface Harness {
  /** `default`: the sandbox with its extensions; `flex`: only what Flex documents. */
  profile: Profile;
  upstream: Upstream;
  client: FlexClient;
  /** Raw calls to the same sandbox (secret key by default), for the browser's side of a checkout. */
  call: Call;
  /** The sandbox's pages (its hosted checkout), as a browser requests them. */
  page: PageFetch;
  /**
   * A whole on-session checkout, the way the profile offers it: the browser API (default) or
   * the hosted page's forms (flex). The completed session as the secret-key API shows it.
   */
  checkout(body: Record<string, unknown>, options?: { card?: string; email?: string }): Promise<any>;
}

function withCheckout(harness: Harness): void {
  harness.checkout = (body, options) =>
    harness.profile === 'flex' ? checkoutOnHostedPage(harness.page, harness.call, body, options) : checkoutOnSession(harness.call, body, options);
}

/** The sandbox in this process (with its background worker), on its own SQLite file. */
export function useEmbedded(profile: Profile = 'default'): Harness {
  const harness = { profile } as Harness;
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flex-client-'));
    const { upstream, apiKey } = await embeddedUpstream({ database: join(dir, 'sandbox.sqlite'), profile });
    harness.upstream = upstream;
    harness.client = createFlexClient({ upstream, apiKey });
    harness.call = caller((path, init) => upstream.fetch(path, init));
    harness.page = (path, init = {}) => upstream.fetch(path, init);
    withCheckout(harness);
  });
  afterAll(async () => {
    await harness.upstream?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return harness;
}

/** A separately started sandbox, reached over real HTTP on loopback. */
export function useHttp(profile: Profile = 'default'): Harness {
  const sandbox = useHttpSandbox('sqlite', { profile });
  const harness = { profile } as Harness;
  beforeAll(() => {
    harness.upstream = httpUpstream(sandbox.url);
    harness.client = createFlexClient({ upstream: harness.upstream, apiKey: DEFAULT_SECRET_KEY });
    harness.call = sandbox.call;
    harness.page = (path, init = {}) => fetch(sandbox.url + path, init);
    withCheckout(harness);
  });
  return harness;
}

/** The rejection of a promise that must reject. */
export async function failure(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}
