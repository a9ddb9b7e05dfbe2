#!/usr/bin/env node
// Installs the flex-checkout packages from this clone into the app in the current folder,
// as npm would install them from the registry: each package built, packed (`npm pack`) and
// the tarballs installed together (they depend on each other at exact versions).
//
//   cd my-shop && node ../flex-checkout/scripts/install-local.mjs [package …]
//
// With no names it installs server, sandbox and element; name others to add them
// (protocol, storage, react, vue). Protocol and storage always come along (dependencies).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const OUT = join(ROOT, '.packs');
const ALL = ['protocol', 'storage', 'sandbox', 'server', 'element', 'react', 'vue'];
const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !ALL.includes(name));
if (unknown.length) {
  console.error(`Unknown package ${unknown.join(', ')}: choose from ${ALL.join(', ')}`);
  process.exit(2);
}
const wanted = new Set(['protocol', 'storage', 'element', ...(asked.length ? asked : ['server', 'sandbox'])]);
// The server depends on the element (it serves flex-checkout.js); react and vue on the element.
if (wanted.has('server') || wanted.has('react') || wanted.has('vue')) wanted.add('element');

const npm = (args, cwd) => execFileSync('npm', args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
if (process.env.FLEX_INSTALL_LOCAL_SKIP_BUILD !== '1') npm(['run', 'build'], ROOT);
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
npm(['pack', '--silent', '--pack-destination', OUT, ...[...wanted].flatMap((name) => ['--workspace', `packages/${name}`])], ROOT);
const tarballs = readdirSync(OUT)
  .filter((f) => f.endsWith('.tgz'))
  .map((f) => join(OUT, f));
npm(['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs], process.cwd());
console.log(`Installed ${tarballs.length} packages from ${ROOT} into ${process.cwd()}`);
