// The worker's heartbeat. It comes from the event loop itself: a loop stuck in a `while (true)`
// sends none, and the master kills the worker after `timeout`. Each beat carries memory and
// event-loop figures; beats come every heartbeatInterval(timeout) (ipc/heartbeat-interval.ts), on
// the worker's one clock (sys/periodic-clock.ts) with its other periodic work.
//
// The delay histogram samples the loop on a 10 ms timer, which woke an idle worker 100 times a
// second (measured: 98 wake-ups and 11 ms CPU a second per idle worker, 4 workers on 2 cores). It
// runs only while the loop works: a beat that finds the loop idle over its period stops it, one that
// finds it busy starts it again (LoopDelay).

import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { WorkerMetrics } from '../ipc/messages.ts';
import type { PeriodicClock } from '../sys/periodic-clock.ts';

/**
 * A loop busy less than this share of a beat's period is idle: its delay is not sampled. Well above
 * what the sampler's own wake-ups cost the loop: under strace on a loaded machine, a threshold of
 * 1 % kept an idle worker's sampler on by itself.
 */
export const IDLE_ELU = 0.05;
const SAMPLE_MS = 10;

/** What LoopDelay needs of Node's IntervalHistogram (a fake in tests). */
export interface DelayHistogram {
  readonly count: number;
  readonly max: number;
  percentile(p: number): number;
  enable(): boolean;
  disable(): boolean;
  reset(): void;
}

const ms = (ns: number): number => Math.round(ns / 1e4) / 100;

/**
 * The event-loop delay of one beat's period, sampled only while the loop is busy. A period with no
 * sample (the loop was idle, or just woke) reports the beat's own lateness, which a loop blocked
 * across the beat shows too.
 */
export class LoopDelay {
  readonly #histogram: DelayHistogram;
  #sampling = true;

  constructor(histogram: DelayHistogram) {
    this.#histogram = histogram;
    histogram.enable();
  }

  get sampling(): boolean {
    return this.#sampling;
  }

  /** The period's p99 and max (ms); then sampling for the next period follows its ELU. */
  period(elu: number, lateMs: number): { p99: number; max: number } {
    const h = this.#histogram;
    const late = Math.round(lateMs * 100) / 100;
    const figures = h.count > 0 ? { p99: ms(h.percentile(99)), max: Math.max(ms(h.max), late) } : { p99: late, max: late };
    h.reset();
    const busy = elu >= IDLE_ELU;
    if (busy !== this.#sampling) {
      if (busy) h.enable();
      else h.disable();
      this.#sampling = busy;
    }
    return figures;
  }
}

/**
 * Beats every `intervalMs` on the worker's clock (sys/periodic-clock.ts: one timer for the worker's
 * periodic work, which keeps no process alive) until the returned function stops it.
 */
export function startHeartbeat(beat: (metrics: WorkerMetrics) => void, requests: () => number, intervalMs: number, clock: PeriodicClock): () => void {
  const delay = new LoopDelay(monitorEventLoopDelay({ resolution: SAMPLE_MS }));
  let lastElu = performance.eventLoopUtilization();
  return clock.every(intervalMs, (lateMs) => {
    const elu = performance.eventLoopUtilization(lastElu);
    lastElu = performance.eventLoopUtilization();
    const memory = process.memoryUsage();
    const { p99, max } = delay.period(elu.utilization, lateMs);
    beat({
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      elu: Math.round(elu.utilization * 1000) / 1000,
      delayP99Ms: p99,
      delayMaxMs: max,
      requests: requests(),
    });
  });
}
