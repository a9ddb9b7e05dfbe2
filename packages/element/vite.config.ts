import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minifyTemplateLiterals } from 'rollup-plugin-minify-template-literals';
import { defineConfig, type UserConfig } from 'vite';

/**
 * Lit's html`` and css`` templates are strings to the minifier, which keeps their
 * indentation and comments; minifyTemplateLiterals minifies them as markup and stylesheets
 * (with source maps), in the parts' builds and the main file's alike.
 */
const MINIFY_TEMPLATES = { include: ['src/**/*.ts'], failOnError: true };

/** This version's global for the parts (lazy.script-tag.ts): two versions on a page never mix theirs. */
const VERSION = (JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }).version;
const GLOBAL = `FlexCheckoutParts_${VERSION.replace(/\W/g, '_')}`;
const SRC = fileURLToPath(new URL('./src/', import.meta.url));
const DIST = fileURLToPath(new URL('./dist/', import.meta.url));
/** The part files' names, as their builds wrote them; the main build reads them. */
const MANIFEST = join(DIST, 'flex-checkout.parts.json');

/** The parts built as files of their own, each from one entry module. */
const PARTS = {
  'in-page': { entry: 'in-page/index.ts', key: 'inPage' },
  hosted: { entry: 'hosted/index.ts', key: 'hosted' },
  es: { entry: 'i18n/es.ts', key: 'es' },
} as const;
type Part = keyof typeof PARTS;

/** Whether an import (as written, from `importer`) is runtime.ts, which the main file hands over. */
function isRuntime(id: string, importer?: string): boolean {
  const path = importer && id.startsWith('.') ? resolve(dirname(importer), id) : id;
  return path.replace(/\.[jt]s$/, '') === join(SRC, 'runtime');
}

/**
 * A part's build: a classic script (IIFE) that sets `<global>.<key>` to the entry's exports,
 * takes runtime.ts from `<global>.runtime` (waiting in `<global>.queue` until the main file
 * has put it there), and is named by its content's hash. It fails if a
 * module of the main file other than runtime.ts would be copied into it, which would load
 * that code twice (and, for a module with state, split it in two).
 */
function partBuild(part: Part): UserConfig {
  const { entry, key } = PARTS[part];
  const own = join(SRC, dirname(entry));
  return {
    plugins: [
      minifyTemplateLiterals(MINIFY_TEMPLATES),
      {
        name: 'flex-part-boundary',
        buildStart() {
          for (const file of readdirSync(DIST)) if (file.startsWith(`flex-checkout.${part}.`)) rmSync(join(DIST, file));
        },
        load(id) {
          if (id.startsWith(SRC) && !id.startsWith(own) && !isRuntime(id)) {
            this.error(`${relative(SRC, id)} would be copied into the ${part} part: import it through runtime.ts`);
          }
          return null;
        },
        writeBundle(_options, bundle) {
          const file = Object.values(bundle).find((chunk) => chunk.type === 'chunk' && chunk.isEntry)!.fileName;
          const manifest = existsSync(MANIFEST) ? (JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, string>) : {};
          writeFileSync(MANIFEST, `${JSON.stringify({ ...manifest, [key]: file }, null, 2)}\n`);
        },
      },
    ],
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      target: 'es2021',
      minify: true,
      sourcemap: true,
      copyPublicDir: false,
      rollupOptions: {
        input: join(SRC, entry),
        // An app build drops an entry's exports; a part's exports are what it is for.
        preserveEntrySignatures: 'strict',
        external: (id, importer) => isRuntime(id, importer),
        output: {
          format: 'iife',
          // A page may load the part with a script tag of its own (the companion server's
          // renderElement writes one), which can run before flex-checkout.js has handed over
          // the runtime: then the part waits in the global's queue, which that file runs.
          banner: `(run=>{var g=this.${GLOBAL}=this.${GLOBAL}||{};g.runtime?run():(g.queue=g.queue||[]).push(run)})(()=>{`,
          footer: '});',
          name: `${GLOBAL}.${key}`,
          globals: (id) => (isRuntime(id) ? `${GLOBAL}.runtime` : id),
          entryFileNames: `flex-checkout.${part}.[hash].js`,
        },
      },
    },
  };
}

/**
 * The script-tag build: `dist/flex-checkout.js`, one minified classic script that registers
 * <flex-checkout>, and beside it the parts it loads when needed (`npm run build` makes the
 * parts first: `vite build --mode part-in-page`, `--mode part-hosted`, `--mode part-es`, then the main file, which
 * learns their names from flex-checkout.parts.json). The ES modules for npm come from tsc.
 */
export default defineConfig(({ mode }): UserConfig => {
  if (mode === 'part-in-page') return partBuild('in-page');
  if (mode === 'part-hosted') return partBuild('hosted');
  if (mode === 'part-es') return partBuild('es');
  const parts = JSON.parse(readFileSync(MANIFEST, 'utf8')) as { inPage: string; hosted: string; es: string };
  return {
    plugins: [minifyTemplateLiterals(MINIFY_TEMPLATES)],
    // The parts are files of their own here: lazy.ts's dynamic imports become script loads.
    resolve: { alias: [{ find: /^\.\/lazy\.js$/, replacement: join(SRC, 'lazy.script-tag.ts') }] },
    define: { __FLEX_PARTS__: JSON.stringify({ global: GLOBAL, ...parts }) },
    build: {
      lib: {
        entry: 'src/define.ts',
        name: 'FlexCheckoutElement',
        formats: ['iife'],
        fileName: () => 'flex-checkout.js',
      },
      outDir: 'dist',
      emptyOutDir: false,
      target: 'es2021',
      minify: true,
      sourcemap: true,
    },
  };
});
