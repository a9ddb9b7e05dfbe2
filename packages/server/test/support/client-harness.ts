import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { DEFAULT_SECRET_KEY } from '@flex-checkout/sandbox';
import { createFlexClient, type FlexClient } from '../../src/client/index.js';
import { embeddedUpstream } from '../../src/embedded.js';
import { httpUpstream, type Upstream } from '../../src/upstream.js';
import { caller, useHttpSandbox, type Call } from '../../../../test/support/sandbox.js';

/** The typed client under test, and the sandbox it talks to. */
export interface Harness {
  upstream: Upstream;
  client: FlexClient;
  /** Raw calls to the same sandbox (secret key by default), for the browser's side of a checkout. */
  call: Call;
}

/** The sandbox in this process (with its background worker), on its own SQLite file. */
export function useEmbedded(): Harness {
  const harness = {} as Harness;
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flex-client-'));
    const { upstream, apiKey } = await embeddedUpstream({ database: join(dir, 'sandbox.sqlite') });
    harness.upstream = upstream;
    harness.client = createFlexClient({ upstream, apiKey });
    harness.call = caller((path, init) => upstream.fetch(path, init));
  });
  afterAll(async () => {
    await harness.upstream?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return harness;
}

/** A separately started sandbox, reached over real HTTP on loopback. */
export function useHttp(): Harness {
  const sandbox = useHttpSandbox('sqlite');
  const harness = {} as Harness;
  beforeAll(() => {
    harness.upstream = httpUpstream(sandbox.url);
    harness.client = createFlexClient({ upstream: harness.upstream, apiKey: DEFAULT_SECRET_KEY });
    harness.call = sandbox.call;
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
