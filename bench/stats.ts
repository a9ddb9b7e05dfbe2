/** Summary statistics for a list of timings (milliseconds). */
export interface Summary {
  runs: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

/** The value below which `p` percent of the sorted samples fall (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('percentile of no samples');
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    runs: sorted.length,
    median: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    min: round(sorted[0]!),
    max: round(sorted.at(-1)!),
  };
}

/** `a / b`: every ratio in the report is taken between figures of one run. */
export const ratio = (a: number, b: number) => a / b;

/** A ratio for people: two significant digits below 1 (0.054×), two decimals above (6.15×). */
export const formatRatio = (r: number) => `${r < 1 ? r.toPrecision(2) : r.toFixed(2)}×`;
