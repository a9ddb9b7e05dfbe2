import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lock, newestSource } from '../bundle.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Built pages' scripts, under the gitignored dist/: /assets/apps/{react,vue,after-checkout}.js. */
export const APPS_DIR = join(ROOT, 'demo/dist/apps');
const APPS = ['react', 'vue', 'after-checkout'] as const;
const ENTRY: Record<App, string> = { react: 'react.tsx', vue: 'vue.ts', 'after-checkout': 'after-checkout.ts' };
export type App = (typeof APPS)[number];
/** What the apps are made of: a change to any of them means a rebuild. */
const SOURCES = ['demo/apps', 'packages/element/src', 'packages/react/src', 'packages/vue/src'].map((dir) => join(ROOT, dir));

function isStale(): boolean {
  const built = Math.min(...APPS.map((app) => statSync(join(APPS_DIR, `${app}.js`), { throwIfNoEntry: false })?.mtimeMs ?? 0));
  return built < Math.max(...SOURCES.map(newestSource));
}

/**
 * The /react and /vue checkout pages' scripts: each wrapper with its framework, as a
 * merchant's bundler makes them (Vite, production mode). Built on the first start and
 * whenever a source changed, like the element's bundle.
 */
export async function ensureAppBundles(log: (line: string) => void): Promise<string> {
  if (!isStale()) return APPS_DIR;
  const unlock = lock('flex-checkout-demo-apps-build');
  try {
    if (!isStale()) return APPS_DIR;
    log("Building the React and Vue checkout pages and the hosted page's script…");
    const { build } = await import('vite');
    await build({
      configFile: false,
      root: ROOT,
      logLevel: 'warn',
      mode: 'production',
      // Where the pages load them from: a chunk (the element's in-page steps) is fetched from there too.
      base: '/assets/apps/',
      // The packages' TypeScript sources (their `source` export), as everywhere in the demo.
      resolve: { conditions: ['source', 'module', 'browser', 'production'] },
      // Production JSX whatever NODE_ENV the demo runs under (the tests run it with NODE_ENV=test,
      // and a dev-runtime call into React's production build is "jsxDEV is not a function").
      oxc: { jsx: { runtime: 'automatic', development: false } },
      define: {
        'process.env.NODE_ENV': '"production"',
        __VUE_OPTIONS_API__: 'false',
        __VUE_PROD_DEVTOOLS__: 'false',
        __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
      },
      build: {
        outDir: APPS_DIR,
        emptyOutDir: true,
        target: 'es2021',
        sourcemap: true,
        rollupOptions: {
          input: Object.fromEntries(APPS.map((app) => [app, join(ROOT, `demo/apps/${ENTRY[app]}`)])),
          output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', format: 'es' },
          // '@flex-checkout/react' says 'use client' for Next.js; a plain bundle has nothing to keep it for.
          onwarn(warning, warn) {
            if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
          },
        },
      },
    });
    return APPS_DIR;
  } finally {
    unlock();
  }
}
