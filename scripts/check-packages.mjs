#!/usr/bin/env node
// Checks every publishable package as npm would ship it: publint (package.json, exports,
// files) and arethetypeswrong (types resolve for ESM consumers: node16 and bundlers; the
// packages are ESM only). Exits non-zero on the first problem. `npm run check:packages`.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const PACKAGES = ['protocol', 'storage', 'sandbox', 'server', 'element', 'react', 'vue'];
const bin = (name) => join(ROOT, 'node_modules/.bin', name);

let failed = false;
for (const name of PACKAGES) {
  const dir = join(ROOT, 'packages', name);
  const { name: pkg } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  for (const [tool, args] of [
    ['publint', ['--strict']],
    ['attw', ['--pack', '.', '--profile', 'esm-only', '--format', 'ascii']],
  ]) {
    try {
      execFileSync(bin(tool), args, { cwd: dir, stdio: 'pipe' });
      console.log(`ok   ${pkg}: ${tool}`);
    } catch (error) {
      failed = true;
      console.log(`FAIL ${pkg}: ${tool}\n${error.stdout?.toString() ?? ''}${error.stderr?.toString() ?? ''}`);
    }
  }
}
process.exit(failed ? 1 : 0);
