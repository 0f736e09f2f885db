// The arbiter decides: how many workers, when to spawn, replace, retire or kill one, how a restart
// and a stop proceed. It acts only through the port (processes, timers), the logger and the hooks,
// and it sees the world only as MasterEvents, one at a time.

import type { ResolvedConfig } from '../config/resolved-config.ts';
import { runHook } from '../hooks/run-hook.ts';
import type { BootPayload, WorkerMessage } from '../ipc/messages.ts';
import type { Logger } from '../log/logger.ts';
import { assertNever } from '../util/assert-never.ts';
import type { MasterEvent } from './events.ts';
import type { MasterPort } from './port.ts';
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

export interface ArbiterOptions {
  readonly config: ResolvedConfig;
  readonly port: MasterPort;
  readonly logger: Logger;
  /** The boot payload fields the arbiter does not own (config inputs). */
  readonly bootBase: Omit<BootPayload, 'id' | 'generation' | 'listeners'>;
  readonly workerEnv: Readonly<Record<string, string>>;
  /** The directory workers run in (after `chdir`). */
  readonly workerCwd: string;
  /** Called once, when every worker is gone after a stop; the master then cleans up and exits. */
  readonly onStopped: (exitCode: number) => Promise<void>;
  /** Called for USR1 after the workers were told (the master reopens its own log). */
  readonly onReopenLogs: () => void;
}

export class Arbiter {
  #state: ArbiterState = 'starting';
  readonly #options: ArbiterOptions;
  readonly #config: ResolvedConfig;
  readonly #workers = new Map<number, WorkerHandle>();
  readonly #failures = new Map<number, number>();
  readonly #respawns = new Map<number, () => void>();
  #target: number;
  #generation = 1;
  /** The generation being booted by a restart, or null. */
  #pending: number | null = null;
  #restartQueued = false;
  #announcedReady = false;
  #nextKey = 1;
  #fast = false;
  #stopTimer: (() => void) | null = null;

  constructor(options: ArbiterOptions) {
    this.#options = options;
    this.#config = options.config;
    this.#target = options.config.settings.workers;
  }

  get state(): ArbiterState {
    return this.#state;
  }

  /** Workers by state, for tests and status. */
  get workers(): readonly WorkerHandle[] {
    return [...this.#workers.values()];
  }

  get #log(): Logger {
    return this.#options.logger;
  }

  #hook(name: string, ...args: unknown[]) {
    const hook = (this.#config.settings as unknown as Record<string, ((...a: never[]) => unknown) | undefined>)[name];
    return runHook(name, hook, args, { timeoutMs: this.#config.settings.hookTimeout * 1000, logger: this.#log });
  }

  async start(): Promise<void> {
    this.#state = 'running';
    for (let id = 1; id <= this.#target; id++) await this.#spawn(id, this.#generation);
  }

  async handle(event: MasterEvent): Promise<void> {
    switch (event.type) {
      case 'signal':
        return this.#onSignal(event.signal);
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

  async #spawn(id: number, generation: number): Promise<void> {
    if (this.#state !== 'running') return;
    await this.#hook('preFork', { id, pid: 0, generation }, { config: this.#config });
    const key = this.#nextKey++;
    const child = this.#options.port.spawnWorker({
      key,
      payload: { ...this.#options.bootBase, id, generation },
      env: this.#options.workerEnv,
      cwd: this.#options.workerCwd,
    });
    const worker = new WorkerHandle(key, id, generation, child, this.#options.port.now());
    this.#workers.set(key, worker);
    worker.addTimer(this.#options.port.setTimer(this.#config.settings.bootTimeout * 1000, 'boot-timeout', { key }));
    this.#log.info({ event: 'worker.spawned', worker: id, pid: worker.pid, generation }, `worker ${id} spawned (pid ${worker.pid})`);
  }

  #live(generation: number): WorkerHandle[] {
    return this.workers.filter((w) => w.generation === generation && (w.state === 'booting' || w.state === 'ready'));
  }

  async #onMessage(key: number, message: WorkerMessage): Promise<void> {
    const worker = this.#workers.get(key);
    if (worker === undefined) return;
    switch (message.type) {
      case 'ready': {
        if (!worker.transition('ready')) return;
        worker.clearTimers();
        worker.readyAt = this.#options.port.now();
        this.#log.info({ event: 'worker.ready', worker: worker.id, pid: worker.pid, generation: worker.generation, bootMs: worker.readyAt - worker.spawnedAt }, `worker ${worker.id} ready`);
        if (this.#state !== 'running') {
          // A stop began while it booted: it gets the same drain as everyone else.
          worker.child.send(this.#fast ? { type: 'quit' } : { type: 'drain', timeoutMs: this.#config.settings.gracefulTimeout * 1000 });
          return;
        }
        await this.#afterReady(worker);
        return;
      }
      case 'boot-failed':
        this.#log.error(
          { event: 'worker.boot-failed', worker: worker.id, pid: worker.pid, generation: worker.generation, code: message.error.code, reason: message.error.reason, stack: message.error.stack },
          `worker ${worker.id} failed to boot: ${message.error.message}`,
        );
        if (worker.generation === this.#pending) await this.#rollback(`worker ${worker.id} failed to boot: ${message.error.message}`);
        return;
      case 'heartbeat':
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
      if (old.exitReason === `replaced-by:${worker.key}`) this.#drain(old, 'replaced');
    }
    if (this.#pending !== null && worker.generation === this.#pending) {
      if (this.#live(this.#pending).every((w) => w.state === 'ready') && this.#live(this.#pending).length >= this.#target) await this.#commitRestart();
      return;
    }
    if (!this.#announcedReady && this.#live(this.#generation).filter((w) => w.state === 'ready').length >= this.#target) {
      this.#announcedReady = true;
      this.#log.info({ event: 'server.ready', workers: this.#target, generation: this.#generation }, 'all workers ready');
      await this.#hook('whenReady', { config: this.#config });
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
      { event: 'worker.exited', worker: worker.id, pid: worker.pid, generation: worker.generation, code, signal, reason: worker.exitReason ?? 'crashed' },
      `worker ${worker.id} exited (${signal ?? `code ${code}`})`,
    );
    await this.#hook('childExit', { ...worker.info, code, signal });

    if (this.#state === 'stopping') {
      if (this.#workers.size === 0) await this.#finishStop();
      return;
    }
    if (this.#state !== 'running' || planned) return;

    if (worker.generation === this.#pending) {
      await this.#rollback(`worker ${worker.id} of the new generation exited during boot (${signal ?? `code ${code}`})`);
      return;
    }
    // A replacement that was booting for it no longer replaces anything: it just fills the slot.
    for (const w of this.workers) if (w.exitReason === `replaced-by:${key}`) w.exitReason = null;
    const stable = wasReady && worker.readyAt !== null && this.#options.port.now() - worker.readyAt >= STABLE_MS;
    const failures = stable ? 1 : (this.#failures.get(worker.id) ?? 0) + 1;
    this.#failures.set(worker.id, failures);
    this.#scheduleRespawn(worker.id, failures);
  }

  #scheduleRespawn(id: number, failures: number): void {
    if (id > this.#target || this.#respawns.has(id)) return;
    if (this.#live(this.#generation).some((w) => w.id === id)) return;
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
        if (this.#state === 'running' && id <= this.#target && !this.#live(this.#generation).some((w) => w.id === id)) {
          await this.#spawn(id, this.#generation);
        }
        return;
      }
      case 'boot-timeout': {
        const worker = this.#workers.get(event.key!);
        if (worker === undefined || worker.state !== 'booting') return;
        this.#log.error(
          { event: 'worker.boot-timeout', worker: worker.id, pid: worker.pid, generation: worker.generation, bootTimeout: this.#config.settings.bootTimeout },
          `worker ${worker.id} did not become ready within ${this.#config.settings.bootTimeout} s; killing it`,
        );
        worker.child.kill('SIGKILL');
        return;
      }
      case 'drain-deadline': {
        const worker = this.#workers.get(event.key!);
        if (worker === undefined || worker.state === 'exited') return;
        this.#log.warn({ event: 'worker.killed', worker: worker.id, pid: worker.pid, generation: worker.generation }, `worker ${worker.id} outlived its graceful deadline; SIGKILL`);
        worker.child.kill('SIGKILL');
        return;
      }
      case 'stop-deadline':
        for (const worker of this.#workers.values()) {
          this.#log.warn({ event: 'worker.killed', worker: worker.id, pid: worker.pid, generation: worker.generation }, `worker ${worker.id} still running at the stop deadline; SIGKILL`);
          worker.child.kill('SIGKILL');
        }
        return;
      default:
        return assertNever(event.kind);
    }
  }

  /** Graceful retirement of one worker: it stops accepting and finishes what it has. */
  #drain(worker: WorkerHandle, reason: string): void {
    if (!worker.transition('draining')) return;
    worker.exitReason = reason;
    const timeoutMs = this.#config.settings.gracefulTimeout * 1000;
    worker.clearTimers();
    worker.child.send({ type: 'drain', timeoutMs });
    worker.addTimer(this.#options.port.setTimer(timeoutMs + KILL_MARGIN_MS, 'drain-deadline', { key: worker.key }));
    this.#log.info({ event: 'worker.draining', worker: worker.id, pid: worker.pid, generation: worker.generation, reason }, `worker ${worker.id} draining (${reason})`);
  }

  /** Replaces one worker new-before-old: the successor boots, and only once it is ready the old one drains. */
  async #replace(worker: WorkerHandle, reason: string): Promise<void> {
    if (worker.state !== 'ready' || worker.exitReason !== null) return;
    const key = this.#nextKey;
    worker.exitReason = `replaced-by:${key}`;
    this.#log.info({ event: 'worker.replacing', worker: worker.id, pid: worker.pid, reason }, `replacing worker ${worker.id}`);
    await this.#spawn(worker.id, worker.generation);
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
        return this.#restart();
      case 'SIGTTIN':
        return this.#scale(this.#target + 1);
      case 'SIGTTOU':
        return this.#scale(this.#target - 1);
      case 'SIGUSR1':
        for (const worker of this.#workers.values()) worker.child.send({ type: 'reopen-logs' });
        this.#options.onReopenLogs();
        this.#log.info({ event: 'logs.reopened' }, 'log files reopened');
        return;
      default:
        this.#log.debug({ event: 'signal.ignored', signal }, `ignored ${signal}`);
    }
  }

  async #scale(next: number): Promise<void> {
    if (this.#state !== 'running') return;
    if (next < 1) {
      this.#log.warn({ event: 'workers.scale-refused', workers: this.#target }, 'refusing to go below one worker');
      return;
    }
    const previous = this.#target;
    this.#target = next;
    this.#log.info({ event: 'workers.scaled', workers: next, previous }, `workers: ${previous} -> ${next}`);
    await this.#hook('nworkersChanged', next, previous, { config: this.#config });
    const generations = this.#pending === null ? [this.#generation] : [this.#generation, this.#pending];
    for (const generation of generations) {
      const live = this.#live(generation).filter((w) => w.exitReason === null);
      if (next > live.length) {
        const used = new Set(live.map((w) => w.id));
        for (let id = 1; used.size < next; id++) {
          if (used.has(id)) continue;
          used.add(id);
          const timer = this.#respawns.get(id);
          if (timer !== undefined) continue; // a respawn for this slot is already scheduled
          await this.#spawn(id, generation);
        }
      } else {
        const oldest = [...live].sort((a, b) => a.spawnedAt - b.spawnedAt || a.key - b.key);
        for (const worker of oldest.slice(0, live.length - next)) this.#drain(worker, 'scaled-down');
      }
    }
    for (const [id, cancel] of this.#respawns) {
      if (id > next) {
        cancel();
        this.#respawns.delete(id);
      }
    }
  }

  /** SIGHUP until the reload pipeline lands: a full restart, new generation ready before the old drains. */
  async #restart(): Promise<void> {
    if (this.#state !== 'running') return;
    if (this.#pending !== null) {
      this.#restartQueued = true;
      this.#log.info({ event: 'reload.queued' }, 'a restart is in progress; another will follow it');
      return;
    }
    this.#pending = this.#generation + 1;
    this.#log.info({ event: 'reload.started', generation: this.#pending }, `restarting workers as generation ${this.#pending}`);
    const hook = await this.#hook('onReload', { config: this.#config, previous: this.#config, generation: this.#pending });
    if (!hook.ok) {
      await this.#rollback('the onReload hook failed');
      return;
    }
    for (let id = 1; id <= this.#target; id++) await this.#spawn(id, this.#pending);
  }

  async #commitRestart(): Promise<void> {
    const next = this.#pending!;
    for (const worker of this.workers) if (worker.generation < next) this.#drain(worker, 'restarted');
    for (const cancel of this.#respawns.values()) cancel();
    this.#respawns.clear();
    this.#generation = next;
    this.#pending = null;
    this.#log.info({ event: 'reload.committed', generation: next }, `generation ${next} is serving`);
    await this.#afterRestart();
  }

  async #rollback(reason: string): Promise<void> {
    const failed = this.#pending;
    if (failed === null) return;
    this.#pending = null;
    for (const worker of this.workers) {
      if (worker.generation !== failed) continue;
      if (worker.state === 'ready') this.#drain(worker, 'rolled-back');
      else if (worker.state === 'booting') {
        worker.exitReason = 'rolled-back';
        worker.child.kill('SIGKILL');
      }
    }
    this.#log.error({ event: 'reload.rolled-back', generation: failed, reason }, `restart rolled back, generation ${this.#generation} keeps serving: ${reason}`);
    await this.#afterRestart();
  }

  async #afterRestart(): Promise<void> {
    if (!this.#restartQueued) return;
    this.#restartQueued = false;
    await this.#restart();
  }

  async #stop(fast: boolean): Promise<void> {
    if (this.#state === 'stopped') return;
    if (this.#state === 'stopping' && (!fast || this.#fast)) return;
    const escalate = this.#state === 'stopping';
    this.#state = 'stopping';
    this.#fast = fast;
    this.#log.info({ event: 'shutdown.started', mode: fast ? 'fast' : 'graceful', workers: this.#workers.size }, fast ? 'fast shutdown' : 'graceful shutdown');
    for (const cancel of this.#respawns.values()) cancel();
    this.#respawns.clear();
    const graceMs = this.#config.settings.gracefulTimeout * 1000;
    for (const worker of this.#workers.values()) {
      worker.clearTimers();
      worker.transition('draining');
      worker.exitReason ??= 'shutdown';
      worker.child.send(fast ? { type: 'quit' } : { type: 'drain', timeoutMs: graceMs });
    }
    this.#stopTimer?.();
    this.#stopTimer = this.#options.port.setTimer(fast ? FAST_STOP_MS : graceMs + KILL_MARGIN_MS, 'stop-deadline', {});
    if (this.#workers.size === 0 && !escalate) await this.#finishStop();
  }

  async #finishStop(): Promise<void> {
    if (this.#state === 'stopped') return;
    this.#state = 'stopped';
    this.#stopTimer?.();
    await this.#hook('onExit', { config: this.#config });
    await this.#options.onStopped(0);
  }
}
