// The master's clocks on its workers: boot timeout, heartbeats, memory, abort grace, drain deadline
// and the crash backoff of each slot. The watchdog keeps these books and arms their timers; it
// reports verdicts (this worker is stuck, that boot is overdue), and the arbiter decides what follows.
//
// Time is counted in time the master ran. After a stall (SIGSTOP, a VM pause, swap) libuv runs the
// due timers before it reads the pipes, so the heartbeats and `ready`s the workers sent meanwhile
// are still unread when the checks run: a 10 s SIGSTOP once killed every healthy worker on SIGCONT
// (issue 14). The master's own stall is left out of silence and boot time.
//
// Every check wakes the master, and with more workers than cores a wake-up takes a core from a
// worker: the checks come as often as `timeout` needs (livenessInterval), not on a fixed short period.

import type { ResolvedConfig } from '../config/resolved-config.ts';
import { heartbeatInterval } from '../ipc/heartbeat-interval.ts';
import type { Logger } from '../log/logger.ts';
import { assertNever } from '../util/assert-never.ts';
import type { Timer } from './events.ts';
import type { MasterPort } from './port.ts';
import type { WorkerHandle } from './worker-handle.ts';

/** Crash-loop backoff: the first respawn is immediate, then 250 ms doubling up to 30 s. */
export function backoffDelay(failures: number): number {
  return failures <= 1 ? 0 : Math.min(250 * 2 ** (failures - 2), 30_000);
}
/** A worker that served this long before dying is a fresh failure, not part of a loop. */
const STABLE_MS = 10_000;
const CRASH_LOOP_AT = 3;
/** After the graceful deadline the worker gets SIGKILL; this margin lets it finish its own cut-off first. */
export const KILL_MARGIN_MS = 2_000;
/** The shortest period of the liveness check: what a short `timeout` (2 s) gets. */
const LIVENESS_MIN_MS = 250;
/** The longest: a stuck worker is killed at most this long after `timeout`. */
const LIVENESS_MAX_MS = 1_000;
/**
 * How often heartbeats are checked against `timeout` (ms): an eighth of it, between 250 ms and 1 s
 * (1 s for the default 30 s, 250 ms for 2 s). With no `timeout` the check still runs at the longest
 * period: it is what gives the master an event to notice its own stalls by (boot time counts them).
 */
export function livenessInterval(timeoutMs: number): number {
  if (timeoutMs <= 0) return LIVENESS_MAX_MS;
  return Math.min(LIVENESS_MAX_MS, Math.max(LIVENESS_MIN_MS, Math.floor(timeoutMs / 8)));
}
/**
 * A master that handles nothing for longer than the shortest check interval plus this, and past
 * its pending check's due time by this, did not run (stopped, a VM pause, swap, its queue held by a
 * slow await): the excess is its own stall, not the workers'.
 */
const STALL_SLACK_MS = 250;
/** A stall this long is worth a `master.stalled` line. */
const STALL_LOG_MS = 1_000;
/** What an aborted worker gets to run workerAbort before SIGKILL. */
const ABORT_GRACE_MS = 500;
/** What a worker that reported its boot failure gets to flush the log lines that say why. */
const EXIT_GRACE_MS = 4 * ABORT_GRACE_MS;
const METRICS_LOG_MS = 10_000;

/** The timers the watchdog arms and handles: all but an effect's timeout. */
export type WatchdogTimer = Exclude<Timer, { readonly kind: 'effect-timeout' | 'reconcile' }>;

/** How the watchdog finds a worker by key, with its generation's config. */
export type FindWorker = (key: number) => { readonly worker: WorkerHandle; readonly generation: { readonly config: ResolvedConfig } } | undefined;

const FAST_STOP_MS = 2_000;

export class Watchdog {
  readonly #port: MasterPort;
  readonly #log: Logger;
  #running = false;
  #stopDeadline: (() => void) | null = null;
  /** The periodic checks (heartbeats, metrics log): cancelled at stop, or they would hold the master open. */
  readonly #periodic = new Map<'liveness' | 'metrics', () => void>();
  /** When the master last handled an event (port.now()), to notice its own stalls. */
  #lastHandled = 0;
  /** When the pending liveness check falls due: the master, unless stalled, runs by then. */
  #livenessDue = 0;
  /** The time the master itself could not run, in total since start. */
  #stalledMs = 0;
  /** #stalledMs as it was when each worker was spawned, then at its latest heartbeat. */
  readonly #stallMarks = new WeakMap<WorkerHandle, number>();
  /** The heartbeat period of each worker (ipc/heartbeat-interval.ts), from the `timeout` it was spawned with. */
  readonly #beatMs = new WeakMap<WorkerHandle, number>();
  /** Consecutive failures by slot of the serving generation. */
  readonly #failures = new Map<number, number>();
  /** Slots of the serving generation whose respawn waits for its backoff. */
  readonly #respawns = new Map<number, () => void>();
  /** Failure counts of crashes handled in this event and not yet given a slot to respawn into. */
  #owed: number[] = [];

  constructor(port: MasterPort, logger: Logger) {
    this.#port = port;
    this.#log = logger;
  }

  start(): void {
    this.#running = true;
    this.#lastHandled = this.#port.now();
    // The first check comes soon; each one then arms the next from the serving `timeout` (a live setting).
    this.#armLiveness(LIVENESS_MIN_MS);
    this.#periodic.set('metrics', this.#port.setTimer(METRICS_LOG_MS, { kind: 'metrics' }));
  }

  /**
   * A stop began: the periodic checks and respawns end (nothing of them may keep the master alive),
   * and every worker still alive at the stop deadline gets SIGKILL: `gracefulTimeout` plus the
   * margin after TERM, 2 s after INT/QUIT (again from now when INT turns a graceful stop fast).
   */
  stop(fast: boolean, gracefulMs: number): void {
    this.#running = false;
    for (const cancel of this.#periodic.values()) cancel();
    this.#periodic.clear();
    this.cancelRespawns();
    this.#stopDeadline?.();
    this.#stopDeadline = this.#port.setTimer(fast ? FAST_STOP_MS : gracefulMs + KILL_MARGIN_MS, { kind: 'stop-deadline' });
  }

  /** Every worker is gone: the stop deadline has nothing left to do. */
  stopped(): void {
    this.#stopDeadline?.();
  }

  /**
   * One of its timers fired: a boot overdue is killed (its exit counts as a boot failure), a stuck
   * worker is told to abort and killed after a grace, a drain past its deadline is killed. A
   * replacement is not its business: reconcile sees the slot empty and fills it at once.
   */
  onTimer(timer: WatchdogTimer, find: FindWorker, workers: readonly WorkerHandle[], serving: ResolvedConfig): void {
    switch (timer.kind) {
      case 'respawn':
        // Its backoff is over: the slot is free, and reconcile fills it.
        this.#respawns.delete(timer.slot);
        return;
      case 'boot-timeout': {
        const found = find(timer.key);
        if (found === undefined || found.worker.state !== 'booting') return;
        const { config } = found.generation;
        if (this.#bootOverdue(found.worker, config.ms.bootTimeout, config.settings.bootTimeout)) found.worker.killForBootTimeout();
        return;
      }
      case 'drain-deadline': {
        const worker = find(timer.key)?.worker;
        if (worker === undefined) return;
        this.#log.warn({ event: 'worker.killed', ...worker.logFields }, `worker ${worker.id} outlived its graceful deadline; SIGKILL`);
        return worker.kill();
      }
      case 'abort-grace':
        return find(timer.key)?.worker.kill();
      case 'stop-deadline':
        for (const worker of workers) {
          this.#log.warn({ event: 'worker.killed', ...worker.logFields }, `worker ${worker.id} still running at the stop deadline; SIGKILL`);
          worker.kill();
        }
        return;
      case 'liveness':
        if (!this.#running) return;
        this.#armLiveness(livenessInterval(serving.ms.timeout));
        for (const worker of this.#stuck(workers, serving.ms.timeout, serving.settings.timeout)) {
          worker.abort();
          worker.addTimer(this.#port.setTimer(ABORT_GRACE_MS, { kind: 'abort-grace', key: worker.key }));
        }
        return;
      case 'metrics':
        if (!this.#running) return;
        this.#periodic.set('metrics', this.#port.setTimer(METRICS_LOG_MS, { kind: 'metrics' }));
        this.#log.debug({ event: 'workers.metrics', workers: workers.map((w) => ({ worker: w.id, pid: w.pid, generation: w.generation, state: w.state, ...w.metrics })) }, 'worker metrics');
        return;
      default:
        return assertNever(timer);
    }
  }

  #armLiveness(ms: number): void {
    this.#livenessDue = this.#port.now() + ms;
    this.#periodic.set('liveness', this.#port.setTimer(ms, { kind: 'liveness' }));
  }

  /**
   * Called before each event. The time since the previous one beyond the shortest liveness interval
   * plus slack is the master's own stall, but never more than the time past the pending check's due
   * time beyond slack (a longer interval is no stall). Only while running: the liveness timer is what
   * guarantees an event every interval.
   */
  noticeStall(running: boolean): void {
    const now = this.#port.now();
    const stalled = Math.min(now - this.#lastHandled - LIVENESS_MIN_MS - STALL_SLACK_MS, now - this.#livenessDue - STALL_SLACK_MS);
    this.#lastHandled = now;
    if (!running || stalled <= 0) return;
    this.#stalledMs += stalled;
    if (stalled >= STALL_LOG_MS) {
      this.#log.warn({ event: 'master.stalled', stalledMs: stalled }, `the master was stalled for ${stalled} ms (stopped, paused, swapping or busy); worker silence and boot time leave it out`);
    }
  }

  /**
   * A new worker: its boot clock starts, in the generation's own bootTimeout (a slow release may have
   * raised it); it will beat at the period of the `timeout` it is spawned with.
   */
  spawned(worker: WorkerHandle, bootTimeoutMs: number, timeoutMs?: number): void {
    this.#stallMarks.set(worker, this.#stalledMs);
    if (timeoutMs !== undefined) this.#beatMs.set(worker, heartbeatInterval(timeoutMs));
    worker.addTimer(this.#port.setTimer(bootTimeoutMs, { kind: 'boot-timeout', key: worker.key }));
  }

  /** It reported ready or beat: silence is counted from here. */
  alive(worker: WorkerHandle): void {
    this.#stallMarks.set(worker, this.#stalledMs);
  }

  /**
   * Its boot timer fired. True when the boot is really overdue (logged): its `ready` may instead be
   * waiting in the pipe, unread while the master was stalled, and then the timer is armed again for
   * what is left. (A drain deadline needs no such care: the worker keeps its own.)
   */
  #bootOverdue(worker: WorkerHandle, bootTimeoutMs: number, bootTimeout: number): boolean {
    const stalled = this.#stalledSince(worker);
    const left = bootTimeoutMs - (this.#port.now() - worker.spawnedAt - stalled);
    if (stalled > 0 && left > 0) {
      worker.addTimer(this.#port.setTimer(left, { kind: 'boot-timeout', key: worker.key }));
      return false;
    }
    this.#log.error({ event: 'worker.boot-timeout', ...worker.logFields, bootTimeout }, `worker ${worker.id} did not become ready within ${bootTimeout} s; killing it`);
    return true;
  }

  /**
   * `timeout`: the ready workers whose event loop has been silent that long (logged). Silence is
   * counted in time the master ran: a master that was stalled has simply not read the heartbeats yet.
   * A worker beats at the period the `timeout` it was spawned with gave it: after a live reload
   * shortened `timeout`, it is judged on no less than two of its periods (a worker spawned since is
   * judged on `timeout` alone: two periods are less than `timeout` from 1 s on).
   */
  #stuck(workers: Iterable<WorkerHandle>, timeoutMs: number, timeout: number): WorkerHandle[] {
    if (timeoutMs <= 0) return [];
    const now = this.#port.now();
    const stuck: WorkerHandle[] = [];
    for (const worker of workers) {
      if (worker.state !== 'ready' || worker.lastHeartbeat === null || worker.exitReason !== null) continue;
      const masterStalledMs = this.#stalledSince(worker);
      const silentMs = now - worker.lastHeartbeat - masterStalledMs;
      const beatMs = this.#beatMs.get(worker) ?? heartbeatInterval(timeoutMs);
      if (silentMs <= Math.max(timeoutMs, 2 * beatMs)) continue;
      this.#log.error(
        { event: 'worker.timeout', ...worker.logFields, silentMs, masterStalledMs, timeout },
        `worker ${worker.id} (pid ${worker.pid}, generation ${worker.generation}) silent for ${silentMs} ms; killing it`,
      );
      stuck.push(worker);
    }
    return stuck;
  }

  /** `maxMemory`: whether its latest heartbeat is over the limit (logged once, while it serves unreplaced). */
  overMemory(worker: WorkerHandle, limit: number | null): boolean {
    const rss = worker.metrics?.rss;
    if (limit === null || rss === undefined || rss <= limit) return false;
    if (worker.state !== 'ready' || worker.exitReason !== null || worker.replacing !== null) return false;
    this.#log.warn({ event: 'worker.memory-exceeded', ...worker.logFields, rss, limit }, `worker ${worker.id} uses ${rss} bytes (limit ${limit}); replacing it`);
    return true;
  }

  /** A worker exiting by itself after a boot failure: SIGKILL only if it lingers. */
  exitGrace(worker: WorkerHandle): void {
    worker.addTimer(this.#port.setTimer(EXIT_GRACE_MS, { kind: 'abort-grace', key: worker.key }));
  }

  /** A draining worker gets SIGKILL if it outlives its graceful deadline. */
  drainDeadline(worker: WorkerHandle, gracefulMs: number): void {
    worker.addTimer(this.#port.setTimer(gracefulMs + KILL_MARGIN_MS, { kind: 'drain-deadline', key: worker.key }));
  }

  // ---- crash backoff ------------------------------------------------------------------------

  /** A worker of the serving generation died unasked: its slot's failure count goes on (or starts again after a stable run). */
  crashed(worker: WorkerHandle): void {
    const stable = worker.readyAt !== null && this.#port.now() - worker.readyAt >= STABLE_MS;
    const failures = stable ? 1 : (this.#failures.get(worker.id) ?? 0) + 1;
    this.#failures.set(worker.id, failures);
    this.#owed.push(failures);
  }

  /** Crashes of this event still waiting for a slot: reconcile respawns them with a backoff rather than at once. */
  get owed(): number {
    return this.#owed.length;
  }

  /** Slots whose respawn waits for its backoff: reconcile counts them as filled. */
  get respawning(): ReadonlySet<number> {
    return new Set(this.#respawns.keys());
  }

  /** Respawns `slot` after the backoff of the oldest crash owed; the slot takes over that failure count. */
  respawnLater(slot: number): void {
    const failures = this.#owed.shift() ?? 1;
    this.#failures.set(slot, failures);
    const delayMs = backoffDelay(failures);
    if (failures >= CRASH_LOOP_AT) {
      this.#log.error({ event: 'worker.crash-loop', worker: slot, failures, delayMs }, `worker ${slot} failed ${failures} times in a row; next spawn in ${delayMs} ms`);
    }
    this.#respawns.set(slot, this.#port.setTimer(delayMs, { kind: 'respawn', slot }));
  }

  cancelRespawn(slot: number): void {
    this.#respawns.get(slot)?.();
    this.#respawns.delete(slot);
  }

  cancelRespawns(): void {
    for (const cancel of this.#respawns.values()) cancel();
    this.#respawns.clear();
  }

  /** After reconcile: crashes that found no slot (the target shrank) are not carried to a later event. */
  settleOwed(): void {
    this.#owed = [];
  }

  /** A new generation serves: its slots start with a clean record. */
  resetBackoff(): void {
    this.cancelRespawns();
    this.#failures.clear();
    this.#owed = [];
  }

  /** The master's own stall since the worker's mark (its spawn, or its latest heartbeat). */
  #stalledSince(worker: WorkerHandle): number {
    return this.#stalledMs - (this.#stallMarks.get(worker) ?? this.#stalledMs);
  }
}
