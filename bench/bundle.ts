import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const BENCH_DIR = join(ROOT, 'bench');
/** Bench-run output (bundles, scratch databases): ignored by git, rebuilt by every run. */
export const OUT_DIR = join(BENCH_DIR, '.out');
/** The script-tag file merchants load, as `npm run build` makes it. */
export const ELEMENT_SCRIPT = join(ROOT, 'packages/element/dist/flex-checkout.js');

/** The script-tag file's bytes, or a clear word on how to make it. */
export function readElementScript(): Buffer {
  if (!existsSync(ELEMENT_SCRIPT)) {
    throw new Error(`${ELEMENT_SCRIPT} is missing: build it with "npm run build -w packages/element" (npm install runs it too)`);
  }
  return readFileSync(ELEMENT_SCRIPT);
}

/** The entries bundled in the run: what a merchant would write for each checkout. */
export const ENTRIES = {
  adyen: join(BENCH_DIR, 'entries/adyen.js'),
  braintree: join(BENCH_DIR, 'entries/braintree.js'),
  bare: join(BENCH_DIR, 'entries/bare.js'),
} as const;
export type EntryName = keyof typeof ENTRIES;

/**
 * Bundles one entry the way the element's script-tag file is built (packages/element/
 * vite.config.ts): a Vite library build to one minified IIFE, target es2021, plus the CSS
 * file Vite emits when the entry imports a stylesheet. Returns the files written.
 */
export async function bundle(name: EntryName): Promise<string[]> {
  const outDir = join(OUT_DIR, 'bundles', name);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    configFile: false,
    root: BENCH_DIR,
    publicDir: false,
    logLevel: 'silent',
    // A merchant's production build replaces this; some drop-ins branch on it.
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      lib: { entry: ENTRIES[name], name: `bench_${name}`, formats: ['iife'], fileName: () => `${name}.js`, cssFileName: name },
      outDir,
      emptyOutDir: false,
      target: 'es2021',
      minify: true,
      sourcemap: false,
      reportCompressedSize: false,
    },
  });
  return readdirSync(outDir)
    .filter((file) => /\.(js|css)$/.test(file))
    .sort()
    .map((file) => join(outDir, file));
}
