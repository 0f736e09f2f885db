// How often a worker beats, one rule for both sides: the worker sends at this period, and the master
// (watchdog.ts) never judges a worker on less silence than two of its periods.
//
// Each beat wakes the master; with 4 workers on 2 cores every wake-up takes a core from a worker. A
// fixed 500 ms was 8 master wake-ups a second for 4 idle workers, to watch a `timeout` of 30 s.

/** The shortest period: what a short test `timeout` (1–2 s) always had. */
export const HEARTBEAT_MIN_MS = 500;
/** The longest: the figures a beat carries (RSS for maxMemory, ELU, delay) are at most this old. */
export const HEARTBEAT_MAX_MS = 2_000;

/**
 * A fifteenth of `timeout` (ms), between 500 ms and 2 s: 2 s for the default 30 s. A loop blocked
 * for `timeout` less at most one period can be judged silent for `timeout`: 1/15 of it at most.
 * 0 (no check) beats at the longest period, for the figures.
 */
export function heartbeatInterval(timeoutMs: number): number {
  if (timeoutMs <= 0) return HEARTBEAT_MAX_MS;
  return Math.min(HEARTBEAT_MAX_MS, Math.max(HEARTBEAT_MIN_MS, Math.floor(timeoutMs / 15)));
}
