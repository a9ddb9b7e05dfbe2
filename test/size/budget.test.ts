import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';

/** The script-tag file merchants load; `npm run build` (run on install) makes it. */
const SCRIPT = fileURLToPath(new URL('../../packages/element/dist/flex-checkout.js', import.meta.url));
/** Issue 5's budget: everything but Stripe.js and the sandbox stand-in, gzipped. */
const BUDGET_BYTES = 25 * 1024;

it('the <flex-checkout> script-tag file is at most 25 KB gzipped', () => {
  if (!existsSync(SCRIPT)) {
    throw new Error(`${SCRIPT} is missing: the size budget checks the built file. Run "npm run build" (or "npm run build -w packages/element") first.`);
  }
  const bytes = readFileSync(SCRIPT);
  const gzipped = gzipSync(bytes, { level: 9 }).byteLength;
  expect(
    gzipped,
    `flex-checkout.js is ${(gzipped / 1024).toFixed(1)} KB gzipped (${(bytes.byteLength / 1024).toFixed(1)} KB minified); the budget is ${BUDGET_BYTES / 1024} KB`,
  ).toBeLessThanOrEqual(BUDGET_BYTES);
  // A build that lost the element would pass any budget: it must still register the tag.
  expect(bytes.toString('utf8')).toContain('flex-checkout');
});
