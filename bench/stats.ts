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
  // P(Binomial(n, ½) ≤ j) for j = 0.., accumulated term by term: C(n, j) / 2^n.
  let term = 0.5 ** n;
  let tail = term;
  let k = 0;
  for (let j = 0; j < Math.floor(n / 2); j++) {
    if (1 - 2 * tail < confidence) break;
    k = j + 1;
    term = (term * (n - j)) / (j + 1);
    tail += term;
  }
  if (k === 0) return null;
  let below = 0;
  term = 0.5 ** n;
  for (let j = 0; j < k; j++) {
    below += term;
    term = (term * (n - j)) / (j + 1);
  }
  return { low: sorted[k - 1]!, high: sorted[n - k]!, coverage: 1 - 2 * below };
}

/** `median (95 % CI low–high)` of ratios, as the benchmarks print them; the interval is left out below 6 rounds. */
export function medianWithInterval(xs: readonly number[], digits = 3): string {
  const interval = medianInterval(xs);
  const m = median(xs).toFixed(digits);
  return interval === null ? `${m} (too few rounds for a 95 % interval)` : `${m} (95 % CI ${interval.low.toFixed(digits)}–${interval.high.toFixed(digits)})`;
}
