// The worker's one timer (periodic-clock.ts): the heartbeat, the stall sweep and Node's headersTimeout
// check each had an interval of their own, at their own phase, and an idle worker woke once per
// timer and period. On the clock an idle worker arms one timer at a time and wakes once per second
// for all of them (twice as often as the slowest, once per the fastest period), and tasks started at
// different moments still fall due together.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PeriodicClock, type ClockTimers } from '../../src/sys/periodic-clock.ts';

/** Fake time: timers fire in order of due time; counts how many are armed and how often one fired. */
class FakeTimers implements ClockTimers {
  time: number;
  readonly #armed = new Map<number, { at: number; run: () => void }>();
  #next = 1;
  fired = 0;
  maxArmed = 0;

  constructor(start: number) {
    this.time = start;
  }
  now(): number {
    return this.time;
  }
  setTimeout(run: () => void, ms: number): unknown {
    const id = this.#next++;
    this.#armed.set(id, { at: this.time + ms, run });
    this.maxArmed = Math.max(this.maxArmed, this.#armed.size);
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.#armed.delete(handle as number);
  }
  get armed(): number {
    return this.#armed.size;
  }
  /** Moves time on to `until`, firing due timers in order; `lateMs`: each fires this much after its due time. */
  advance(until: number, lateMs = 0): void {
    for (;;) {
      const due = [...this.#armed].sort((a, b) => a[1].at - b[1].at)[0];
      if (due === undefined || due[1].at + lateMs > until) break;
      this.#armed.delete(due[0]);
      this.time = Math.max(this.time, due[1].at + lateMs);
      this.fired++;
      due[1].run();
    }
    this.time = until;
  }
}

// An arbitrary epoch time, not on a second.
const T0 = 1_764_000_000_123;

test('an idle worker arms one timer, waking once a second for the beat, the sweep and the check', () => {
  const timers = new FakeTimers(T0);
  const clock = new PeriodicClock(timers);
  const runs = { beat: 0, sweep: 0, check: 0 };
  // As a worker starts them: the checks at listen, the beat a little later once ready.
  clock.every(1_000, () => runs.check++);
  timers.advance(T0 + 7);
  clock.every(1_000, () => runs.sweep++);
  timers.advance(T0 + 40);
  clock.every(2_000, () => runs.beat++);
  const fired = timers.fired;
  timers.advance(T0 + 40 + 10_000);
  assert.equal(timers.maxArmed, 1, 'never more than one timer armed');
  assert.equal(timers.armed, 1);
  assert.equal(timers.fired - fired, 10, 'one wake-up a second, not one per task');
  assert.deepEqual(runs, { beat: 5, sweep: 10, check: 10 });
});

test('tasks fall due on multiples of their period from the epoch, so two workers beat in the same millisecond', () => {
  const seen: number[][] = [[], []];
  for (const [i, start] of [T0, T0 + 1_377].entries()) {
    const timers = new FakeTimers(start);
    new PeriodicClock(timers).every(2_000, () => seen[i]!.push(timers.now()));
    timers.advance(T0 + 12_000);
  }
  for (const t of seen.flat()) assert.equal(t % 2_000, 0, `a beat at ${t}`);
  assert.deepEqual(seen[1], seen[0]!.slice(-seen[1]!.length));
  assert.ok(seen[1]!.length >= 5);
});

// A start on a whole second, so that the expected times read plainly.
const S = T0 - (T0 % 1_000);

test('a tick that fires late reports the lateness and does not make up missed periods', () => {
  const timers = new FakeTimers(S);
  const clock = new PeriodicClock(timers);
  const late: number[] = [];
  clock.every(1_000, (lateMs) => late.push(lateMs));
  timers.advance(S + 2_000);
  assert.deepEqual(late, [0, 0]);
  // The loop blocked for 3.5 s across the tick due at S + 3 s: one late run at S + 6.5 s ...
  timers.advance(S + 6_500, 3_500);
  assert.deepEqual(late, [0, 0, 3_500]);
  // ... then on the next multiple again, not the 3 missed ones in a row.
  timers.advance(S + 7_000);
  assert.deepEqual(late, [0, 0, 3_500, 0]);
  assert.equal(timers.now(), S + 7_000);
});

test('a task due within the slack of a tick runs in it; a stopped task never runs again', () => {
  const timers = new FakeTimers(S);
  const clock = new PeriodicClock(timers);
  const runs: string[] = [];
  clock.every(1_000, () => runs.push('a'));
  const stopB = clock.every(500, () => runs.push('b'));
  // Each timer fires 1 ms late: b at S + 501 is then re-armed for S + 1000 (not 1500), and a and b
  // run in one tick at S + 1001.
  timers.advance(S + 1_001, 1);
  assert.deepEqual(runs, ['b', 'a', 'b']);
  assert.equal(timers.fired, 2);
  stopB();
  runs.length = 0;
  timers.advance(S + 4_001);
  assert.deepEqual(runs, ['a', 'a', 'a']);
  assert.equal(timers.fired, 5);
  clock.stop();
  assert.equal(timers.armed, 0, 'nothing armed once every task stopped');
});
