import type { TestProject } from 'vitest/node';
import { listen, startFlex } from './flex.js';

/**
 * Before a wrapper project's browser tests: the real companion server with the sandbox in
 * process, on loopback, allowing that project's page origin (CORS, as a merchant with an API
 * subdomain). The sandbox's secret-key API gets a port of its own for the tests' setup calls,
 * made from Node by the commands in commands.ts (the secret key never reaches the page).
 */
export default async function setup(project: TestProject) {
  const port = project.config.browser.api.port;
  const server = await startFlex({ allowedOrigins: [`http://localhost:${port}`] });
  const companion = await listen(server.flex.app);
  const sandbox = await listen({ fetch: (request) => server.flex.upstream.sandboxApp!.fetch(request) });
  project.provide('embedServer', companion.origin);
  project.provide('embedSandbox', sandbox.origin);
  return async () => {
    await companion.close();
    await sandbox.close();
    await server.close();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    embedServer: string;
    embedSandbox: string;
  }
}
