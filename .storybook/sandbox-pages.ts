import { readdirSync, readFileSync } from 'node:fs';
import type { Plugin } from 'vite';
import { sandboxBrowserRoutes } from '../packages/sandbox/src/browser/routes.js';
import { browserScript } from '../packages/sandbox/src/browser-script.js';
import type { Fixture } from '../stories/fixtures/fixture.js';

/**
 * The hosted checkout stories' pages: each hosted session's page as the sandbox answered it
 * when the fixture was recorded (stories/fixtures/record.ts), where its `redirect_url` points,
 * and the page's one script, from the sandbox's build.
 */
function hostedPages(): Map<string, { body: string; type: string }> {
  const pages = new Map<string, { body: string; type: string }>();
  const dir = new URL('../stories/fixtures/', import.meta.url);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const fixture = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Fixture;
    for (const [path, html] of Object.entries(fixture.hostedPages ?? {})) pages.set(path, { body: html, type: 'text/html; charset=utf-8' });
  }
  pages.set('/pay/assets/hosted-page.js', { body: browserScript('hosted/browser/hosted-page'), type: 'text/javascript; charset=utf-8' });
  return pages;
}

/**
 * The sandbox's browser side (its Stripe.js stand-in, card frame and 3-D Secure page) at
 * /sandbox/* on Storybook's own origin, taken from the sandbox's routes when Storybook runs
 * or builds: never a copy that could drift from what `npm start` serves. The dev server
 * answers them (with the sandbox's own headers); a build writes them beside the stories.
 */
const PAGES = ['stripe.js', 'card-frame', 'challenge'] as const;

const fetchPage = (page: string) => sandboxBrowserRoutes.request(`/${page}`);

export function sandboxPages(): Plugin {
  return {
    name: 'flex-sandbox-pages',
    configureServer(server) {
      const hosted = hostedPages();
      server.middlewares.use((req, res, next) => {
        const page = hosted.get(req.url?.split('?')[0] ?? '');
        if (!page) return next();
        res.setHeader('content-type', page.type);
        res.end(page.body);
      });
      server.middlewares.use((req, res, next) => {
        const page = PAGES.find((p) => req.url?.split('?')[0] === `/sandbox/${p}`);
        if (!page) return next();
        // Connect does not await a handler: a failure goes to `next`, not unhandled.
        const serve = async () => {
          const answer = await fetchPage(page);
          res.statusCode = answer.status;
          answer.headers.forEach((value, name) => res.setHeader(name, value));
          res.end(await answer.text());
        };
        serve().catch(next);
      });
    },
    async generateBundle() {
      for (const [path, page] of hostedPages()) this.emitFile({ type: 'asset', fileName: path.slice(1), source: page.body });
      for (const page of PAGES) {
        const answer = await fetchPage(page);
        if (!answer.ok) throw new Error(`sandbox /sandbox/${page}: ${answer.status}`);
        this.emitFile({ type: 'asset', fileName: `sandbox/${page}`, source: await answer.text() });
      }
    },
  };
}
