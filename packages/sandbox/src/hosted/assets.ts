import { readFileSync } from 'node:fs';

/**
 * The hosted page's script as the build compiled it (`tsc` emits
 * dist/hosted/browser/hosted-page.js). Read from the package's dist whether the sandbox runs
 * from dist or from its TypeScript sources: both resolve `../../dist/…` to the same file.
 * A test keeps that file in step with its source.
 */
const COMPILED = new URL('../../dist/hosted/browser/hosted-page.js', import.meta.url);

let cached: string | undefined;

export function hostedPageScript(): string {
  if (cached === undefined) {
    let text: string;
    try {
      text = readFileSync(COMPILED, 'utf8');
    } catch {
      throw new Error(`The hosted checkout's script is not built (${COMPILED.pathname}): run npm run build`);
    }
    // The source map is not served.
    cached = text.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
  }
  return cached;
}
