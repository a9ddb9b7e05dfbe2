import { readFileSync, statSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { bundle, ELEMENT_SCRIPT, readElementScript, ROOT, type EntryName } from './bundle.js';
import { machine } from './machine.js';
import type { PartResult, Row } from './results.js';
import { elementParts } from '../demo/bundle.js';
import { formatRatio, ratio } from './stats.js';

export interface FileSize {
  file: string;
  minified: number;
  gzip: number;
  brotli: number;
}

export interface SizeRow {
  name: 'flex-checkout' | EntryName;
  label: string;
  files: FileSize[];
  minified: number;
  gzip: number;
  brotli: number;
  /** This row's gzip size divided by ours. */
  gzipToOurs: number;
}

/** gzip at level 9 (what demo/bundle.ts serves), brotli at quality 11 (a CDN's static best). */
function measure(path: string): FileSize {
  const bytes = readFileSync(path);
  return {
    file: path.startsWith(ROOT) ? path.slice(ROOT.length) : path,
    minified: bytes.byteLength,
    gzip: gzipSync(bytes, { level: 9 }).byteLength,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).byteLength,
  };
}

const LABELS: Record<SizeRow['name'], string> = {
  'flex-checkout': 'flex-checkout (script tag)',
  adyen: 'Adyen Web Drop-in + Card, JS + CSS',
  braintree: 'Braintree Drop-in, JS + CSS',
  bare: 'floor: bare Lit + zustand + Stripe loader',
};

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** The newest source file of the element, to tell a stale script-tag build. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The script-tag file as built, beside each alternative bundled in this run the same way
 * (bench/bundle.ts), and the floor.
 */
export async function sizePart(): Promise<PartResult<{ rows: SizeRow[]; versions: Record<string, string> }>> {
  const warnings: string[] = [];
  readElementScript(); // a clear error when it is missing
  const ours = measure(ELEMENT_SCRIPT);
  if (statSync(ELEMENT_SCRIPT).mtimeMs < newestSource(join(ROOT, 'packages/element/src'))) {
    warnings.push('packages/element/dist/flex-checkout.js is older than the element\'s sources: run "npm run build -w packages/element" first.');
  }
  const rows: SizeRow[] = [];
  const add = (name: SizeRow['name'], files: FileSize[]) => {
    const sum = (key: 'minified' | 'gzip' | 'brotli') => files.reduce((total, f) => total + f[key], 0);
    rows.push({ name, label: LABELS[name], files, minified: sum('minified'), gzip: sum('gzip'), brotli: sum('brotli'), gzipToOurs: 0 });
  };
  add('flex-checkout', [ours]);
  for (const name of ['adyen', 'braintree', 'bare'] as const) add(name, (await bundle(name)).map(measure));
  for (const row of rows) row.gzipToOurs = Math.round(ratio(row.gzip, rows[0]!.gzip) * 1000) / 1000;

  const version = (pkg: string) => (JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  const versions = Object.fromEntries(
    ['@adyen/adyen-web', 'braintree-web-drop-in', 'lit', 'zustand', '@stripe/stripe-js', 'vite'].map((pkg) => [pkg, version(pkg)]),
  );
  const table: Row[] = rows.map((row) => ({
    what: `size: ${row.label}`,
    figure: `${kb(row.gzip)} gzip · ${kb(row.brotli)} brotli · ${kb(row.minified)} min`,
    ratio: row.name === 'flex-checkout' ? 'baseline' : `${formatRatio(row.gzipToOurs)} ours (gzip)`,
    runs: `1 build (${row.files.map((f) => basename(f.file)).join(' + ')})`,
  }));
  // The parts flex-checkout.js loads when a checkout needs them, from beside itself: not in the
  // file a page loads, so not in its row, but what an in-page (or a Spanish) checkout adds.
  const parts = elementParts().map((part) => ({ name: part.name, size: measure(part.path) }));
  for (const part of parts) {
    const which = part.name.includes('.in-page.')
      ? 'the in-page steps, loaded for an in-page session'
      : part.name.includes('.hosted.')
        ? 'the hosted step, loaded for a hosted session'
        : 'Spanish, loaded for a Spanish page';
    table.push({
      what: `size: flex-checkout part: ${which}`,
      figure: `${kb(part.size.gzip)} gzip · ${kb(part.size.brotli)} brotli · ${kb(part.size.minified)} min`,
      ratio: `${formatRatio(ratio(part.size.gzip, ours.gzip))} ours (gzip)`,
      runs: `1 build (${part.name})`,
    });
  }
  // What each checkout loads in all: the file and the part its first step needs.
  for (const [key, kind] of [
    ['.in-page.', 'in-page'],
    ['.hosted.', 'hosted'],
  ] as const) {
    const part = parts.find((p) => p.name.includes(key));
    if (!part) continue;
    table.push({
      what: `size: flex-checkout, all ${kind === 'in-page' ? 'an in-page' : 'a hosted'} checkout loads (the file + its ${kind} part)`,
      figure: `${kb(ours.gzip + part.size.gzip)} gzip · ${kb(ours.brotli + part.size.brotli)} brotli`,
      ratio: `${formatRatio(ratio(ours.gzip + part.size.gzip, ours.gzip))} ours (gzip)`,
      runs: '1 build',
    });
  }
  return { machine: machine(), at: new Date().toISOString(), rows: table, warnings, data: { rows, versions } };
}
