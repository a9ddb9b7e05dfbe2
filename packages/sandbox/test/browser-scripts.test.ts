import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { browserScript, servedText, type BrowserScript } from '../src/browser-script.js';

const PACKAGE = new URL('../', import.meta.url);

/** The package's compiler options, as its build (`tsc -b`) uses them. */
function compilerOptions(): ts.CompilerOptions {
  const path = new URL('tsconfig.json', PACKAGE).pathname;
  const read = ts.readConfigFile(path, (file) => ts.sys.readFile(file));
  const { options } = ts.parseJsonConfigFileContent(read.config, ts.sys, new URL('.', PACKAGE).pathname);
  // The package is "type": "module", so its build emits ES modules; a lone file would be taken for CommonJS.
  return { ...options, module: ts.ModuleKind.ES2022 };
}

const SCRIPTS: BrowserScript[] = ['browser/scripts/card-frame', 'browser/scripts/challenge', 'browser/scripts/stripe-js', 'hosted/browser/hosted-page'];

describe("the sandbox's browser scripts", () => {
  const options = compilerOptions();
  it.each(SCRIPTS)('%s: what is served is its current TypeScript source, compiled, with nothing imported', (name) => {
    const source = readFileSync(new URL(`src/${name}.ts`, PACKAGE), 'utf8');
    const compiled = ts.transpileModule(source, { compilerOptions: options, fileName: `${name}.ts` }).outputText;
    // A stale build (the source edited since `npm run build`) fails here, not in a shopper's browser.
    expect(browserScript(name)).toBe(servedText(compiled));
    // A browser script stands alone: the page loads it by itself, so it can import nothing.
    expect(browserScript(name)).not.toMatch(/^\s*(import|export)\b/m);
  });
});
