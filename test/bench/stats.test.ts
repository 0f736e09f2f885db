// The benchmarks' summaries (bench/stats.ts): the median, and the interval they print around it.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { median, medianInterval } from '../../bench/stats.ts';

test('median: the middle value, or the mean of the two middle ones', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
});

test('medianInterval: ranks from the binomial distribution, with the coverage they give', () => {
  // n = 16: P(B ≤ 3) = 697/65536, so ranks 4 and 13 cover 97.9 %; ranks 5 and 12 would cover 92.3 % only.
  const xs = Array.from({ length: 16 }, (_, i) => 16 - i);
  const interval = medianInterval(xs);
  assert.deepEqual({ low: interval?.low, high: interval?.high }, { low: 4, high: 13 });
  assert.ok(Math.abs(interval!.coverage - (1 - (2 * 697) / 65536)) < 1e-12);
  // n = 6: only the extremes, at 1 − 2/64 = 96.9 %.
  const six = medianInterval([6, 5, 4, 3, 2, 1]);
  assert.deepEqual({ low: six?.low, high: six?.high }, { low: 1, high: 6 });
  assert.ok(Math.abs(six!.coverage - 62 / 64) < 1e-12);
  // n = 5 reaches 1 − 2/32 = 93.75 % at most: no 95 % interval, but a 90 % one.
  assert.equal(medianInterval([1, 2, 3, 4, 5]), null);
  assert.deepEqual(medianInterval([1, 2, 3, 4, 5], 0.9), { low: 1, high: 5, coverage: 1 - 2 / 32 });
});
