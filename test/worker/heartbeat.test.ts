// The heartbeat's delay sampler (issue 13, item 3): Node's delay histogram wakes the loop every
// 10 ms, 100 wake-ups a second in a worker that serves nothing. It samples only while the loop works.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IDLE_ELU, LoopDelay, type DelayHistogram } from '../../src/worker/heartbeat.ts';

/** A histogram that records its switches; samples are set by the test, in ns. */
class FakeHistogram implements DelayHistogram {
  samples: number[] = [];
  switches: string[] = [];
  enabled = false;

  get count(): number {
    return this.samples.length;
  }
  get max(): number {
    return Math.max(0, ...this.samples);
  }
  percentile(p: number): number {
    const sorted = [...this.samples].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  }
  enable(): boolean {
    this.switches.push('enable');
    const was = this.enabled;
    this.enabled = true;
    return !was;
  }
  disable(): boolean {
    this.switches.push('disable');
    const was = this.enabled;
    this.enabled = false;
    return was;
  }
  reset(): void {
    this.samples = [];
  }
}

const ms = (n: number): number => n * 1e6;

test('a busy loop is sampled: p99 and max of the period, then the histogram starts afresh', () => {
  const h = new FakeHistogram();
  const delay = new LoopDelay(h);
  assert.equal(h.enabled, true, 'sampling from the start');
  h.samples = [ms(1), ms(2), ms(40)];
  assert.deepEqual(delay.period(0.5, 0.3), { p99: 40, max: 40 });
  assert.equal(h.count, 0);
  assert.deepEqual(h.switches, ['enable'], 'left on while busy');
});

test('an idle period turns sampling off (no 10 ms wake-ups); a busy one turns it on again', () => {
  const h = new FakeHistogram();
  const delay = new LoopDelay(h);
  h.samples = [ms(0.1)];
  delay.period(IDLE_ELU / 2, 0);
  assert.equal(h.enabled, false);
  assert.equal(delay.sampling, false);
  // Off: nothing sampled, the figures are the beat's own lateness.
  assert.deepEqual(delay.period(IDLE_ELU / 2, 1.234), { p99: 1.23, max: 1.23 });
  assert.equal(h.enabled, false, 'still idle: still off');
  // Busy again (a request burst, or a loop blocked across the beat): on for the next period.
  assert.deepEqual(delay.period(0.9, 250), { p99: 250, max: 250 }, 'a block across the beat shows as its lateness');
  assert.equal(h.enabled, true);
  h.samples = [ms(3)];
  assert.deepEqual(delay.period(0.9, 0), { p99: 3, max: 3 });
  assert.deepEqual(h.switches, ['enable', 'disable', 'enable']);
});

test('the max of a sampled period is never below the beat lateness', () => {
  const h = new FakeHistogram();
  const delay = new LoopDelay(h);
  h.samples = [ms(1)];
  assert.deepEqual(delay.period(0.2, 12), { p99: 1, max: 12 });
});
