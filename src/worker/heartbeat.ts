// The worker's heartbeat. It comes from the event loop itself: a loop stuck in a `while (true)`
// sends none, and the master kills the worker after `timeout`. Each beat carries memory and
// event-loop figures.

import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { WorkerMetrics } from '../ipc/messages.ts';

const HEARTBEAT_MS = 500;

/** Beats every 500 ms until the process exits (the timer does not keep it alive). */
export function startHeartbeat(beat: (metrics: WorkerMetrics) => void, requests: () => number): void {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let lastElu = performance.eventLoopUtilization();
  setInterval(() => {
    const elu = performance.eventLoopUtilization(lastElu);
    lastElu = performance.eventLoopUtilization();
    const memory = process.memoryUsage();
    const metrics: WorkerMetrics = {
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      elu: Math.round(elu.utilization * 1000) / 1000,
      delayP99Ms: Math.round(delay.percentile(99) / 1e4) / 100,
      delayMaxMs: Math.round(delay.max / 1e4) / 100,
      requests: requests(),
    };
    delay.reset();
    beat(metrics);
  }, HEARTBEAT_MS).unref();
}
