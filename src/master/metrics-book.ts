// The master's books behind its Prometheus metrics (metrics.ts): the request counts the workers
// report (totals per worker, merged), the workers' exits by reason and the reloads by outcome.
// Counters stay monotonic across worker restarts and reloads: a worker's last totals move into a
// "retired" sum when it exits, and a report that arrives after its exit (the pipe is read after
// the exit was reaped) adds only what it has beyond those. Pure: no prom-client, no process.

import { REQUEST_DURATION_BUCKETS, STATUS_CLASSES, type RequestStats } from '../ipc/messages.ts';
import type { ReloadOutcome } from './events.ts';

/** A worker as its exit is classified: the handle's fields that say why it went. */
export interface LeavingWorker {
  readonly key: number;
  readonly exitReason: string | null;
  readonly replacing: string | null;
  readonly bootTimedOut: boolean;
  readonly bootError: unknown;
}

/**
 * The reasons `tsgun_worker_exits_total` counts, each present from the start at 0 (a counter that
 * appears only on its first increment hides the first event from `rate()`).
 */
export const EXIT_REASONS = [
  'crashed',
  'boot-failed',
  'boot-timeout',
  'timed-out',
  'max-requests',
  'max-memory',
  'unhandled-rejection',
  'replaced',
  'reloaded',
  'rolled-back',
  'scaled-down',
  'shutdown',
  'other',
] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];

export const RELOAD_OUTCOMES = ['committed', 'rolled-back'] as const;

/** Reports of this many exited workers are kept for a report that comes after the exit. */
const GONE_KEPT = 256;

/** What a recycle reason (the worker's own words) and the master's exit reasons become: a bounded label set. */
export function exitReasonOf(worker: LeavingWorker): ExitReason {
  const named: Record<string, ExitReason> = {
    'max-requests': 'max-requests',
    'max-memory': 'max-memory',
    'unhandled promise rejection': 'unhandled-rejection',
    'timed-out': 'timed-out',
    replaced: 'replaced',
    reloaded: 'reloaded',
    'rolled-back': 'rolled-back',
    'scaled-down': 'scaled-down',
    shutdown: 'shutdown',
  };
  // A replaced worker went because of what asked for its successor (max-requests, memory, recycle).
  if (worker.exitReason === 'replaced' && worker.replacing !== null) return named[worker.replacing] ?? 'replaced';
  // A reload's worker that failed its own boot is why the reload was rolled back: counted as what it did.
  if (worker.exitReason === null || worker.exitReason === 'rolled-back') {
    if (worker.bootTimedOut) return 'boot-timeout';
    if (worker.bootError !== null) return 'boot-failed';
  }
  return worker.exitReason === null ? 'crashed' : (named[worker.exitReason] ?? 'other');
}

/** Merged request counts of every worker, past and present. */
export interface RequestTotals {
  readonly byClass: readonly number[];
  /** Cumulative, as Prometheus buckets are: one per REQUEST_DURATION_BUCKETS bound, then +Inf (= count). */
  readonly cumulative: readonly number[];
  readonly durationSum: number;
  readonly count: number;
  /** In flight in the live workers as of their last reports. */
  readonly inFlight: number;
}

const zeroStats = (): RequestStats => ({ byClass: STATUS_CLASSES.map(() => 0), buckets: [...REQUEST_DURATION_BUCKETS.map(() => 0), 0], durationSum: 0, inFlight: 0 });

export class MetricsBook {
  readonly #live = new Map<number, RequestStats>();
  /** The last totals of exited workers, for reports that arrive after the exit. */
  readonly #gone = new Map<number, RequestStats>();
  readonly #retiredByClass: number[] = STATUS_CLASSES.map(() => 0);
  readonly #retiredBuckets: number[] = [...REQUEST_DURATION_BUCKETS.map(() => 0), 0];
  #retiredSum = 0;
  readonly #exits = new Map<ExitReason, number>(EXIT_REASONS.map((r) => [r, 0]));
  readonly #reloads = new Map<string, number>(RELOAD_OUTCOMES.map((o) => [o, 0]));

  /** A worker's report: its totals so far. */
  record(key: number, stats: RequestStats): void {
    const last = this.#gone.get(key);
    if (last === undefined) {
      this.#live.set(key, stats);
      return;
    }
    // After its exit: only what it counted beyond the totals already retired.
    this.#retire(stats, last);
    this.#gone.set(key, stats);
  }

  /** The worker exited: its totals stay counted, and it no longer has anything in flight. */
  exited(worker: LeavingWorker): void {
    const reason = exitReasonOf(worker);
    this.#exits.set(reason, (this.#exits.get(reason) ?? 0) + 1);
    const last = this.#live.get(worker.key) ?? zeroStats();
    this.#live.delete(worker.key);
    this.#retire(last, zeroStats());
    this.#gone.set(worker.key, last);
    if (this.#gone.size > GONE_KEPT) this.#gone.delete(this.#gone.keys().next().value!);
  }

  reloaded(outcome: ReloadOutcome): void {
    const label = outcome.ok ? 'committed' : 'rolled-back';
    this.#reloads.set(label, (this.#reloads.get(label) ?? 0) + 1);
  }

  #retire(stats: RequestStats, minus: RequestStats): void {
    stats.byClass.forEach((n, i) => (this.#retiredByClass[i]! += Math.max(0, n - minus.byClass[i]!)));
    stats.buckets.forEach((n, i) => (this.#retiredBuckets[i]! += Math.max(0, n - minus.buckets[i]!)));
    this.#retiredSum += Math.max(0, stats.durationSum - minus.durationSum);
  }

  get exits(): ReadonlyMap<ExitReason, number> {
    return this.#exits;
  }

  get reloads(): ReadonlyMap<string, number> {
    return this.#reloads;
  }

  requests(): RequestTotals {
    const byClass = [...this.#retiredByClass];
    const buckets = [...this.#retiredBuckets];
    let durationSum = this.#retiredSum;
    let inFlight = 0;
    for (const stats of this.#live.values()) {
      stats.byClass.forEach((n, i) => (byClass[i]! += n));
      stats.buckets.forEach((n, i) => (buckets[i]! += n));
      durationSum += stats.durationSum;
      inFlight += stats.inFlight;
    }
    let running = 0;
    const cumulative = buckets.map((n) => (running += n));
    return { byClass, cumulative, durationSum, count: running, inFlight };
  }
}
