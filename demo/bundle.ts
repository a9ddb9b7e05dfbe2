import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Handler } from 'hono';

const ELEMENT = fileURLToPath(new URL('../packages/element/', import.meta.url));
const BUNDLE = join(ELEMENT, 'dist/flex-checkout.js');

/**
 * The files flex-checkout.js loads when needed (the in-page steps, Spanish), by name, as the
 * build lists them. flex-checkout.js loads them from beside itself, so whoever serves it
 * serves these at the same place. `key` is the build's name for the part (`inPage`, `hosted`,
 * `es`); `dist` another build's directory (the bench compares two).
 */
export function elementParts(dist = join(ELEMENT, 'dist')): { key: string; name: string; path: string }[] {
  const manifest = join(dist, 'flex-checkout.parts.json');
  const listed = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, string>) : {};
  return Object.entries(listed).map(([key, name]) => ({ key, name, path: join(dist, name) }));
}

/** The newest modification time of any file under `dir`. */
export function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The script-tag build of <flex-checkout> (`packages/element/dist/flex-checkout.js`, made
 * by `npm run build`, which `npm install` runs). Built here when it is missing or older
 * than the element's sources, so `npm start` never serves a stale element.
 */
export function ensureElementBundle(log: (line: string) => void): string {
  if (!isStale()) return BUNDLE;
  // Several demos may start at once (the end-to-end tests): one builds, the others wait.
  const unlock = lock('flex-checkout-element-build');
  try {
    if (!isStale()) return BUNDLE;
    const had = existsSync(BUNDLE);
    log(had ? 'The element changed since its last build: rebuilding flex-checkout.js…' : 'Building flex-checkout.js (first start)…');
    const vite = fileURLToPath(new URL('../node_modules/vite/bin/vite.js', import.meta.url));
    // The parts first: the main file learns their names from the build's list (vite.config.ts).
    // A production build whoever starts it: under a test runner NODE_ENV is "test", and vite
    // would then take Lit's development build (larger, and warning in the console).
    const env = { ...process.env, NODE_ENV: 'production' };
    const build = (...mode: string[]) =>
      spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn', ...mode], { cwd: ELEMENT, env, stdio: ['ignore', 'inherit', 'inherit'] }).status === 0;
    const built = build('--mode', 'part-in-page') && build('--mode', 'part-es') && build();
    if (!built || !existsSync(BUNDLE)) {
      if (!had) throw new Error('Building packages/element failed: run `npm run build` to see why.');
      log('Rebuilding the element failed (see above): serving its previous build.');
    }
    return BUNDLE;
  } finally {
    unlock();
  }
}

function isStale(): boolean {
  return !existsSync(BUNDLE) || statSync(BUNDLE).mtimeMs < newestSource(join(ELEMENT, 'src'));
}

/**
 * A lock directory (mkdir is atomic) so one of several demos starting at once builds and the
 * others wait; one left by a crashed build is taken after 5 minutes. Returns the unlock.
 */
export function lock(name: string): () => void {
  const path = join(tmpdir(), `${name}.lock`);
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      mkdirSync(path);
      return () => rmSync(path, { recursive: true, force: true });
    } catch {
      const age = Date.now() - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 5 * 60_000) rmSync(path, { recursive: true, force: true });
      else Atomics.wait(sleeper, 0, 0, 250);
    }
  }
}

/**
 * Serves the bundle as a CDN would: JavaScript content type, a strong ETag (304 on a
 * match), gzip when the browser takes it, a short public cache with revalidation (the URL
 * carries no version, so it must not be cached for ever), and CORS open to any page.
 */
export function bundleHandler(path: string): Handler {
  const body = readFileSync(path);
  const gzipped = gzipSync(body, { level: 9 });
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const headers = {
    'content-type': 'text/javascript; charset=utf-8',
    'cache-control': 'public, max-age=300, stale-while-revalidate=86400',
    etag,
    vary: 'Accept-Encoding',
    'access-control-allow-origin': '*',
    'cross-origin-resource-policy': 'cross-origin',
    'x-content-type-options': 'nosniff',
  };
  return (c) => {
    if (
      c.req
        .header('if-none-match')
        ?.split(',')
        .some((tag) => tag.trim().replace(/^W\//, '') === etag)
    ) {
      return c.body(null, 304, headers);
    }
    const gzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    const bytes = gzip ? gzipped : body;
    return new Response(c.req.method === 'HEAD' ? null : new Uint8Array(bytes), {
      status: 200,
      headers: { ...headers, 'content-length': String(bytes.byteLength), ...(gzip ? { 'content-encoding': 'gzip' } : {}) },
    });
  };
}
