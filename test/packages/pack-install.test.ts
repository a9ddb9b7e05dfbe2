import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * better-sqlite3's binary, as a merchant's install gets it: its install script downloads a
 * prebuilt one from its releases, which this machine cannot reach, so it would compile SQLite
 * from source instead (a minute of CPU in every run). The repository's own build of the same
 * version, on the same Node, is offered as that download, named as prebuild-install looks for
 * it. A different version or Node finds no match and compiles as before.
 */
function sqlitePrebuild(app: string): Record<string, string> {
  const sqlite = join(ROOT, 'node_modules/better-sqlite3');
  const { version } = JSON.parse(readFileSync(join(sqlite, 'package.json'), 'utf8')) as { version: string };
  const dir = join(app, '.prebuilds');
  mkdirSync(dir);
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  execFileSync('tar', ['-czf', join(dir, name), '-C', sqlite, 'build/Release/better_sqlite3.node']);
  // Read by prebuild-install; npm, which passes it through, warns that it is no setting of its own.
  return { npm_config_better_sqlite3_local_prebuilds: dir };
}

/**
 * The packages as a merchant gets them: each packed with `npm pack` (what `npm publish`
 * uploads), the tarballs installed into a fresh app by npm (native modules installed, no
 * workspace links), then used there: a session on the embedded sandbox, the element's script
 * resolved and served, and the types checked by TypeScript as the merchant's editor would.
 * The same command a merchant runs from a clone: scripts/install-local.mjs.
 */
describe('npm pack → npm install in a fresh app', () => {
  let app: string;
  beforeAll(() => {
    app = mkdtempSync(join(tmpdir(), 'flex-pack-app-'));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'merchant-app', private: true, type: 'module' }));
    // The build is what `npm install`/`npm ci` of this repository made (prepare): packed as it is.
    execFileSync(process.execPath, [join(ROOT, 'scripts/install-local.mjs'), 'server', 'sandbox', 'element', 'react'], {
      cwd: app,
      stdio: 'pipe',
      env: { ...process.env, FLEX_INSTALL_LOCAL_SKIP_BUILD: '1', ...sqlitePrebuild(app) },
    });
  }, 600_000);
  afterAll(() => rmSync(app, { recursive: true, force: true }));

  it('runs a session on the embedded sandbox and serves the element, from the installed packages', () => {
    writeFileSync(
      join(app, 'app.mjs'),
      `import { createRequire } from 'node:module';
import { createFlexCheckout } from '@flex-checkout/server';
const flex = await createFlexCheckout({ database: '.data/server.sqlite', sandboxDatabase: '.data/sandbox.sqlite', logger: { info() {}, warn() {}, error() {} } });
const product = await flex.client.products.create({ name: 'Gym', hsa_fsa_eligibility: 'letter_of_medical_necessity', visit_type: 'gym' });
const price = await flex.client.prices.create({ product: product.product_id, unit_amount: 4999 });
const session = await flex.client.checkoutSessions.create({ line_items: [{ price: price.price_id }] });
const view = await flex.app.request('http://shop.test/flex/sessions/' + session.checkout_session_id, { headers: { authorization: 'Bearer ' + session.client_secret } });
const script = await flex.app.request('http://shop.test/flex/flex-checkout.js');
const resolved = createRequire(import.meta.url).resolve('@flex-checkout/element/flex-checkout.js');
// The parts flex-checkout.js loads when needed, each named in it and served beside it.
const main = await script.clone().text();
const parts = [...new Set(main.match(/flex-checkout\\.(?:in-page|es)\\.[\\w-]+\\.js/g))];
const served = await Promise.all(parts.map(async (name) => (await flex.app.request('http://shop.test/flex/' + name)).status));
console.log(JSON.stringify({
  view: view.status,
  consultationRequired: (await view.json()).checkout_session.consultation_required,
  script: script.status,
  scriptType: script.headers.get('content-type'),
  resolved: resolved.includes('node_modules/@flex-checkout/element/dist/flex-checkout.js'),
  fromWorkspace: resolved.startsWith(${JSON.stringify(ROOT)}),
  parts: parts.map((name) => name.split('.')[1]).sort(),
  served,
}));
await flex.close();
`,
    );
    const out = execFileSync(process.execPath, ['app.mjs'], { cwd: app, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual({
      view: 200,
      consultationRequired: true,
      script: 200,
      scriptType: 'text/javascript; charset=utf-8',
      resolved: true,
      fromWorkspace: false,
      parts: ['es', 'in-page'],
      served: [200, 200],
    });
  });

  it("type-checks a merchant's TypeScript against the installed types", () => {
    writeFileSync(
      join(app, 'check.ts'),
      `import { createFlexCheckout, LetterRequiredError, type FlexCheckoutSession } from '@flex-checkout/server';
import type { FlexCompleteDetail } from '@flex-checkout/element';
import { FlexCheckout } from '@flex-checkout/react';
const flex = await createFlexCheckout({ checkout: 'hosted' });
const session: FlexCheckoutSession = await flex.client.checkoutSessions.create({ line_items: [{ price: 'fprice_x' }] });
const secret: string | null = session.client_secret;
const done = (detail: FlexCompleteDetail): string => detail.checkoutSessionId;
void [secret, done, LetterRequiredError, FlexCheckout];
// @ts-expect-error: not a checkout the server offers
await createFlexCheckout({ checkout: 'elsewhere' });
`,
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          lib: ['ES2023', 'DOM'],
          jsx: 'react-jsx',
        },
        files: ['check.ts'],
      }),
    );
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: app, stdio: 'pipe' });
  });
});
