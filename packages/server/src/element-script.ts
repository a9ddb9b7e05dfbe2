import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Context, Hono } from 'hono';

/** One file of the script-tag build, as the server serves it: the bytes, their encodings, their hash. */
export interface ScriptFile {
  etag: string;
  identity: Buffer;
  gzip: Buffer;
  brotli: Buffer;
}

/** The part file each experience's first step needs, by experience. */
export type FirstParts = Record<'in-page' | 'hosted', string | null>;

/** The script-tag build of `<flex-checkout>`: the main file and the parts it loads when needed. */
export interface ElementScript extends ScriptFile {
  /** `flex-checkout.<hash>.js`: a name that changes whenever the file does, so it may be cached for good. */
  hashedName: string;
  /**
   * The parts beside it, by file name (`flex-checkout.in-page.<hash>.js`, `flex-checkout.es.<hash>.js`):
   * the main file loads them from the URL it was itself loaded from, so they are served at the
   * same prefix. Their names carry their hash already.
   */
  parts: Map<string, ScriptFile>;
  /**
   * The part among them that each kind of session's first step needs (the in-page steps, or
   * the hosted step and its watch), if built: `renderElement` writes a script tag for it.
   */
  firstParts: FirstParts;
}

function scriptFile(identity: Buffer): ScriptFile & { hash: string } {
  const hash = createHash('sha256').update(identity).digest('base64url').slice(0, 12);
  return {
    hash,
    etag: `"${hash}"`,
    identity,
    gzip: gzipSync(identity, { level: 9 }),
    brotli: brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  };
}

/**
 * Reads `@flex-checkout/element/flex-checkout.js` from the installed element package, once,
 * and keeps it compressed both ways. Null when the element is not installed (a server that
 * only serves another front end's API); the route then says how to add it.
 */
export function loadElementScript(): ElementScript | null {
  let path: string;
  try {
    path = createRequire(import.meta.url).resolve('@flex-checkout/element/flex-checkout.js');
  } catch {
    return null;
  }
  const { hash, ...main } = scriptFile(readFileSync(path));
  // The build lists its parts' file names beside the main file (flex-checkout.parts.json).
  const manifest = join(dirname(path), 'flex-checkout.parts.json');
  const listed = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, string>) : {};
  const names = Object.values(listed);
  const parts = new Map<string, ScriptFile>();
  for (const name of names) {
    const { hash: _named, ...part } = scriptFile(readFileSync(join(dirname(path), name)));
    parts.set(name, part);
  }
  return { hashedName: `flex-checkout.${hash}.js`, ...main, parts, firstParts: { 'in-page': listed.inPage ?? null, hosted: listed.hosted ?? null } };
}

/** The best encoding the browser takes, by `Accept-Encoding` (brotli, then gzip, then none). */
function encodingFor(c: Context): 'br' | 'gzip' | null {
  const accepted = (c.req.header('accept-encoding') ?? '').toLowerCase();
  const takes = (name: string) => new RegExp(`(^|,)\\s*${name}\\s*(;\\s*q=(?!0(\\.0*)?\\s*(,|$))[\\d.]+)?\\s*(,|$)`).test(accepted);
  if (takes('br')) return 'br';
  if (takes('gzip')) return 'gzip';
  return null;
}

/**
 * `{prefix}/flex-checkout.js` and `{prefix}/flex-checkout.<hash>.js`: the element for a
 * `<script>` tag, straight from the merchant's own server, so no CDN is needed. The hashed
 * name is cached for a year (`immutable`): a new build has a new name. The plain name is
 * revalidated on every use (`no-cache` with an ETag, so a repeat costs a 304), for pages that
 * cannot know the hash. The parts it loads when needed sit beside it, named by their hash and
 * cached for good too. Brotli or gzip as the browser accepts.
 */
export function elementScriptRoutes(app: Hono, prefix: string, script: ElementScript | null): void {
  const send = (c: Context, cacheControl: string, file: ScriptFile | null = script) => {
    if (!file) {
      return c.text('flex-checkout.js is not installed beside @flex-checkout/server: npm install @flex-checkout/element', 404);
    }
    c.header('content-type', 'text/javascript; charset=utf-8');
    c.header('cache-control', cacheControl);
    c.header('etag', file.etag);
    c.header('vary', 'Accept-Encoding');
    c.header('x-content-type-options', 'nosniff');
    // Any merchant page may load it, as from a CDN.
    c.header('cross-origin-resource-policy', 'cross-origin');
    if (c.req.header('if-none-match') === file.etag) return c.body(null, 304);
    const encoding = encodingFor(c);
    if (encoding) c.header('content-encoding', encoding);
    const body = encoding === 'br' ? file.brotli : encoding === 'gzip' ? file.gzip : file.identity;
    return c.body(new Uint8Array(body));
  };
  app.on(['GET', 'HEAD'], `${prefix}/flex-checkout.js`, (c) => send(c, 'no-cache'));
  if (script) app.on(['GET', 'HEAD'], `${prefix}/${script.hashedName}`, (c) => send(c, 'public, max-age=31536000, immutable'));
  for (const [name, part] of script?.parts ?? []) app.on(['GET', 'HEAD'], `${prefix}/${name}`, (c) => send(c, 'public, max-age=31536000, immutable', part));
}
