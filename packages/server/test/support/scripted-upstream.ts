import type { Upstream } from '../../src/index.js';

/** An upstream in process whose every answer the test writes: Flex's servers, as a test fakes them. */
export function scriptedUpstream(answer: (path: string, init: RequestInit) => Response | Promise<Response>): Upstream {
  return {
    kind: 'http',
    description: 'scripted',
    sandboxApp: null,
    fetch: async (path, init) => answer(path, init),
    close: () => Promise.resolve(),
  };
}
