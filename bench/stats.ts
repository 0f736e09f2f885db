// The summaries the benchmarks print.

/** The middle value; for an even count, the mean of the two middle ones. */
export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return NaN;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * A distribution-free confidence interval for the median of `xs` (at least `confidence`, 0.95 by
 * default): the k-th smallest and k-th largest values, k the largest rank for which fewer than k of
 * n values fall below the true median with probability ≤ (1 − confidence) / 2 (each value is below
 * it with probability ½, so that count is binomial). No assumption on the shape of the noise: on a
 * shared machine one round in six lands 30 % off, and a mean ± deviation would take it as normal.
 * null when n is too small for the confidence asked (5 values reach 94 % at most).
 */
export function medianInterval(xs: readonly number[], confidence = 0.95): { low: number; high: number; coverage: number } | null {
  const n = xs.length;
  const sorted = [...xs].sort((a, b) => a - b);
  let best: { k: number; coverage: number } | null = null;
  // term: P(Binomial(n, ½) = k − 1), then cdf: P(Binomial(n, ½) ≤ k − 1), one rank at a time.
  let term = 0.5 ** n;
  let cdf = 0;
  for (let k = 1; k <= Math.floor(n / 2); k++) {
    cdf += term;
    if (1 - 2 * cdf < confidence) break;
    best = { k, coverage: 1 - 2 * cdf };
    term = (term * (n - k + 1)) / k;
  }
  return best === null ? null : { low: sorted[best.k - 1]!, high: sorted[n - best.k]!, coverage: best.coverage };
}

/** `median (95 % CI low–high)` of ratios, as the benchmarks print them; the interval is left out below 6 rounds. */
export function medianWithInterval(xs: readonly number[], digits = 3): string {
  const interval = medianInterval(xs);
  const m = median(xs).toFixed(digits);
  return interval === null ? `${m} (too few rounds for a 95 % interval)` : `${m} (95 % CI ${interval.low.toFixed(digits)}–${interval.high.toFixed(digits)})`;
}
