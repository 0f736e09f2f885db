// The master's workers, generation by generation: which generation serves, which worker is which,
// and the acts on them the arbiter decides (fork, spawn, drain, stop, switch the serving generation,
// destroy a failed one). It keeps the books the arbiter and a reload both read; it decides nothing.

import type { ResolvedConfig } from '../config/resolved-config.ts';
import type { BoundListener } from '../ipc/messages.ts';
import type { Logger } from '../log/logger.ts';
import { Generation, workerEnvOf } from './generation.ts';
import type { MasterPort } from './port.ts';
import type { Member, ReconcileView } from './reconcile.ts';
import type { Watchdog } from './watchdog.ts';
import { WorkerHandle } from './worker-handle.ts';

export interface FleetOptions {
  readonly port: MasterPort;
  readonly logger: Logger;
  readonly watchdog: Watchdog;
  /** The master's environment; each generation adds its config's `env`. */
  readonly baseEnv: Readonly<Record<string, string | undefined>>;
  /** The directory workers run in (after `chdir`). */
  readonly workerCwd: string;
  /** Starts preFork for a worker about to be forked (an effect); null when the config has none. */
  readonly preFork: (key: number, id: number, generation: Generation) => number | null;
  /** Abandons an effect whose result is no longer wanted. */
  readonly abandon: (effect: number) => void;
  /** Closes every listener not in use; returns the closed ones' addresses. */
  readonly retainListeners: (inUse: readonly BoundListener[]) => string[];
}

function member(worker: WorkerHandle): Member {
  return { key: worker.key, id: worker.id, state: worker.state === 'ready' ? 'ready' : 'booting', spawnedAt: worker.spawnedAt, replacing: worker.replacing !== null };
}

export class Fleet {
  readonly #options: FleetOptions;
  readonly #generations = new Map<number, Generation>();
  #current: Generation;
  /** How many workers the serving generation should have (TTIN/TTOU move it). */
  target: number;
  #lastNumber = 1;
  #nextKey = 1;

  constructor(options: FleetOptions, config: ResolvedConfig, listeners: readonly BoundListener[]) {
    this.#options = options;
    this.#current = new Generation(1, config, listeners, workerEnvOf(options.baseEnv, config));
    this.#generations.set(1, this.#current);
    this.target = config.settings.workers;
  }

  /** The serving generation. */
  get current(): Generation {
    return this.#current;
  }

  /** Every worker process of every generation. */
  get workers(): WorkerHandle[] {
    return [...this.#generations.values()].flatMap((g) => g.workers);
  }

  get nextNumber(): number {
    return this.#lastNumber + 1;
  }

  find(key: number): { worker: WorkerHandle; generation: Generation } | undefined {
    for (const generation of this.#generations.values()) {
      const worker = generation.worker(key);
      if (worker !== undefined) return { worker, generation };
    }
    return undefined;
  }

  generation(number: number): Generation | undefined {
    return this.#generations.get(number);
  }

  /** Registers the next generation (a reload booting it). */
  open(config: ResolvedConfig, listeners: readonly BoundListener[]): Generation {
    const generation = new Generation(++this.#lastNumber, config, listeners, workerEnvOf(this.#options.baseEnv, config));
    this.#generations.set(generation.number, generation);
    return generation;
  }

  /** `live` settings applied to the serving generation in place; returns the config it had. */
  applyInPlace(config: ResolvedConfig): ResolvedConfig {
    const previous = this.#current.config;
    this.#current = this.#current.withConfig(config);
    this.#generations.set(this.#current.number, this.#current);
    if (config.settings.logLevel !== previous.settings.logLevel) for (const worker of this.#current.workers) worker.setLogLevel(config.settings.logLevel);
    return previous;
  }

  /** What reconcile compares: the serving generation, the one a reload boots, and stand-ins of others. */
  view(watchdog: Watchdog, next: { readonly generation: Generation; readonly target: number; readonly batch: number } | null): ReconcileView {
    const members = (g: Generation): Member[] => [...g.live.map(member), ...g.forks.map((f): Member => ({ key: f.key, id: f.id, state: 'forking', spawnedAt: f.since, replacing: false }))];
    return {
      current: { number: this.#current.number, members: members(this.#current), target: this.target },
      respawning: watchdog.respawning,
      owed: watchdog.owed,
      next: next === null ? null : { number: next.generation.number, members: members(next.generation), target: next.target, batch: next.batch },
      others: [...this.#generations.values()].filter((g) => g !== this.#current && g !== next?.generation).flatMap((g) => g.live.map(member)),
    };
  }

  /** A worker is decided on: preFork runs first (an effect), and spawn() follows once it settled. */
  fork(id: number, generation: Generation): void {
    const key = this.#nextKey++;
    const effect = this.#options.preFork(key, id, generation);
    if (effect === null) this.#spawn(key, id, generation);
    else generation.fork({ key, id, since: this.#options.port.now(), effect });
  }

  /** The preFork of fork `key` settled: its process is spawned, unless the fork was cancelled meanwhile. */
  spawn(generationNumber: number, key: number): void {
    const generation = this.#generations.get(generationNumber);
    const fork = generation?.unfork(key);
    if (generation !== undefined && fork !== undefined) this.#spawn(key, fork.id, generation);
  }

  /** Drops forks not spawned yet (all of them, or one generation's): their preFork results are ignored. */
  cancelForks(only?: Generation, key?: number): void {
    for (const generation of only === undefined ? this.#generations.values() : [only]) {
      for (const fork of generation.forks) {
        if (key !== undefined && fork.key !== key) continue;
        generation.unfork(fork.key);
        this.#options.abandon(fork.effect);
      }
    }
  }

  /** Graceful retirement of one worker (or a fork, which is simply dropped): it stops accepting and finishes what it has. */
  drain(key: number, reason: string): void {
    const worker = this.find(key)?.worker;
    if (worker === undefined) {
      for (const generation of this.#generations.values()) this.cancelForks(generation, key);
      return;
    }
    const timeoutMs = this.#current.config.ms.gracefulTimeout;
    if (!worker.drain(reason, timeoutMs)) return;
    this.#options.watchdog.drainDeadline(worker, timeoutMs);
    this.#options.logger.info({ event: 'worker.draining', ...worker.logFields, reason }, `worker ${worker.id} draining (${reason})`);
  }

  /** A reload committed: `generation` serves, with its target; every older worker retires. Returns the one that served. */
  serve(generation: Generation, target: number): Generation {
    const previous = this.#current;
    for (const old of this.#generations.values()) {
      if (old.number >= generation.number) continue;
      this.cancelForks(old);
      for (const worker of old.workers) {
        if (worker.state === 'booting') worker.kill('reloaded');
        else if (worker.state === 'ready') this.drain(worker.key, 'reloaded');
      }
    }
    this.#current = generation;
    this.target = target;
    this.retainListeners();
    return previous;
  }

  /**
   * A reload failed: its booting workers go (one that reported its boot failure gets a moment to
   * flush the log lines that say why); its ready ones stand in until reconcile no longer needs them.
   */
  destroy(generation: Generation): void {
    this.cancelForks(generation);
    for (const worker of generation.workers) {
      if (worker.state !== 'booting' || worker.exitReason !== null) continue;
      if (worker.bootError === null) worker.kill('rolled-back');
      else {
        worker.markExiting('rolled-back');
        this.#options.watchdog.exitGrace(worker);
      }
    }
  }

  /** Generations with nothing left, other than the serving one and `keep` (a reload's), are forgotten and their listeners closed. */
  forgetIdle(keep: Generation | null): void {
    for (const [number, generation] of this.#generations) {
      if (generation !== this.#current && generation !== keep && generation.size === 0) this.#generations.delete(number);
    }
    this.retainListeners();
  }

  /** Closes listeners that no generation with workers (or about to have them) still uses. */
  retainListeners(): void {
    const inUse = [...this.#generations.values()].flatMap((g) => g.listeners);
    for (const address of this.#options.retainListeners(inUse)) this.#options.logger.info({ event: 'listener.closed', address }, `closed listener ${address}`);
  }

  #spawn(key: number, id: number, generation: Generation): void {
    const child = this.#options.port.spawnWorker({
      key,
      payload: { id, generation: generation.number, config: generation.config },
      env: generation.workerEnv,
      cwd: this.#options.workerCwd,
      listeners: generation.listeners,
    });
    const worker = new WorkerHandle(key, id, generation.number, child, this.#options.port.now());
    generation.add(worker);
    this.#options.watchdog.spawned(worker, generation.config.ms.bootTimeout, generation.config.ms.timeout);
    this.#options.logger.info({ event: 'worker.spawned', ...worker.logFields }, `worker ${id} spawned (pid ${worker.pid})`);
  }
}
