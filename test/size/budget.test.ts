import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';

/** The script-tag file merchants load; `npm run build` (run on install) makes it. */
const SCRIPT = fileURLToPath(new URL('../../packages/element/dist/flex-checkout.js', import.meta.url));
/** Issue 16's budget for the file a page loads: both checkouts in it, the in-page steps, the hosted step and Spanish loaded when needed. */
const BUDGET_BYTES = 16 * 1024;
/**
 * Everything an in-page checkout loads (the file and its in-page part; Stripe.js and the
 * sandbox's stand-in aside): issue 5's budget was 25 KB for one file with all of it; moving
 * code into the part must not make the whole grow much past it. 26 KB when the file was
 * split; 27 KB since the consultation asks a date as three fields and makes its states'
 * options itself (0.4 KB, for a first screen 25–75 ms sooner).
 */
const IN_PAGE_BUDGET_BYTES = 27 * 1024;
/**
 * Everything a hosted checkout loads of ours: the file and its hosted part (the step with the
 * frame, and the watch). Both were in the 16 KB file until the part was split off to make
 * room in it; the split must not make a hosted checkout load much more than that.
 */
const HOSTED_BUDGET_BYTES = 17 * 1024;

const gzipped = (path: string) => gzipSync(readFileSync(path), { level: 9 }).byteLength;

it('the <flex-checkout> script-tag file is at most 16 KB gzipped', () => {
  if (!existsSync(SCRIPT)) {
    throw new Error(`${SCRIPT} is missing: the size budget checks the built file. Run "npm run build" (or "npm run build -w packages/element") first.`);
  }
  const bytes = readFileSync(SCRIPT);
  const size = gzipped(SCRIPT);
  expect(
    size,
    `flex-checkout.js is ${(size / 1024).toFixed(1)} KB gzipped (${(bytes.byteLength / 1024).toFixed(1)} KB minified); the budget is ${BUDGET_BYTES / 1024} KB`,
  ).toBeLessThanOrEqual(BUDGET_BYTES);
  // A build that lost the element would pass any budget: it must still register the tag.
  expect(bytes.toString('utf8')).toContain('flex-checkout');
});

/**
 * The file and one of its parts together, within `budget`: what one kind of checkout loads of
 * ours. `registers`: a tag the part must hold (a part that lost its steps would pass any budget).
 */
function expectWithPart(part: 'inPage' | 'hosted', budget: number, registers: string): void {
  const dir = fileURLToPath(new URL('../../packages/element/dist/', import.meta.url));
  const file = (JSON.parse(readFileSync(join(dir, 'flex-checkout.parts.json'), 'utf8')) as Record<typeof part, string>)[part];
  const size = gzipped(SCRIPT) + gzipped(join(dir, file));
  expect(size, `flex-checkout.js + ${file} are ${(size / 1024).toFixed(1)} KB gzipped; the budget is ${budget / 1024} KB`).toBeLessThanOrEqual(budget);
  expect(readFileSync(join(dir, file), 'utf8')).toContain(registers);
}

it('an in-page checkout loads at most 27 KB gzipped of ours: the file and its in-page part', () => {
  expectWithPart('inPage', IN_PAGE_BUDGET_BYTES, 'flex-checkout-consultation');
});

it('a hosted checkout loads at most 17 KB gzipped of ours: the file and its hosted part', () => {
  expectWithPart('hosted', HOSTED_BUDGET_BYTES, 'flex-checkout-hosted');
});
