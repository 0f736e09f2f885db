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
import type { MasterEvent, ReloadOutcome, TimerEvent } from './events.ts';
import { Generation, workerEnvOf } from './generation.ts';
import type { MasterPort } from './port.ts';
import { reconcile, type Member, type ReconcileView } from './reconcile.ts';
import { planReload, type ReloadTrigger } from './reload-plan.ts';
import { SIGNAL_ACTIONS, type MasterSignal } from './signals.ts';
import { KILL_MARGIN_MS, Watchdog } from './watchdog.ts';
import { WorkerHandle } from './worker-handle.ts';

export type ArbiterState = 'starting' | 'running' | 'stopping' | 'stopped';

const FAST_STOP_MS = 2_000;

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
  /** A reply for a reload no client waits on (HUP): it records the outcome for `tsgun reload` in pidfile mode. */
  readonly recordReload?: (() => (outcome: ReloadOutcome) => void) | undefined;
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

function member(worker: WorkerHandle): Member {
  return { key: worker.key, id: worker.id, state: worker.state === 'ready' ? 'ready' : 'booting', spawnedAt: worker.spawnedAt, replacing: worker.replacing !== null };
}

export class Arbiter {
  #state: ArbiterState = 'starting';
  readonly #options: ArbiterOptions;
  readonly #port: MasterPort;
  readonly #log: Logger;
  readonly #watchdog: Watchdog;
  readonly #generations = new Map<number, Generation>();
  #current: Generation;
  #target: number;
  #lastGeneration = 1;
  #reload: Reload | null = null;
  #queued: QueuedReload | null = null;
  #announcedReady = false;
  #nextKey = 1;
  #fast = false;
  #stopTimer: (() => void) | null = null;

  constructor(options: ArbiterOptions) {
    this.#options = options;
    this.#port = options.port;
    this.#log = options.logger;
    this.#watchdog = new Watchdog(options.port, options.logger);
    this.#current = new Generation(1, options.config, options.listeners, workerEnvOf(options.baseEnv, options.config));
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

  /** Every worker process of every generation, for tests and status. */
  get workers(): readonly WorkerHandle[] {
    return [...this.#generations.values()].flatMap((g) => g.workers);
  }

  #find(key: number): { worker: WorkerHandle; generation: Generation } | undefined {
    for (const generation of this.#generations.values()) {
      const worker = generation.worker(key);
      if (worker !== undefined) return { worker, generation };
    }
    return undefined;
  }

  #hook(name: string, ...args: unknown[]) {
    const config = this.#current.config;
    const hook = (config.settings as unknown as Record<string, ((...a: never[]) => unknown) | undefined>)[name];
    return runHook(name, hook, args, { timeoutMs: config.ms.hookTimeout, logger: this.#log });
  }

  async start(): Promise<void> {
    this.#state = 'running';
    this.#watchdog.start();
    await this.#reconcile();
  }

  async handle(event: MasterEvent): Promise<void> {
    this.#watchdog.noticeStall(this.#state === 'running');
    await this.#dispatch(event);
    await this.#reconcile();
    await this.#announce();
  }

  async #dispatch(event: MasterEvent): Promise<void> {
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

  // ---- reconcile ------------------------------------------------------------------------------

  #view(): ReconcileView {
    const next = this.#reload?.generation ?? null;
    return {
      current: { number: this.#current.number, members: this.#current.live.map(member), target: this.#target },
      respawning: this.#watchdog.respawning,
      owed: this.#watchdog.owed,
      next: next === null || this.#reload === null ? null : { number: next.number, members: next.live.map(member), target: this.#reload.target, batch: this.#batchSize(this.#reload) },
      others: [...this.#generations.values()].filter((g) => g !== this.#current && g !== next).flatMap((g) => g.live.map(member)),
    };
  }

  /** After every event, spawns, respawns later, cancels or drains until the workers are what they should be. */
  async #reconcile(): Promise<void> {
    // A commit makes another generation the serving one: the next round reconciles that one.
    for (let round = 0; round < 4 && this.#state === 'running'; round++) {
      let committed = false;
      for (const step of reconcile(this.#view())) {
        switch (step.kind) {
          case 'spawn': {
            const generation = this.#generations.get(step.generation);
            if (generation !== undefined) await this.#spawn(step.id, generation);
            break;
          }
          case 'respawn-later':
            this.#watchdog.respawnLater(step.id);
            break;
          case 'cancel-respawn':
            this.#watchdog.cancelRespawn(step.id);
            break;
          case 'drain': {
            const found = this.#find(step.key);
            if (found !== undefined) this.#drain(found.worker, step.reason);
            break;
          }
          case 'commit':
            committed = true;
            await this.#commit();
            break;
          default:
            assertNever(step);
        }
      }
      if (!committed) break;
    }
    this.#watchdog.settleOwed();
  }

  /** `server.ready` (and whenReady) once, when the first generation has all its workers ready. */
  async #announce(): Promise<void> {
    if (this.#announcedReady || this.#state !== 'running') return;
    if (this.#current.live.filter((w) => w.state === 'ready').length < this.#target) return;
    this.#announcedReady = true;
    this.#log.info({ event: 'server.ready', workers: this.#target, generation: this.#current.number }, 'all workers ready');
    await this.#hook('whenReady', { config: this.#current.config });
  }

  async #spawn(id: number, generation: Generation): Promise<void> {
    if (this.#state !== 'running') return;
    await this.#hook('preFork', { id, pid: 0, generation: generation.number }, { config: generation.config });
    const key = this.#nextKey++;
    const child = this.#port.spawnWorker({
      key,
      payload: { id, generation: generation.number, config: generation.config },
      env: generation.workerEnv,
      cwd: this.#options.workerCwd,
      listeners: generation.listeners,
    });
    const worker = new WorkerHandle(key, id, generation.number, child, this.#port.now());
    generation.add(worker);
    this.#watchdog.spawned(worker, generation.config.ms.bootTimeout);
    this.#log.info({ event: 'worker.spawned', ...worker.logFields }, `worker ${id} spawned (pid ${worker.pid})`);
  }

  /** Graceful retirement of one worker: it stops accepting and finishes what it has. */
  #drain(worker: WorkerHandle, reason: string): void {
    const timeoutMs = this.#current.config.ms.gracefulTimeout;
    if (!worker.drain(reason, timeoutMs)) return;
    this.#watchdog.drainDeadline(worker, timeoutMs);
    this.#log.info({ event: 'worker.draining', ...worker.logFields, reason }, `worker ${worker.id} draining (${reason})`);
  }

  /** Replaces one worker new-before-old: reconcile boots its successor, which drains it once ready. */
  #replace(worker: WorkerHandle, reason: string): void {
    if (!worker.markReplacing(reason)) return;
    this.#log.info({ event: 'worker.replacing', worker: worker.id, pid: worker.pid, reason }, `replacing worker ${worker.id}`);
  }

  #isNext(generation: number): boolean {
    return this.#reload?.generation?.number === generation;
  }

  // ---- worker events --------------------------------------------------------------------------

  async #onMessage(key: number, message: WorkerMessage): Promise<void> {
    const worker = this.#find(key)?.worker;
    if (worker === undefined) return;
    switch (message.type) {
      case 'ready': {
        const now = this.#port.now();
        if (!worker.markReady(now)) return;
        this.#watchdog.alive(worker);
        this.#log.info({ event: 'worker.ready', ...worker.logFields, bootMs: now - worker.spawnedAt }, `worker ${worker.id} ready`);
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
        worker.heartbeat(this.#port.now(), message.metrics);
        this.#watchdog.alive(worker);
        if (message.metrics !== null && this.#watchdog.overMemory(worker, this.#current.config.maxMemoryBytes)) this.#replace(worker, 'max-memory');
        return;
      case 'recycle':
        this.#log.warn({ event: 'worker.recycle-requested', worker: worker.id, pid: worker.pid, reason: message.reason }, `worker ${worker.id} asked to be replaced: ${message.reason}`);
        this.#replace(worker, message.reason);
        return;
      default:
        return assertNever(message);
    }
  }

  async #onExit(key: number, code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    const found = this.#find(key);
    if (found === undefined) return;
    const { worker, generation } = found;
    const planned = worker.exitReason !== null;
    worker.transition('exited');
    generation.remove(key);
    this.#log[planned || this.#state !== 'running' ? 'info' : 'warn'](
      { event: 'worker.exited', ...worker.logFields, code, signal, reason: worker.exitCause },
      `worker ${worker.id} exited (${signal ?? `code ${code}`})`,
    );
    await this.#hook('childExit', { ...worker.info, code, signal });
    this.#forgetIdleGenerations();

    if (this.#state === 'stopping') {
      if (this.workers.length === 0) await this.#finishStop();
      return;
    }
    if (this.#state !== 'running' || planned) return;
    if (this.#isNext(worker.generation)) {
      const why = worker.bootTimedOut
        ? `did not report ready within bootTimeout (${generation.config.settings.bootTimeout} s)`
        : worker.bootError !== null
          ? `failed to boot: ${worker.bootError.message}`
          : `exited during boot (${signal ?? `code ${code}`})`;
      await this.#rollback(`worker ${worker.id} of generation ${worker.generation} ${why}`, worker.bootError ?? undefined);
    } else if (generation === this.#current) {
      this.#watchdog.crashed(worker);
    }
  }

  async #onTimer(event: TimerEvent): Promise<void> {
    switch (event.kind) {
      case 'respawn':
        this.#watchdog.respawnDue(event.slot);
        return;
      case 'boot-timeout': {
        const found = this.#find(event.key);
        if (found === undefined || found.worker.state !== 'booting') return;
        const { config } = found.generation;
        if (this.#watchdog.bootOverdue(found.worker, config.ms.bootTimeout, config.settings.bootTimeout)) found.worker.killForBootTimeout();
        return;
      }
      case 'drain-deadline': {
        const worker = this.#find(event.key)?.worker;
        if (worker === undefined || worker.state === 'exited') return;
        this.#log.warn({ event: 'worker.killed', ...worker.logFields }, `worker ${worker.id} outlived its graceful deadline; SIGKILL`);
        worker.kill();
        return;
      }
      case 'abort-grace':
        this.#find(event.key)?.worker.kill();
        return;
      case 'liveness': {
        if (this.#state !== 'running') return;
        this.#watchdog.rearm('liveness');
        const { config } = this.#current;
        for (const worker of this.#watchdog.stuck(this.workers, config.ms.timeout, config.settings.timeout)) {
          // Its replacement boots at once (reconcile): the slot is never counted empty while it goes.
          worker.abort();
          this.#watchdog.abortGrace(worker);
        }
        return;
      }
      case 'metrics':
        if (this.#state !== 'running') return;
        this.#watchdog.rearm('metrics');
        this.#log.debug({ event: 'workers.metrics', workers: this.workers.map((w) => ({ worker: w.id, pid: w.pid, generation: w.generation, state: w.state, ...w.metrics })) }, 'worker metrics');
        return;
      case 'stop-deadline':
        for (const worker of this.workers) {
          this.#log.warn({ event: 'worker.killed', ...worker.logFields }, `worker ${worker.id} still running at the stop deadline; SIGKILL`);
          worker.kill();
        }
        return;
      default:
        return assertNever(event);
    }
  }

  // ---- signals and scaling --------------------------------------------------------------------

  async #onSignal(signal: MasterSignal): Promise<void> {
    this.#log.info({ event: 'signal.received', signal }, `received ${signal}`);
    const action = SIGNAL_ACTIONS[signal];
    switch (action) {
      case 'stop':
        return this.#stop(false);
      case 'fast-stop':
        return this.#stop(true);
      case 'reload':
        return this.#requestReload('signal', this.#options.recordReload?.());
      case 'scale-up':
        return this.#scale(this.#target + 1);
      case 'scale-down':
        return this.#scale(this.#target - 1);
      case 'reopen-logs':
        // The master's file first: a worker that reopens the errorLog must find the new file there.
        this.#options.onReopenLogs();
        for (const worker of this.workers) worker.reopenLogs();
        this.#log.info({ event: 'logs.reopened' }, 'log files reopened');
        return;
      case 'ignore':
        this.#log.debug({ event: 'signal.ignored', signal }, `ignored ${signal}`);
        return;
      default:
        return assertNever(action);
    }
  }

  /**
   * TTIN/TTOU and a live `workers` change: the target moves and reconcile does the rest. During a
   * reload both generations follow, so that the count after the commit is what was asked.
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
    const reload: Reload = { trigger, replies, startedAt: this.#port.now(), generation: null, target: this.#target };
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
      this.#current = this.#current.withConfig(next);
      this.#generations.set(this.#current.number, this.#current);
      if (next.settings.logLevel !== previous.settings.logLevel) {
        for (const worker of this.#current.workers) worker.setLogLevel(next.settings.logLevel);
      }
      this.#options.onConfigChanged?.(next);
      const durationMs = this.#port.now() - reload.startedAt;
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
    const generation = new Generation(number, next, listeners, workerEnvOf(this.#options.baseEnv, next));
    this.#generations.set(number, generation);
    reload.generation = generation;
    // TTIN/TTOU adjustments survive a reload, unless the new config changes `workers` itself.
    reload.target = next.settings.workers !== previous.settings.workers ? next.settings.workers : this.#target;
    this.#log.info(
      { event: 'reload.booting', generation: number, workers: reload.target, batch: this.#batchSize(reload), changed: plan.changes.map((c) => c.setting) },
      `booting generation ${number}`,
    );
  }

  #batchSize(reload: Reload): number {
    const batch = reload.generation?.config.settings.reloadBatch ?? 0;
    return batch <= 0 ? reload.target : Math.min(batch, reload.target);
  }

  async #commit(): Promise<void> {
    const reload = this.#reload;
    const generation = reload?.generation;
    if (reload === null || generation === undefined || generation === null) return;
    const previous = this.#current;
    for (const old of this.#generations.values()) {
      if (old.number >= generation.number) continue;
      for (const worker of old.workers) {
        if (worker.state === 'booting') worker.kill('reloaded');
        else if (worker.state === 'ready') this.#drain(worker, 'reloaded');
      }
    }
    this.#watchdog.resetBackoff();
    this.#current = generation;
    const previousTarget = this.#target;
    this.#target = reload.target;
    this.#announcedReady = true;
    this.#options.onConfigChanged?.(generation.config);
    const durationMs = this.#port.now() - reload.startedAt;
    this.#log.info(
      { event: 'reload.committed', trigger: reload.trigger, generation: generation.number, previous: previous.number, durationMs, newGeneration: true, workers: this.#target },
      `generation ${generation.number} is serving (reload took ${durationMs} ms)`,
    );
    this.#retainListeners();
    await this.#endReload({ ok: true, generation: generation.number, durationMs, newGeneration: true });
    if (previousTarget !== this.#target) await this.#hook('nworkersChanged', this.#target, previousTarget, { config: generation.config });
  }

  /**
   * Destroys the generation being booted: its booting workers go (one that reported its boot
   * failure gets a moment to flush the log lines that say why), its ready ones stand in only until
   * the serving generation's slots retired by an earlier batch are back (reconcile).
   */
  async #rollback(reason: string, error?: WireError): Promise<void> {
    const failed = this.#reload?.generation;
    if (failed === undefined || failed === null) return;
    for (const worker of failed.workers) {
      if (worker.state !== 'booting' || worker.exitReason !== null) continue;
      if (worker.bootError === null) worker.kill('rolled-back');
      else {
        worker.markExiting('rolled-back');
        this.#watchdog.exitGrace(worker);
      }
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
    }
    for (const reply of reload.replies) reply(outcome);
    const queued = this.#queued;
    this.#queued = null;
    if (queued !== null && this.#state === 'running') await this.#beginReload(queued.trigger, queued.replies);
  }

  /** Generations with no worker left, other than the current and the booting one, are forgotten. */
  #forgetIdleGenerations(): void {
    for (const [number, generation] of this.#generations) {
      if (generation === this.#current || this.#isNext(number)) continue;
      if (generation.size === 0) this.#generations.delete(number);
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
    const workers = this.workers;
    this.#log.info({ event: 'shutdown.started', mode: fast ? 'fast' : 'graceful', workers: workers.length }, fast ? 'fast shutdown' : 'graceful shutdown');
    this.#watchdog.stop();
    if (this.#reload !== null) {
      const queued = this.#queued;
      this.#queued = null;
      for (const reply of queued?.replies ?? []) reply({ ok: false, generation: null, code: 'TSG_RELOAD_FAILED', reason: 'tsgun began shutting down' });
      await this.#endReload({ ok: false, generation: this.#reload.generation?.number ?? null, code: 'TSG_RELOAD_FAILED', reason: 'tsgun began shutting down' });
    }
    const graceMs = this.#current.config.ms.gracefulTimeout;
    for (const worker of workers) worker.stop(fast, graceMs);
    this.#stopTimer?.();
    this.#stopTimer = this.#port.setTimer(fast ? FAST_STOP_MS : graceMs + KILL_MARGIN_MS, { kind: 'stop-deadline' });
    if (workers.length === 0 && !escalate) await this.#finishStop();
  }

  async #finishStop(): Promise<void> {
    if (this.#state === 'stopped') return;
    this.#state = 'stopped';
    this.#stopTimer?.();
    await this.#hook('onExit', { config: this.#current.config });
    await this.#options.onStopped(0);
  }
}
