// A generation: one resolved config, the listeners it serves on, the environment its workers get,
// and the workers themselves. Workers belong to exactly one generation for their whole life, so a
// crash respawn of an old worker in the middle of a deploy boots with the old generation's config,
// never a mix.

import type { ResolvedConfig } from '../config/resolved-config.ts';
import type { BoundListener } from '../ipc/messages.ts';
import type { WorkerHandle } from './worker-handle.ts';

/** A worker decided on but not spawned yet: its `preFork` hook (an effect) runs first. Its key is already its own. */
export interface Fork {
  readonly key: number;
  readonly id: number;
  readonly since: number;
  /** The preFork effect it waits for. */
  readonly effect: number;
}

/** The environment of a generation's workers: the master's, plus the config's `env`. */
export function workerEnvOf(base: Readonly<Record<string, string | undefined>>, config: ResolvedConfig): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  return Object.assign(env, config.settings.env);
}

export class Generation {
  readonly number: number;
  readonly config: ResolvedConfig;
  readonly listeners: readonly BoundListener[];
  readonly workerEnv: Readonly<Record<string, string>>;
  readonly #workers = new Map<number, WorkerHandle>();
  readonly #forks = new Map<number, Fork>();

  constructor(number: number, config: ResolvedConfig, listeners: readonly BoundListener[], workerEnv: Readonly<Record<string, string>>) {
    this.number = number;
    this.config = config;
    this.listeners = listeners;
    this.workerEnv = workerEnv;
  }

  /**
   * The same generation with `live` settings applied in place (a config save): a new object that
   * takes over the workers, so that whoever held the old one keeps the old values.
   */
  withConfig(config: ResolvedConfig): Generation {
    const next = new Generation(this.number, config, this.listeners, this.workerEnv);
    for (const [key, worker] of this.#workers) next.#workers.set(key, worker);
    for (const [key, fork] of this.#forks) next.#forks.set(key, fork);
    this.#workers.clear();
    this.#forks.clear();
    return next;
  }

  /** Its worker processes, whatever their state, until their exit is reaped. */
  get workers(): WorkerHandle[] {
    return [...this.#workers.values()];
  }

  get forks(): Fork[] {
    return [...this.#forks.values()];
  }

  /** Processes and forks: zero means nothing of this generation is left. */
  get size(): number {
    return this.#workers.size + this.#forks.size;
  }

  /** Booting or serving, and nothing decided their end. */
  get live(): WorkerHandle[] {
    return this.workers.filter((w) => w.isLive);
  }

  worker(key: number): WorkerHandle | undefined {
    return this.#workers.get(key);
  }

  fork(fork: Fork): void {
    this.#forks.set(fork.key, fork);
  }

  /** The fork of `key`, removed; undefined when it was cancelled meanwhile. */
  unfork(key: number): Fork | undefined {
    const fork = this.#forks.get(key);
    this.#forks.delete(key);
    return fork;
  }

  add(worker: WorkerHandle): void {
    this.#workers.set(worker.key, worker);
  }

  /** Forgets a worker whose exit was reaped. */
  remove(key: number): void {
    this.#workers.delete(key);
  }
}
