import type { Upstream } from './upstream.js';

/**
 * The sandbox in this process, for a merchant with no Flex account yet. It is an optional
 * peer dependency: loaded only when asked for, so production installs never carry it.
 */
export async function embeddedUpstream(options: {
  database?: string;
  schema?: string;
  profile?: 'default' | 'flex';
}): Promise<{ upstream: Upstream; apiKey: string }> {
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
    ...(options.profile ? { profile: options.profile } : {}),
  });
  const upstream = inProcessUpstream(sandbox.app, `embedded sandbox (${sandbox.store.location})`, () => sandbox.close());
  return { upstream, apiKey: sandboxModule.DEFAULT_SECRET_KEY };
}

/**
 * An upstream that is an app in this process (anything with a Fetch handler): the embedded
 * sandbox, or one the host already runs (the demo store shares its sandbox this way).
 */
export function inProcessUpstream(
  app: { fetch(request: Request): Response | Promise<Response> },
  description: string,
  close: () => Promise<void> = async () => {},
): Upstream {
  return {
    kind: 'embedded',
    description,
    sandboxApp: app,
    async fetch(path, init, origin = 'http://localhost') {
      return app.fetch(new Request(new URL(path, origin), init));
    },
    close,
  };
}
