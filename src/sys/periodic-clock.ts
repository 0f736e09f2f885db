// One timer for a process's periodic work. In a worker: the heartbeat, the stall sweep (bodyTimeout,
// sendTimeout) and Node's own check of its HTTP servers' headersTimeout, which each had an interval
// armed at its own moment, so an idle worker woke once per timer and period (measured: 1.5 to 1.8
// wake-ups a second; a bare node:cluster worker 0.1). Here every task falls due on multiples of its
// period counted from the epoch: tasks whose periods divide one another fall due in the same
// wake-up, and every worker's beat falls in the same millisecond, so that the master more often
// reads them all in one wake-up.

/** The clock's view of time and timers (a fake in tests). */
export interface ClockTimers {
  /** Milliseconds since the epoch, the same origin in every process. */
  now(): number;
  /** A one-shot timer that does not keep the process alive. */
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: ClockTimers = {
  now: () => performance.timeOrigin + performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * A task that falls due this close to the tick is run in it: a timer fires a little late, and a
 * task due a millisecond later would otherwise cost a wake-up of its own.
 */
const SLACK_MS = 2;

interface Task {
  readonly periodMs: number;
  /** `lateMs`: how long after its due time it ran (a loop blocked across it shows here). */
  readonly run: (lateMs: number) => void;
  due: number;
}

export class PeriodicClock {
  readonly #timers: ClockTimers;
  readonly #tasks = new Set<Task>();
  #handle: unknown = null;
  /** When the armed timer falls due (Infinity when none is armed). */
  #armedFor = Infinity;

  constructor(timers: ClockTimers = realTimers) {
    this.#timers = timers;
  }

  /** Runs `run` every `periodMs` (at least 1), from the next multiple of it; returns what stops it. */
  every(periodMs: number, run: (lateMs: number) => void): () => void {
    const period = Math.max(1, Math.round(periodMs));
    const task: Task = { periodMs: period, run, due: nextMultiple(this.#timers.now(), period) };
    this.#tasks.add(task);
    this.#arm();
    return () => {
      if (!this.#tasks.delete(task)) return;
      // Armed for this task, the timer would wake the worker for nothing: armed again for the rest.
      this.#disarm();
      this.#arm();
    };
  }

  /** How many tasks it runs (for tests and the worker's own checks). */
  get size(): number {
    return this.#tasks.size;
  }

  /** Stops every task. */
  stop(): void {
    this.#tasks.clear();
    this.#disarm();
  }

  #tick = (): void => {
    this.#handle = null;
    this.#armedFor = Infinity;
    const now = this.#timers.now();
    for (const task of [...this.#tasks]) {
      if (task.due > now + SLACK_MS || !this.#tasks.has(task)) continue;
      const late = Math.max(0, now - task.due);
      // Beats missed while the loop was blocked are not made up: the next is the next multiple.
      task.due = nextMultiple(now + SLACK_MS, task.periodMs);
      task.run(late);
    }
    this.#arm();
  };

  #arm(): void {
    let first = Infinity;
    for (const task of this.#tasks) first = Math.min(first, task.due);
    if (first === Infinity || first >= this.#armedFor) return;
    this.#disarm();
    this.#armedFor = first;
    this.#handle = this.#timers.setTimeout(this.#tick, Math.max(0, Math.ceil(first - this.#timers.now())));
  }

  #disarm(): void {
    if (this.#handle !== null) this.#timers.clearTimeout(this.#handle);
    this.#handle = null;
    this.#armedFor = Infinity;
  }
}

/** The first multiple of `period` after `t`. */
function nextMultiple(t: number, period: number): number {
  return (Math.floor(t / period) + 1) * period;
}
