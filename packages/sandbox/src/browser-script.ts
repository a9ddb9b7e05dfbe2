import { readFileSync } from 'node:fs';

/**
 * The sandbox's browser scripts (the card frame's, the 3-D Secure challenge's, the Stripe.js
 * stand-in, the hosted page's) are TypeScript under src/, type-checked and linted with the
 * rest, and compiled by the package's build (`tsc`) to the same path under dist/. This reads
 * the compiled file, whether the sandbox runs from dist or from its TypeScript sources: both
 * resolve `../dist/…` from here to the same file. browser-scripts.test.ts keeps each compiled
 * file in step with its source.
 *
 * Each source ends in `export {};`, so its names are its own and not globals shared with the
 * other scripts; that line and the source-map comment are taken off, so the text runs as a
 * classic script too (inline in a page, or Stripe's `<script src>`).
 */
export type BrowserScript = 'browser/scripts/card-frame' | 'browser/scripts/challenge' | 'browser/scripts/stripe-js' | 'hosted/browser/hosted-page';

const cached = new Map<BrowserScript, string>();

export function browserScript(name: BrowserScript): string {
  let text = cached.get(name);
  if (text === undefined) {
    const compiled = new URL(`../dist/${name}.js`, import.meta.url);
    try {
      text = servedText(readFileSync(compiled, 'utf8'));
    } catch {
      throw new Error(`The sandbox's browser script ${name} is not built (${compiled.pathname}): run npm run build`);
    }
    cached.set(name, text);
  }
  return text;
}

/** The compiled text as served: without the module marker and the source-map comment. */
export function servedText(compiled: string): string {
  return compiled
    .replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n')
    .replace(/^export \{\};\n/m, '')
    .trimEnd()
    .concat('\n');
}
