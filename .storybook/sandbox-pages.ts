import type { Plugin } from 'vite';
import { sandboxBrowserRoutes } from '../packages/sandbox/src/browser/routes.js';

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
      server.middlewares.use(async (req, res, next) => {
        const page = PAGES.find((p) => req.url?.split('?')[0] === `/sandbox/${p}`);
        if (!page) return next();
        const answer = await fetchPage(page);
        res.statusCode = answer.status;
        answer.headers.forEach((value, name) => res.setHeader(name, value));
        res.end(await answer.text());
      });
    },
    async generateBundle() {
      for (const page of PAGES) {
        const answer = await fetchPage(page);
        if (!answer.ok) throw new Error(`sandbox /sandbox/${page}: ${answer.status}`);
        this.emitFile({ type: 'asset', fileName: `sandbox/${page}`, source: await answer.text() });
      }
    },
  };
}
