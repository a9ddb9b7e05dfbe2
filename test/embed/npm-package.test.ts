import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * `@flex-checkout/element` as npm ships it (the built `dist/`, resolved through the
 * package's `exports`), imported by plain Node with no DOM, as a server renderer would.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PKG_DIR = `${ROOT}packages/element/`;
const pkg = JSON.parse(readFileSync(`${PKG_DIR}package.json`, 'utf8'));

/** Runs an ES module snippet in a fresh `node` (no conditions: what a consumer's Node resolves) and returns its JSON output. */
function inNode(code: string): any {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

describe('@flex-checkout/element on npm', () => {
  it('every entry in the exports map names its types first, and every file it names is built', () => {
    for (const [entry, target] of Object.entries<any>(pkg.exports)) {
      const files = typeof target === 'string' ? [target] : Object.values<string>(target);
      if (typeof target !== 'string') expect(Object.keys(target)[0], `exports["${entry}"]`).toBe('types');
      for (const file of files) expect(existsSync(PKG_DIR + file), `${entry} → ${file} (run "npm run build")`).toBe(true);
    }
    expect(pkg.type).toBe('module');
  });

  it('sideEffects names only the files that register the tag, and the script-tag parts (each hands itself to a global)', () => {
    expect(pkg.sideEffects.sort()).toEqual([
      './dist/define.js',
      './dist/flex-checkout.es.*.js',
      './dist/flex-checkout.hosted.*.js',
      './dist/flex-checkout.in-page.*.js',
      './dist/flex-checkout.js',
      './src/define.ts',
    ]);
  });

  it('keeps React and Vue out of its dependencies (they are optional peers, for the type entries only)', () => {
    expect(Object.keys(pkg.dependencies)).not.toContain('react');
    expect(Object.keys(pkg.dependencies)).not.toContain('vue');
    expect(pkg.peerDependenciesMeta['@types/react'].optional).toBe(true);
    expect(pkg.peerDependenciesMeta.vue.optional).toBe(true);
  });

  it('the pure entry imports in Node with no DOM, exports the class and registers nothing', () => {
    const result = inNode(`
      const mod = await import('@flex-checkout/element');
      console.log(JSON.stringify({
        hasWindow: typeof window !== 'undefined',
        exports: Object.keys(mod).sort(),
        isClass: typeof mod.FlexCheckout === 'function',
        registered: globalThis.customElements?.get('flex-checkout') !== undefined,
      }));`);
    expect(result).toEqual({ hasWindow: false, exports: ['FlexCheckout'], isClass: true, registered: false });
  });

  it('the define entry imports in Node too (Lit registers into its server shim) without throwing, twice', () => {
    const result = inNode(`
      const { FlexCheckout } = await import('@flex-checkout/element');
      const define = await import('@flex-checkout/element/define');
      // The same file again, as a second copy of the module (a query makes it a new instance).
      await import(import.meta.resolve('@flex-checkout/element/define') + '?again');
      console.log(JSON.stringify({
        version: define.VERSION,
        same: define.FlexCheckout === FlexCheckout,
        registered: globalThis.customElements?.get('flex-checkout') === FlexCheckout,
      }));`);
    expect(result).toEqual({ version: pkg.version, same: true, registered: true });
  });

  it('VERSION (what the double-load warning names) is the package version', () => {
    // In a module of its own, which the script tag's parts and the main file share.
    const source = readFileSync(`${PKG_DIR}src/version.ts`, 'utf8');
    expect(source).toContain(`export const VERSION = '${pkg.version}';`);
  });

  it('custom-elements.json describes the public element from its JSDoc', () => {
    const manifest = JSON.parse(readFileSync(PKG_DIR + pkg.customElements, 'utf8'));
    const element = manifest.modules.flatMap((m: any) => m.declarations).find((d: any) => d.tagName === 'flex-checkout');
    expect(element.name).toBe('FlexCheckout');
    expect(element.attributes.map((a: any) => a.name)).toEqual([
      'client-secret',
      'endpoint',
      'locale',
      'theme',
      'redirect',
      'merchant-name',
      'terms-url',
      'session-view',
    ]);
    expect(element.members.map((m: any) => m.name)).toEqual(
      expect.arrayContaining(['clientSecret', 'endpoint', 'locale', 'theme', 'redirect', 'appearance', 'sessionView']),
    );
    expect(element.events.map((e: any) => e.name)).toEqual([
      'flex-ready',
      'flex-step-change',
      'flex-consultation-complete',
      'flex-complete',
      'flex-cancel',
      'flex-expired',
      'flex-error',
    ]);
    for (const event of element.events) expect(event.description, event.name).toBeTruthy();
    expect(element.slots.map((s: any) => s.name)).toEqual(['payment']);
    expect(element.cssParts.map((p: any) => p.name)).toEqual(expect.arrayContaining(['summary', 'payment', 'button']));
    expect(element.cssProperties.map((p: any) => p.name)).toEqual(expect.arrayContaining(['--flex-color-primary', '--flex-radius', '--flex-font']));
    // Nothing internal: no Lit state, no private member.
    expect(element.attributes.map((a: any) => a.name)).not.toContain('narrow');
    expect(element.members.filter((m: any) => m.privacy === 'private')).toEqual([]);
  });
});

describe('@flex-checkout/react and @flex-checkout/vue on npm', () => {
  for (const name of ['react', 'vue']) {
    it(`@flex-checkout/${name}: ES modules, types first, built files, the element as a dependency and the framework as a peer`, () => {
      const dir = `${ROOT}packages/${name}/`;
      const wrapper = JSON.parse(readFileSync(`${dir}package.json`, 'utf8'));
      expect(wrapper.type).toBe('module');
      expect(Object.keys(wrapper.exports['.'])[0]).toBe('types');
      for (const file of Object.values<string>(wrapper.exports['.'])) expect(existsSync(dir + file), file).toBe(true);
      expect(wrapper.dependencies['@flex-checkout/element']).toBe(pkg.version);
      expect(Object.keys(wrapper.peerDependencies)).toEqual([name]);
    });
  }

  it("the React wrapper's built module starts with 'use client', so a Next.js server component may render it", () => {
    expect(readFileSync(`${ROOT}packages/react/dist/index.js`, 'utf8').startsWith("'use client';")).toBe(true);
  });

  it('both built wrappers import and render on the server in plain Node', () => {
    const result = inNode(`
      const React = await import('react');
      const { renderToString } = await import('react-dom/server');
      const { FlexCheckout: ReactCheckout } = await import('@flex-checkout/react');
      const { createSSRApp, h } = await import('vue');
      const { renderToString: renderVue } = await import('vue/server-renderer');
      const { FlexCheckout: VueCheckout } = await import('@flex-checkout/vue');
      console.log(JSON.stringify({
        react: renderToString(React.createElement(ReactCheckout, { clientSecret: 'fcs_1_secret_2', locale: 'es' })),
        vue: await renderVue(createSSRApp({ render: () => h(VueCheckout, { clientSecret: 'fcs_1_secret_2', locale: 'es' }) })),
        window: typeof window,
      }));`);
    const tag = '<flex-checkout client-secret="fcs_1_secret_2" endpoint="/flex" locale="es" theme="light" redirect="never"></flex-checkout>';
    expect(result).toEqual({ react: tag, vue: tag, window: 'undefined' });
  });
});
