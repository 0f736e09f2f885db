// The arbiter decides: how many workers, when to spawn, replace, retire or kill one, how a reload
// and a stop proceed. It acts only through the port (processes, timers), the listener pool, the
// logger and the hooks, and it sees the world only as MasterEvents, one at a time.
//
// A reload is a transaction (docs/reload.md): read and validate the new config, plan it by reload
// class, open new listeners, boot the next generation next to the current one (in batches), and
// only when every new worker is ready retire the old ones. Any failure before that point destroys
// the new generation and leaves the current one serving as if nothing had happened.

import type { ResolvedConfig } from '../config/resolved-config.ts';
import { formatError } from '../errors/report.ts';
import { isTsgunError } from '../errors/tsgun-error.ts';
import { runHook } from '../hooks/run-hook.ts';
import type { BoundListener, WireError, WorkerMessage } from '../ipc/messages.ts';
import type { Logger } from '../log/logger.ts';
import { assertNever } from '../util/assert-never.ts';
import type { MasterEvent, ReloadOutcome } from './events.ts';
import { workerEnvOf, type Generation } from './generation.ts';
import type { MasterPort } from './port.ts';
import { planReload, type ReloadTrigger } from './reload-plan.ts';
import { WorkerHandle } from './worker-handle.ts';

export type ArbiterState = 'starting' | 'running' | 'stopping' | 'stopped';

/** Crash-loop backoff: the first respawn is immediate, then 250 ms doubling up to 30 s. */
export function backoffDelay(failures: number): number {
  return failures <= 1 ? 0 : Math.min(250 * 2 ** (failures - 2), 30_000);
}
/** A worker that served this long before dying is a fresh failure, not part of a loop. */
const STABLE_MS = 10_000;
const CRASH_LOOP_AT = 3;
/** After the graceful deadline the worker gets SIGKILL; this margin lets it finish its own cut-off first. */
const KILL_MARGIN_MS = 2_000;
const FAST_STOP_MS = 2_000;
/** How often heartbeats are checked against `timeout`. */
const LIVENESS_MS = 250;
/**
 * A master that handles nothing for longer than one check interval plus this did not run (stopped,
 * a VM pause, swap, its queue held by a slow await): the excess is its own stall, not the workers'.
 */
const STALL_SLACK_MS = LIVENESS_MS;
/** A stall this long is worth a `master.stalled` line. */
const STALL_LOG_MS = 1_000;
/** What an aborted worker gets to run workerAbort before SIGKILL. */
const ABORT_GRACE_MS = 500;
const METRICS_LOG_MS = 10_000;

/** What the arbiter needs from the outside world beyond processes and timers. */
export interface ArbiterOptions {
  readonly config: ResolvedConfig;
  readonly listeners: readonly BoundListener[];
  readonly port: MasterPort;
  readonly logger: Logger;
  /** The directory tsgun was started in: paths in reported errors are shown relative to it. */
  readonly cwd: string;
  /** The master's environment; each generation adds its config's `env`. */
  readonly baseEnv: Readonly<Record<string, string | undefined>>;
  /** The directory workers run in (after `chdir`). */
  readonly workerCwd: string;
  /** Re-reads and validates the config (fresh import). Throws a TsgunError when it is invalid. */
  readonly readConfig: () => Promise<ResolvedConfig>;
  /** Opens (or reuses) the listeners for a config's binds; throws TSG_BIND. */
  readonly acquireListeners: (config: ResolvedConfig) => Promise<BoundListener[]>;
  /** Closes every listener not in use; returns the closed ones' addresses. */
  readonly retainListeners: (inUse: readonly BoundListener[]) => string[];
  /** Called after a reload committed (or a live config change applied). */
  readonly onConfigChanged?: ((config: ResolvedConfig) => void) | undefined;
  /** Called once, when every worker is gone after a stop; the master then cleans up and exits. */
  readonly onStopped: (exitCode: number) => Promise<void>;
  /** Called for USR1 before the workers are told (the master reopens its own log). */
  readonly onReopenLogs: () => void;
}

interface Reload {
  readonly trigger: ReloadTrigger;
  readonly replies: ((outcome: ReloadOutcome) => void)[];
  readonly startedAt: number;
  /** The generation being booted, once the config is read and the listeners are open. */
  generation: Generation | null;
  /** The worker count the new generation aims at (the new config's, or what TTIN/TTOU made it). */
  target: number;
}

interface QueuedReload {
  trigger: ReloadTrigger;
  readonly replies: ((outcome: ReloadOutcome) => void)[];
}

/** The code, and the very text `tsgun check` prints for the same error (paths relative to `cwd`). */
function wireReason(error: unknown, cwd: string): { code: string; reason: string } {
  const code = isTsgunError(error) ? error.code : 'TSG_INTERNAL';
  return { code, reason: formatError(error, cwd).trimEnd() };
}

export class Arbiter {
  #state: ArbiterState = 'starting';
  readonly #options: ArbiterOptions;
  readonly #workers = new Map<number, WorkerHandle>();
  readonly #generations = new Map<number, Generation>();
  readonly #failures = new Map<number, number>();
  readonly #respawns = new Map<number, () => void>();
  #current: Generation;
  #target: number;
  #lastGeneration = 1;
  #reload: Reload | null = null;
  #queued: QueuedReload | null = null;
  #announcedReady = false;
  #nextKey = 1;
  #fast = false;
  #stopTimer: (() => void) | null = null;
  /** The periodic checks (heartbeats, metrics log): cancelled at stop, or they would hold the master open. */
  readonly #periodic = new Map<'liveness' | 'metrics', () => void>();
  /** When the master last handled an event (port.now()), to notice its own stalls. */
  #lastHandled = 0;
  /** The time the master itself could not run, in total since start. */
  #stalledMs = 0;
  /** #stalledMs as it was when each worker was spawned, then at its latest heartbeat. */
  readonly #stallMarks = new WeakMap<WorkerHandle, number>();

  constructor(options: ArbiterOptions) {
    this.#options = options;
    this.#current = { number: 1, config: options.config, listeners: options.listeners, workerEnv: workerEnvOf(options.baseEnv, options.config) };
    this.#generations.set(1, this.#current);
    this.#target = options.config.settings.workers;
  }

  get state(): ArbiterState {
    return this.#state;
  }

  /** The serving generation's config: master hooks and timeouts come from it. */
  get config(): ResolvedConfig {
    return this.#current.config;
  }

  get generation(): number {
    return this.#current.number;
  }

  /** Workers by state, for tests and status. */
  get workers(): readonly WorkerHandle[] {
    return [...this.#workers.values()];
  }

  get #log(): Logger {
    return this.#options.logger;
  }

  get #settings() {
    return this.#current.config.settings;
  }

  #hook(name: string, ...args: unknown[]) {
    const config = this.#current.config;
    const hook = (config.settings as unknown as Record<string, ((...a: never[]) => unknown) | undefined>)[name];
    return runHook(name, hook, args, { timeoutMs: config.ms.hookTimeout, logger: this.#log });
  }

  async start(): Promise<void> {
    this.#state = 'running';
    this.#lastHandled = this.#options.port.now();
    this.#periodic.set('liveness', this.#options.port.setTimer(LIVENESS_MS, 'liveness', {}));
    this.#periodic.set('metrics', this.#options.port.setTimer(METRICS_LOG_MS, 'metrics', {}));
    for (let id = 1; id <= this.#target; id++) await this.#spawn(id, this.#current);
  }

  async handle(event: MasterEvent): Promise<void> {
    this.#noticeStall();
    switch (event.type) {
      case 'signal':
        return this.#onSignal(event.signal);
      case 'reload':
        return this.#requestReload(event.trigger, event.reply);
      case 'worker-message':
        return this.#onMessage(event.key, event.message);
      case 'worker-exit':
        return this.#onExit(event.key, event.code, event.signal);
      case 'timer':
        return this.#onTimer(event);
      default:
        return assertNever(event);
    }
  }

  async #spawn(id: number, generation: Generation): Promise<void> {
    if (this.#state !== 'running') return;
    await this.#hook('preFork', { id, pid: 0, generation: generation.number }, { config: generation.config });
    const key = this.#nextKey++;
    const child = this.#options.port.spawnWorker({
      key,
      payload: { id, generation: generation.number, config: generation.config },
      env: generation.workerEnv,
      cwd: this.#options.workerCwd,
      listeners: generation.listeners,
    });
    const worker = new WorkerHandle(key, id, generation.number, child, this.#options.port.now());
    this.#workers.set(key, worker);
    this.#stallMarks.set(worker, this.#stalledMs);
    // The generation's own bootTimeout: a release that boots slowly may have raised it.
    worker.addTimer(this.#options.port.setTimer(generation.config.ms.bootTimeout, 'boot-timeout', { key }));
    this.#log.info({ event: 'worker.spawned', worker: id, pid: worker.pid, generation: generation.number }, `worker ${id} spawned (pid ${worker.pid})`);
  }

  /** Workers of `generation` that are booting or serving and not on their way out. */
  #live(generation: number): WorkerHandle[] {
    return this.workers.filter((w) => w.generation === generation && w.isLive);
  }

  #isNext(generation: number): boolean {
    return this.#reload?.generation?.number === generation;
  }

  async #onMessage(key: number, message: WorkerMessage): Promise<void> {
    const worker = this.#workers.get(key);
    if (worker === undefined) return;
    switch (message.type) {
      case 'ready': {
        const now = this.#options.port.now();
        if (!worker.markReady(now)) return;
        this.#stallMarks.set(worker, this.#stalledMs);
        this.#log.info({ event: 'worker.ready', ...worker.logFields, bootMs: now - worker.spawnedAt }, `worker ${worker.id} ready`);
        if (this.#state !== 'running') {
          // A stop began while it booted: it gets the same drain as everyone else.
          worker.stop(this.#fast, this.#current.config.ms.gracefulTimeout);
          return;
        }
        await this.#afterReady(worker);
        return;
      }
      case 'boot-failed':
        this.#log.error(
          { event: 'worker.boot-failed', ...worker.logFields, code: message.error.code, reason: message.error.reason, stack: message.error.stack },
          `worker ${worker.id} failed to boot: ${message.error.message}`,
        );
        worker.bootFailed(message.error);
        if (this.#isNext(worker.generation)) await this.#rollback(`worker ${worker.id} of generation ${worker.generation} failed to boot: ${message.error.message}`, message.error);
        return;
      case 'heartbeat':
        worker.heartbeat(this.#options.port.now(), message.metrics);
        this.#stallMarks.set(worker, this.#stalledMs);
        if (message.metrics !== null) await this.#checkMemory(worker);
        return;
      case 'recycle':
        this.#log.warn({ event: 'worker.recycle-requested', worker: worker.id, pid: worker.pid, reason: message.reason }, `worker ${worker.id} asked to be replaced: ${message.reason}`);
        await this.#replace(worker, message.reason);
        return;
      default:
        return assertNever(message);
    }
  }

  async #afterReady(worker: WorkerHandle): Promise<void> {
    // A replacement (recycle) is ready: the worker it replaces may now drain.
    for (const old of this.workers) {
      if (old.replacedBy === worker.key) this.#drain(old, 'replaced');
    }
    if (this.#isNext(worker.generation)) {
      await this.#advanceReload();
      return;
    }
    if (!this.#announcedReady && this.#current.number === worker.generation && this.#live(this.#current.number).filter((w) => w.state === 'ready').length >= this.#target) {
      this.#announcedReady = true;
      this.#log.info({ event: 'server.ready', workers: this.#target, generation: this.#current.number }, 'all workers ready');
      await this.#hook('whenReady', { config: this.#current.config });
    }
  }

  async #onExit(key: number, code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    const worker = this.#workers.get(key);
    if (worker === undefined) return;
    const wasReady = worker.readyAt !== null;
    const planned = worker.exitReason !== null;
    worker.transition('exited');
    this.#workers.delete(key);
    this.#log[planned || this.#state !== 'running' ? 'info' : 'warn'](
      { event: 'worker.exited', ...worker.logFields, code, signal, reason: worker.exitCause },
      `worker ${worker.id} exited (${signal ?? `code ${code}`})`,
    );
    await this.#hook('childExit', { ...worker.info, code, signal });
    this.#forgetIdleGenerations();

    if (this.#state === 'stopping') {
      if (this.#workers.size === 0) await this.#finishStop();
      return;
    }
    if (this.#state !== 'running' || planned) return;

    if (this.#isNext(worker.generation)) {
      const why = worker.bootTimedOut
        ? `did not report ready within bootTimeout (${this.#reload!.generation!.config.settings.bootTimeout} s)`
        : worker.bootError !== null
          ? `failed to boot: ${worker.bootError.message}`
          : `exited during boot (${signal ?? `code ${code}`})`;
      await this.#rollback(`worker ${worker.id} of generation ${worker.generation} ${why}`, worker.bootError ?? undefined);
      return;
    }
    // A replacement that was booting for it no longer replaces anything: it just fills the slot.
    for (const w of this.workers) {
      if (w.replacedBy !== key) continue;
      w.replaceWith(null);
      // A rolled-back worker kept serving only until its old-generation successor was up.
      if (w.generation !== this.#current.number && !this.#isNext(w.generation)) this.#drain(w, 'rolled-back');
    }
    if (worker.generation !== this.#current.number) return;
    const stable = wasReady && worker.readyAt !== null && this.#options.port.now() - worker.readyAt >= STABLE_MS;
    const failures = stable ? 1 : (this.#failures.get(worker.id) ?? 0) + 1;
    this.#failures.set(worker.id, failures);
    // TTOU retires the oldest worker, so the slots left need not be 1..workers: a crash is refilled
    // into the lowest free slot, never lost because its own number is above the target.
    const slot = worker.id <= this.#target ? worker.id : this.#freeSlot();
    if (slot !== null) {
      this.#failures.set(slot, failures);
      this.#scheduleRespawn(slot, failures);
    }
  }

  /** The lowest slot within the target with no live worker of the current generation and no respawn due. */
  #freeSlot(): number | null {
    const used = new Set(this.#live(this.#current.number).map((w) => w.id));
    for (let id = 1; id <= this.#target; id++) if (!used.has(id) && !this.#respawns.has(id)) return id;
    return null;
  }

  #scheduleRespawn(id: number, failures: number): void {
    if (id > this.#target || this.#respawns.has(id)) return;
    if (this.#live(this.#current.number).some((w) => w.id === id)) return;
    const delayMs = backoffDelay(failures);
    if (failures >= CRASH_LOOP_AT) {
      this.#log.error({ event: 'worker.crash-loop', worker: id, failures, delayMs }, `worker ${id} failed ${failures} times in a row; next spawn in ${delayMs} ms`);
    }
    this.#respawns.set(id, this.#options.port.setTimer(delayMs, 'respawn', { slot: id }));
  }

  async #onTimer(event: Extract<MasterEvent, { type: 'timer' }>): Promise<void> {
    switch (event.kind) {
      case 'respawn': {
        const id = event.slot!;
        this.#respawns.delete(id);
        if (this.#state === 'running' && id <= this.#target && !this.#live(this.#current.number).some((w) => w.id === id)) {
          await this.#spawn(id, this.#current);
        }
        return;
      }
      case 'boot-timeout': {
        const worker = this.#workers.get(event.key!);
        if (worker === undefined || worker.state !== 'booting') return;
        const config = this.#generations.get(worker.generation)?.config ?? this.#current.config;
        const bootTimeout = config.settings.bootTimeout;
        // Its `ready` may be waiting in the pipe, unread while the master was stalled: boot time is
        // counted in time the master ran. (A drain deadline needs no such care: the worker keeps its own.)
        const stalled = this.#stalledSince(worker);
        const left = config.ms.bootTimeout - (this.#options.port.now() - worker.spawnedAt - stalled);
        if (stalled > 0 && left > 0) {
          worker.addTimer(this.#options.port.setTimer(left, 'boot-timeout', { key: worker.key }));
          return;
        }
        this.#log.error(
          { event: 'worker.boot-timeout', ...worker.logFields, bootTimeout },
          `worker ${worker.id} did not become ready within ${bootTimeout} s; killing it`,
        );
        worker.killForBootTimeout();
        return;
      }
      case 'drain-deadline': {
        const worker = this.#workers.get(event.key!);
        if (worker === undefined || worker.state === 'exited') return;
        this.#log.warn({ event: 'worker.killed', ...worker.logFields }, `worker ${worker.id} outlived its graceful deadline; SIGKILL`);
        worker.kill();
        return;
      }
      case 'liveness':
        if (this.#state !== 'running') return;
        this.#periodic.set('liveness', this.#options.port.setTimer(LIVENESS_MS, 'liveness', {}));
        await this.#checkHeartbeats();
        return;
      case 'metrics':
        if (this.#state !== 'running') return;
        this.#periodic.set('metrics', this.#options.port.setTimer(METRICS_LOG_MS, 'metrics', {}));
        this.#log.debug({ event: 'workers.metrics', workers: this.workers.map((w) => ({ worker: w.id, pid: w.pid, generation: w.generation, state: w.state, ...w.metrics })) }, 'worker metrics');
        return;
      case 'abort-grace': {
        const worker = this.#workers.get(event.key!);
        if (worker === undefined || worker.state === 'exited') return;
        worker.kill();
        return;
      }
      case 'stop-deadline':
        for (const worker of this.#workers.values()) {
          this.#log.warn({ event: 'worker.killed', ...worker.logFields }, `worker ${worker.id} still running at the stop deadline; SIGKILL`);
          worker.kill();
        }
        return;
      default:
        return assertNever(event.kind);
    }
  }

  /**
   * Counts the time since the previous event beyond one liveness interval (plus slack) as the
   * master's own stall. After a stall libuv runs the due timers before it reads the pipes, so the
   * heartbeats the workers sent meanwhile are still unread when the liveness check runs: measured
   * silence then includes time the master could not listen, and a 10 s SIGSTOP killed every
   * healthy worker on SIGCONT (issue 14). Silence and boot time leave that time out.
   */
  #noticeStall(): void {
    const now = this.#options.port.now();
    const stalled = now - this.#lastHandled - LIVENESS_MS - STALL_SLACK_MS;
    this.#lastHandled = now;
    // Only while running: the liveness timer is what guarantees an event every interval.
    if (this.#state !== 'running' || stalled <= 0) return;
    this.#stalledMs += stalled;
    if (stalled >= STALL_LOG_MS) {
      this.#log.warn({ event: 'master.stalled', stalledMs: stalled }, `the master was stalled for ${stalled} ms (stopped, paused, swapping or busy); worker silence and boot time leave it out`);
    }
  }

  /** The master's own stall since the worker's mark (its spawn, or its latest heartbeat). */
  #stalledSince(worker: WorkerHandle): number {
    return this.#stalledMs - (this.#stallMarks.get(worker) ?? this.#stalledMs);
  }

  /**
   * `timeout`: a worker whose event loop has been silent that long is stuck. Its replacement boots
   * at once (the slot is never counted empty while we wait), and the stuck one gets a short grace
   * to run workerAbort (it cannot, if its loop is still blocked) before SIGKILL. Silence is counted
   * in time the master ran: a master that was stalled has simply not read the heartbeats yet.
   */
  async #checkHeartbeats(): Promise<void> {
    const timeoutMs = this.#current.config.ms.timeout;
    if (timeoutMs <= 0) return;
    const now = this.#options.port.now();
    for (const worker of this.workers) {
      if (worker.state !== 'ready' || worker.lastHeartbeat === null || worker.exitReason !== null) continue;
      const masterStalledMs = this.#stalledSince(worker);
      const silentMs = now - worker.lastHeartbeat - masterStalledMs;
      if (silentMs <= timeoutMs) continue;
      this.#log.error(
        { event: 'worker.timeout', ...worker.logFields, silentMs, masterStalledMs, timeout: this.#settings.timeout },
        `worker ${worker.id} (pid ${worker.pid}, generation ${worker.generation}) silent for ${silentMs} ms; killing it`,
      );
      worker.abort();
      worker.addTimer(this.#options.port.setTimer(ABORT_GRACE_MS, 'abort-grace', { key: worker.key }));
      const generation = this.#generations.get(worker.generation);
      if (generation !== undefined && (generation === this.#current || this.#isNext(generation.number))) await this.#spawn(worker.id, generation);
    }
  }

  /** `maxMemory`: a worker past the limit is replaced new-before-old, like maxRequests. */
  async #checkMemory(worker: WorkerHandle): Promise<void> {
    const limit = this.#current.config.maxMemoryBytes;
    if (limit === null || worker.metrics === null || worker.metrics.rss <= limit) return;
    if (worker.state !== 'ready' || worker.exitReason !== null || worker.replacedBy !== null) return;
    this.#log.warn({ event: 'worker.memory-exceeded', ...worker.logFields, rss: worker.metrics.rss, limit }, `worker ${worker.id} uses ${worker.metrics.rss} bytes (limit ${limit}); replacing it`);
    await this.#replace(worker, 'max-memory');
  }

  /** Graceful retirement of one worker: it stops accepting and finishes what it has. */
  #drain(worker: WorkerHandle, reason: string): void {
    const timeoutMs = this.#current.config.ms.gracefulTimeout;
    if (!worker.drain(reason, timeoutMs)) return;
    worker.addTimer(this.#options.port.setTimer(timeoutMs + KILL_MARGIN_MS, 'drain-deadline', { key: worker.key }));
    this.#log.info({ event: 'worker.draining', ...worker.logFields, reason }, `worker ${worker.id} draining (${reason})`);
  }

  /** Replaces one worker new-before-old: the successor boots, and only once it is ready the old one drains. */
  async #replace(worker: WorkerHandle, reason: string): Promise<void> {
    if (worker.state !== 'ready' || worker.exitReason !== null || worker.replacedBy !== null) return;
    const generation = this.#generations.get(worker.generation);
    if (generation === undefined) return;
    worker.replaceWith(this.#nextKey);
    this.#log.info({ event: 'worker.replacing', worker: worker.id, pid: worker.pid, reason }, `replacing worker ${worker.id}`);
    await this.#spawn(worker.id, generation);
  }

  async #onSignal(signal: NodeJS.Signals): Promise<void> {
    this.#log.info({ event: 'signal.received', signal }, `received ${signal}`);
    switch (signal) {
      case 'SIGTERM':
        return this.#stop(false);
      case 'SIGINT':
      case 'SIGQUIT':
        return this.#stop(true);
      case 'SIGHUP':
        return this.#requestReload('signal', undefined);
      case 'SIGTTIN':
        return this.#scale(this.#target + 1);
      case 'SIGTTOU':
        return this.#scale(this.#target - 1);
      case 'SIGUSR1':
        // The master's file first: a worker that reopens the errorLog must find the new file there.
        this.#options.onReopenLogs();
        for (const worker of this.#workers.values()) worker.reopenLogs();
        this.#log.info({ event: 'logs.reopened' }, 'log files reopened');
        return;
      default:
        this.#log.debug({ event: 'signal.ignored', signal }, `ignored ${signal}`);
    }
  }

  /**
   * TTIN/TTOU and a live `workers` change. During a reload both generations follow: the current one
   * at once, the next one through its target, so that the count after the commit is what was asked.
   */
  async #scale(next: number): Promise<void> {
    if (this.#state !== 'running') return;
    if (next < 1) {
      this.#log.warn({ event: 'workers.scale-refused', workers: this.#target }, 'refusing to go below one worker');
      return;
    }
    const previous = this.#target;
    if (next === previous) return;
    this.#target = next;
    if (this.#reload !== null) this.#reload.target = Math.max(1, this.#reload.target + (next - previous));
    this.#log.info({ event: 'workers.scaled', workers: next, previous }, `workers: ${previous} -> ${next}`);
    await this.#hook('nworkersChanged', next, previous, { config: this.#current.config });
    const live = this.#live(this.#current.number);
    if (next > live.length) {
      const used = new Set(live.map((w) => w.id));
      for (let id = 1; used.size < next; id++) {
        if (used.has(id)) continue;
        used.add(id);
        if (this.#respawns.has(id)) continue; // a respawn for this slot is already scheduled
        await this.#spawn(id, this.#current);
      }
    } else {
      const oldest = [...live].sort((a, b) => a.spawnedAt - b.spawnedAt || a.key - b.key);
      for (const worker of oldest.slice(0, live.length - next)) this.#drain(worker, 'scaled-down');
    }
    for (const [id, cancel] of this.#respawns) {
      if (id > next) {
        cancel();
        this.#respawns.delete(id);
      }
    }
    if (this.#reload?.generation !== null && this.#reload !== null) await this.#advanceReload();
  }

  // ---- reload ---------------------------------------------------------------------------------

  async #requestReload(trigger: ReloadTrigger, reply: ((outcome: ReloadOutcome) => void) | undefined): Promise<void> {
    const replies = reply === undefined ? [] : [reply];
    if (this.#state !== 'running') {
      for (const r of replies) r({ ok: false, generation: null, code: 'TSG_RELOAD_FAILED', reason: 'tsgun is shutting down' });
      return;
    }
    if (this.#reload !== null) {
      // Coalesced: one more reload after this one, whatever number of requests came meanwhile.
      if (this.#queued === null) this.#queued = { trigger, replies };
      else {
        this.#queued.replies.push(...replies);
        if (trigger !== 'watch') this.#queued.trigger = trigger;
      }
      this.#log.info({ event: 'reload.queued', trigger }, 'a reload is in progress; another will follow it');
      return;
    }
    await this.#beginReload(trigger, replies);
  }

  async #beginReload(trigger: ReloadTrigger, replies: ((outcome: ReloadOutcome) => void)[]): Promise<void> {
    const reload: Reload = { trigger, replies, startedAt: this.#options.port.now(), generation: null, target: this.#target };
    this.#reload = reload;
    const previous = this.#current.config;
    this.#log.info({ event: 'reload.started', trigger, generation: this.#current.number }, `reload started (${trigger})`);

    let next: ResolvedConfig;
    try {
      next = await this.#options.readConfig();
    } catch (error) {
      const { code, reason } = wireReason(error, this.#options.cwd);
      return this.#endReload({ ok: false, generation: null, code, reason: `the new config is invalid; nothing changed.\n${reason}` }, error);
    }
    if (this.#state !== 'running') return this.#endReload({ ok: false, generation: null, code: 'TSG_RELOAD_FAILED', reason: 'tsgun began shutting down' });

    const plan = planReload(previous, next, trigger);
    if (plan.refused.length > 0) {
      const names = plan.refused.join(', ');
      return this.#endReload({
        ok: false,
        generation: null,
        code: 'TSG_RELOAD_REFUSED',
        reason: `the new config changes ${names}, which only a restart of tsgun can apply; nothing changed`,
      });
    }
    const number = this.#lastGeneration + 1;
    const hook = await this.#hook('onReload', { config: next, previous, generation: number });
    if (!hook.ok) return this.#endReload({ ok: false, generation: null, code: 'TSG_HOOK', reason: `the onReload hook failed: ${hook.error.message}` });

    if (!plan.newGeneration) {
      // Only live settings changed (a config-file save): apply them in place.
      this.#current = { ...this.#current, config: next };
      this.#generations.set(this.#current.number, this.#current);
      if (next.settings.logLevel !== previous.settings.logLevel) {
        for (const worker of this.workers) if (worker.generation === this.#current.number) worker.setLogLevel(next.settings.logLevel);
      }
      this.#options.onConfigChanged?.(next);
      const durationMs = this.#options.port.now() - reload.startedAt;
      this.#log.info(
        { event: 'reload.committed', trigger, generation: this.#current.number, durationMs, newGeneration: false, changed: plan.changes.map((c) => c.setting) },
        `reload applied in place: ${plan.changes.map((c) => c.setting).join(', ') || 'no setting changed'}`,
      );
      await this.#endReload({ ok: true, generation: this.#current.number, durationMs, newGeneration: false });
      if (next.settings.workers !== previous.settings.workers) await this.#scale(next.settings.workers);
      return;
    }

    let listeners: BoundListener[];
    try {
      listeners = await this.#options.acquireListeners(next);
    } catch (error) {
      const { code, reason } = wireReason(error, this.#options.cwd);
      this.#retainListeners();
      return this.#endReload({ ok: false, generation: null, code, reason: `cannot open the new listeners; nothing changed.\n${reason}` }, error);
    }
    if (this.#state !== 'running') {
      this.#retainListeners();
      return this.#endReload({ ok: false, generation: null, code: 'TSG_RELOAD_FAILED', reason: 'tsgun began shutting down' });
    }
    this.#lastGeneration = number;
    const generation: Generation = { number, config: next, listeners, workerEnv: workerEnvOf(this.#options.baseEnv, next) };
    this.#generations.set(number, generation);
    reload.generation = generation;
    // TTIN/TTOU adjustments survive a reload, unless the new config changes `workers` itself.
    reload.target = next.settings.workers !== previous.settings.workers ? next.settings.workers : this.#target;
    this.#log.info(
      { event: 'reload.booting', generation: number, workers: reload.target, batch: this.#batchSize(reload), changed: plan.changes.map((c) => c.setting) },
      `booting generation ${number}`,
    );
    await this.#advanceReload();
  }

  #batchSize(reload: Reload): number {
    const batch = reload.generation?.config.settings.reloadBatch ?? 0;
    return batch <= 0 ? reload.target : Math.min(batch, reload.target);
  }

  /** Spawns the next batch, retires as many old workers as new ones are ready, and commits at the end. */
  async #advanceReload(): Promise<void> {
    const reload = this.#reload;
    if (reload === null || reload.generation === null || this.#state !== 'running') return;
    const generation = reload.generation;
    const spawned = this.#live(generation.number);
    const ready = spawned.filter((w) => w.state === 'ready');
    // Old workers go only as new ones are ready: capacity never dips below the target.
    const old = this.workers
      .filter((w) => w.generation < generation.number && w.isLive)
      .sort((a, b) => a.spawnedAt - b.spawnedAt || a.key - b.key);
    if (ready.length >= reload.target) {
      await this.#commit(reload, generation);
      return;
    }
    // A batch is done when all of it is ready: only then do old workers make room for it, so a
    // failing first batch (the canary) leaves the old generation untouched.
    if (ready.length < spawned.length) return;
    const retire = old.length - (reload.target - ready.length);
    for (const worker of old.slice(0, Math.max(0, retire))) this.#drain(worker, 'reloaded');
    if (spawned.length < reload.target) {
      const used = new Set(spawned.map((w) => w.id));
      let toSpawn = Math.min(this.#batchSize(reload), reload.target - spawned.length);
      for (let id = 1; toSpawn > 0; id++) {
        if (used.has(id)) continue;
        used.add(id);
        toSpawn--;
        await this.#spawn(id, generation);
      }
    }
  }

  async #commit(reload: Reload, generation: Generation): Promise<void> {
    const previous = this.#current;
    for (const worker of this.workers) {
      if (worker.generation < generation.number && (worker.state === 'booting' || worker.state === 'ready')) {
        if (worker.state === 'booting') {
          worker.kill('reloaded');
        } else this.#drain(worker, 'reloaded');
      }
    }
    for (const cancel of this.#respawns.values()) cancel();
    this.#respawns.clear();
    this.#failures.clear();
    this.#current = generation;
    const previousTarget = this.#target;
    this.#target = reload.target;
    this.#announcedReady = true;
    this.#options.onConfigChanged?.(generation.config);
    const durationMs = this.#options.port.now() - reload.startedAt;
    this.#log.info(
      { event: 'reload.committed', trigger: reload.trigger, generation: generation.number, previous: previous.number, durationMs, newGeneration: true, workers: this.#target },
      `generation ${generation.number} is serving (reload took ${durationMs} ms)`,
    );
    this.#retainListeners();
    await this.#endReload({ ok: true, generation: generation.number, durationMs, newGeneration: true });
    if (previousTarget !== this.#target) await this.#hook('nworkersChanged', this.#target, previousTarget, { config: generation.config });
  }

  async #rollback(reason: string, error?: WireError): Promise<void> {
    const reload = this.#reload;
    if (reload === null || reload.generation === null) return;
    const failed = reload.generation;
    // Old workers already retired by an earlier batch are replaced from the old generation. Until
    // each replacement is ready, a ready worker of the failed generation keeps serving in its place,
    // so that a rollback in a later batch does not dip below the target either.
    const live = new Set(this.#live(this.#current.number).map((w) => w.id));
    const missing: number[] = [];
    for (let id = 1; id <= this.#target; id++) if (!live.has(id) && !this.#respawns.has(id)) missing.push(id);
    const stand: WorkerHandle[] = [];
    for (const worker of this.workers) {
      if (worker.generation !== failed.number || worker.state === 'exited' || worker.state === 'draining') continue;
      if (worker.state === 'ready') {
        if (stand.length < missing.length) stand.push(worker);
        else this.#drain(worker, 'rolled-back');
      } else {
        // A worker that reported its boot failure is exiting by itself, flushing the log lines that
        // say why; it gets a moment before SIGKILL. One still booting is killed now.
        if (worker.bootError !== null) {
          worker.markExiting('rolled-back');
          worker.addTimer(this.#options.port.setTimer(ABORT_GRACE_MS * 4, 'abort-grace', { key: worker.key }));
        } else worker.kill('rolled-back');
      }
    }
    for (const id of missing) {
      const standIn = stand.shift();
      if (standIn !== undefined) standIn.replaceWith(this.#nextKey);
      await this.#spawn(id, this.#current);
    }
    await this.#endReload({ ok: false, generation: failed.number, code: error?.code.startsWith('TSG_') ? error.code : 'TSG_RELOAD_FAILED', reason: `${reason}; generation ${this.#current.number} keeps serving` }, error);
  }

  async #endReload(outcome: ReloadOutcome, error?: unknown): Promise<void> {
    const reload = this.#reload;
    if (reload === null) return;
    this.#reload = null;
    if (!outcome.ok) {
      const wire = error as Partial<WireError> | undefined;
      this.#log.error(
        {
          event: 'reload.rolled-back',
          trigger: reload.trigger,
          generation: outcome.generation,
          serving: this.#current.number,
          code: outcome.code,
          reason: outcome.reason,
          ...(wire?.reason === undefined ? {} : { failure: wire.reason }),
          ...(wire?.stack === undefined ? {} : { stack: wire.stack }),
        },
        `reload rolled back: ${outcome.reason}`,
      );
      this.#forgetIdleGenerations();
      this.#retainListeners();
    }
    for (const reply of reload.replies) reply(outcome);
    const queued = this.#queued;
    this.#queued = null;
    if (queued !== null && this.#state === 'running') await this.#beginReload(queued.trigger, queued.replies);
  }

  /** Generations with no worker left, other than the current and the booting one, are forgotten. */
  #forgetIdleGenerations(): void {
    for (const number of this.#generations.keys()) {
      if (number === this.#current.number || this.#isNext(number)) continue;
      if (!this.workers.some((w) => w.generation === number)) this.#generations.delete(number);
    }
    this.#retainListeners();
  }

  /** Closes listeners that no generation with workers (or about to have them) still uses. */
  #retainListeners(): void {
    const inUse = [...this.#generations.values()].flatMap((g) => g.listeners);
    const closed = this.#options.retainListeners(inUse);
    for (const address of closed) this.#log.info({ event: 'listener.closed', address }, `closed listener ${address}`);
  }

  // ---- stop -----------------------------------------------------------------------------------

  async #stop(fast: boolean): Promise<void> {
    if (this.#state === 'stopped') return;
    if (this.#state === 'stopping' && (!fast || this.#fast)) return;
    const escalate = this.#state === 'stopping';
    this.#state = 'stopping';
    this.#fast = fast;
    this.#log.info({ event: 'shutdown.started', mode: fast ? 'fast' : 'graceful', workers: this.#workers.size }, fast ? 'fast shutdown' : 'graceful shutdown');
    for (const cancel of this.#respawns.values()) cancel();
    this.#respawns.clear();
    for (const cancel of this.#periodic.values()) cancel();
    this.#periodic.clear();
    if (this.#reload !== null) {
      const queued = this.#queued;
      this.#queued = null;
      for (const reply of queued?.replies ?? []) reply({ ok: false, generation: null, code: 'TSG_RELOAD_FAILED', reason: 'tsgun began shutting down' });
      await this.#endReload({ ok: false, generation: this.#reload.generation?.number ?? null, code: 'TSG_RELOAD_FAILED', reason: 'tsgun began shutting down' });
    }
    const graceMs = this.#current.config.ms.gracefulTimeout;
    for (const worker of this.#workers.values()) {
      worker.stop(fast, graceMs);
    }
    this.#stopTimer?.();
    this.#stopTimer = this.#options.port.setTimer(fast ? FAST_STOP_MS : graceMs + KILL_MARGIN_MS, 'stop-deadline', {});
    if (this.#workers.size === 0 && !escalate) await this.#finishStop();
  }

  async #finishStop(): Promise<void> {
    if (this.#state === 'stopped') return;
    this.#state = 'stopped';
    this.#stopTimer?.();
    await this.#hook('onExit', { config: this.#current.config });
    await this.#options.onStopped(0);
  }
}
