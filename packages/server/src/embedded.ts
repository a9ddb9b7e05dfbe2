import type { Upstream } from './upstream.js';

/**
 * The sandbox in this process, for a merchant with no Flex account yet. It is an optional
 * peer dependency: loaded only when asked for, so production installs never carry it.
 */
export async function embeddedUpstream(options: { database?: string; schema?: string }): Promise<{ upstream: Upstream; apiKey: string }> {
  let sandboxModule: typeof import('@flex-checkout/sandbox');
  try {
    sandboxModule = await import('@flex-checkout/sandbox');
  } catch {
    throw new Error(
      'No apiKey/apiBase was given, so @flex-checkout/server would run the embedded sandbox, but @flex-checkout/sandbox is not installed. ' +
        'Install it (npm install @flex-checkout/sandbox) or pass apiKey and apiBase for Flex.',
    );
  }
  const sandbox = await sandboxModule.createSandbox({
    ...(options.database ? { database: options.database } : {}),
    ...(options.schema ? { schema: options.schema } : {}),
  });
  const upstream: Upstream = {
    kind: 'embedded',
    description: `embedded sandbox (${sandbox.store.location})`,
    sandboxApp: sandbox.app,
    async fetch(path, init, origin = 'http://localhost') {
      return sandbox.app.fetch(new Request(new URL(path, origin), init));
    },
    close: () => sandbox.close(),
  };
  return { upstream, apiKey: sandboxModule.DEFAULT_SECRET_KEY };
}
