import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

/** Per-pixel colour distance pixelmatch forgives (anti-aliasing is ignored by it too). */
const THRESHOLD = 0.1;
/** The share of pixels that may still differ: a glyph's edge, not a changed word. */
export const MAX_DIFF_RATIO = 0.001;

export interface Comparison {
  /** Why they differ; null when they match within the tolerance. */
  problem: string | null;
  /** The differences drawn in red over a faded copy (absent when the sizes differ). */
  diff: Buffer | null;
}

/** Compares two PNG screenshots with pixelmatch. */
export function comparePngs(expected: Buffer, actual: Buffer): Comparison {
  const a = PNG.sync.read(expected);
  const b = PNG.sync.read(actual);
  if (a.width !== b.width || a.height !== b.height) {
    return { problem: `size ${b.width}×${b.height}, the baseline is ${a.width}×${a.height}`, diff: null };
  }
  const diff = new PNG({ width: a.width, height: a.height });
  const differing = pixelmatch(a.data, b.data, diff.data, a.width, a.height, { threshold: THRESHOLD });
  const ratio = differing / (a.width * a.height);
  return {
    problem: ratio > MAX_DIFF_RATIO ? `${differing} pixels differ (${(ratio * 100).toFixed(2)} %, at most ${MAX_DIFF_RATIO * 100} % may)` : null,
    diff: PNG.sync.write(diff),
  };
}
