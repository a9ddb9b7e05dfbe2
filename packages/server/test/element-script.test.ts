import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useFlexServer } from '../../../test/support/flex-server.js';

/** The element's script-tag build, served by the companion server itself: no CDN needed. */
describe('the companion server serves <flex-checkout> for a script tag', () => {
  const server = useFlexServer('sqlite', 'embedded');
  const built = readFileSync(createRequire(import.meta.url).resolve('@flex-checkout/element/flex-checkout.js'));
  const get = (path: string, headers: Record<string, string> = {}) => server.flex.app.request(`http://shop.test${path}`, { headers });

  it('at {prefix}/flex-checkout.js: the installed build, brotli or gzip as accepted, revalidated by ETag', async () => {
    const plain = await get('/flex/flex-checkout.js');
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(plain.headers.get('cache-control')).toBe('no-cache');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(Buffer.from(await plain.arrayBuffer()).equals(built)).toBe(true);

    const brotli = await get('/flex/flex-checkout.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(brotli.headers.get('content-encoding')).toBe('br');
    expect(brotliDecompressSync(Buffer.from(await brotli.arrayBuffer())).equals(built)).toBe(true);
    const gzip = await get('/flex/flex-checkout.js', { 'accept-encoding': 'gzip' });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).equals(built)).toBe(true);
    expect(gzip.headers.get('vary')).toContain('Accept-Encoding');
    // br refused by q=0: gzip instead.
    expect((await get('/flex/flex-checkout.js', { 'accept-encoding': 'br;q=0, gzip' })).headers.get('content-encoding')).toBe('gzip');

    const again = await get('/flex/flex-checkout.js', { 'if-none-match': plain.headers.get('etag')! });
    expect(again.status).toBe(304);
  });

  it('at its content-hashed name, cached for good; the name is on the server object', async () => {
    const url = server.flex.elementScriptUrl!;
    expect(url).toMatch(/^\/flex\/flex-checkout\.[A-Za-z0-9_-]{12}\.js$/);
    const hashed = await get(url);
    expect(hashed.status).toBe(200);
    expect(hashed.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(Buffer.from(await hashed.arrayBuffer()).equals(built)).toBe(true);
    expect((await get('/flex/flex-checkout.AAAAAAAAAAAA.js')).status).toBe(404);
  });

  it('serves the parts the main file loads when needed beside it, by their hashed names, cached for good', async () => {
    const dir = dirname(createRequire(import.meta.url).resolve('@flex-checkout/element/flex-checkout.js'));
    const parts = JSON.parse(readFileSync(join(dir, 'flex-checkout.parts.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(parts).sort()).toEqual(['es', 'hosted', 'inPage']);
    for (const name of Object.values(parts)) {
      expect(name).toMatch(/^flex-checkout\.(in-page|hosted|es)\.[A-Za-z0-9_-]+\.js$/);
      // The main file names each part it loads.
      expect(built.toString('utf8')).toContain(name);
      const part = await get(`/flex/${name}`, { 'accept-encoding': 'br' });
      expect(part.status).toBe(200);
      expect(part.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(part.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(brotliDecompressSync(Buffer.from(await part.arrayBuffer())).equals(readFileSync(join(dir, name)))).toBe(true);
    }
    expect((await get('/flex/flex-checkout.in-page.AAAAAAAA.js')).status).toBe(404);
  });
});
