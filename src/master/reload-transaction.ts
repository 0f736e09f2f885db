// A reload is a transaction (DESIGN.md section 3, docs/reload.md): read and validate the new config,
// plan it by reload class, run onReload, open new listeners, boot the next generation next to the
// serving one, and only when every new worker is ready retire the old ones. Any failure before that
// point destroys the new generation and leaves the serving one as if nothing had happened.
//
// This module keeps one reload's books and walks its pipeline; the arbiter acts for it through a
// small host (effects, listeners, generations). The user code of the pipeline (the config function,
// onReload) runs as effects: the reload waits in a phase, the event queue does not.

import type { ResolvedConfig } from '../config/resolved-config.ts';
import { formatError } from '../errors/report.ts';
import { isTsgunError } from '../errors/tsgun-error.ts';
import type { BoundListener, WireError } from '../ipc/messages.ts';
import type { Logger } from '../log/logger.ts';
import type { ReloadOutcome, Settled } from './events.ts';
import { whyBootFailed } from './first-boot.ts';
import type { Fleet } from './fleet.ts';
import type { Generation } from './generation.ts';
import { planReload, reloadBatchSize, reloadTarget, type ReloadPlan, type ReloadTrigger } from './reload-plan.ts';
import type { WorkerHandle } from './worker-handle.ts';

export type Reply = (outcome: ReloadOutcome) => void;

/** Waiting for the config read, then for onReload, then for the new generation to boot. */
export type ReloadPhase = 'reading' | 'on-reload' | 'booting';

/** How a reload ended, with the error behind a failure (its code, reason and stack are logged). */
export interface ReloadEnding {
  readonly outcome: ReloadOutcome;
  readonly error?: unknown;
}

/** What a reload needs the arbiter to do for it. */
export interface ReloadHost {
  readonly logger: Logger;
  /** The directory tsgun was started in: paths in reported errors are shown relative to it. */
  readonly cwd: string;
  readonly fleet: Fleet;
  now(): number;
  /** Starts reading and validating the config as an effect, with this timeout; returns the effect's id. */
  readConfig(timeoutMs: number): number;
  /** Starts onReload as an effect; null when the serving config defines none. */
  onReload(context: { readonly config: ResolvedConfig; readonly previous: ResolvedConfig; readonly generation: number }): number | null;
  /** Forgets an effect: its late result is ignored. */
  abandon(effect: number): void;
  acquireListeners(config: ResolvedConfig): Promise<BoundListener[]>;
  /** Applies a config whose changes are all `live` to the serving generation. */
  applyInPlace(config: ResolvedConfig): void;
  /** A reload began (before its config is read); `ended` follows once with its outcome, after the replies. */
  began?(): void;
  ended?(outcome: ReloadOutcome): void;
}

/** The code, and the very text `tsgun check` prints for the same error (paths relative to `cwd`). */
function wireReason(error: unknown, cwd: string): { code: string; reason: string } {
  const code = isTsgunError(error) ? error.code : 'TSG_INTERNAL';
  return { code, reason: formatError(error, cwd).trimEnd() };
}

export class ReloadTransaction {
  readonly trigger: ReloadTrigger;
  readonly replies: Reply[];
  readonly startedAt: number;
  readonly #host: ReloadHost;
  #phase: ReloadPhase = 'reading';
  /** The effect it waits on: a result of any other is not its own. */
  #effect: number | null = null;
  #previous: ResolvedConfig;
  #next: ResolvedConfig | null = null;
  #plan: ReloadPlan | null = null;
  #generation: Generation | null = null;
  /** The worker count the new generation aims at (the new config's, or what TTIN/TTOU made it). */
  target: number;

  constructor(host: ReloadHost, trigger: ReloadTrigger, replies: Reply[]) {
    this.#host = host;
    this.trigger = trigger;
    this.replies = replies;
    this.startedAt = host.now();
    this.#previous = host.fleet.current.config;
    this.target = host.fleet.target;
  }

  get phase(): ReloadPhase {
    return this.#phase;
  }

  /** The generation being booted, once the config is read, onReload passed and the listeners are open. */
  get generation(): Generation | null {
    return this.#generation;
  }

  /** The effect it waits on (to abandon it), or null while it boots. */
  get effect(): number | null {
    return this.#effect;
  }

  /** How many new workers boot at a time. */
  get batch(): number {
    return reloadBatchSize(this.#generation?.config.settings.reloadBatch ?? 0, this.target);
  }

  /**
   * Reads the config. Its timeout is the serving generation's `bootTimeout`: reading the config is
   * the first step of booting the next generation, the config function may fetch secrets over the
   * network, and that is the budget operators already tune for a release that is slow to come up
   * (`hookTimeout` bounds one hook, and a config is not one).
   */
  begin(): void {
    this.#host.logger.info({ event: 'reload.started', trigger: this.trigger, generation: this.#host.fleet.current.number }, `reload started (${this.trigger})`);
    this.#effect = this.#host.readConfig(this.#previous.ms.bootTimeout);
  }

  /** The config read settled: plan, then onReload (an effect) or straight on. An ending when the reload stops here. */
  async configRead(effect: number, result: Settled<ResolvedConfig>): Promise<ReloadEnding | null> {
    if (this.#phase !== 'reading' || effect !== this.#effect) return null;
    this.#effect = null;
    if (!result.ok && result.timedOut) {
      const bootTimeout = this.#previous.settings.bootTimeout;
      return this.#fail('TSG_CONFIG_LOAD', `the config did not load within bootTimeout (${bootTimeout} s); nothing changed`);
    }
    if (!result.ok) {
      const { code, reason } = wireReason(result.error, this.#host.cwd);
      return { outcome: { ok: false, generation: null, code, reason: `the new config is invalid; nothing changed.\n${reason}` }, error: result.error };
    }
    const next = result.value;
    const plan = planReload(this.#previous, next, this.trigger);
    if (plan.refused.length > 0) {
      return this.#fail('TSG_RELOAD_REFUSED', `the new config changes ${plan.refused.join(', ')}, which only a restart of tsgun can apply; nothing changed`);
    }
    this.#next = next;
    this.#plan = plan;
    this.#phase = 'on-reload';
    this.#effect = this.#host.onReload({ config: next, previous: this.#previous, generation: this.#host.fleet.nextNumber });
    return this.#effect === null ? this.#proceed() : null;
  }

  /** onReload settled: a failure rolls the reload back, else it goes on. */
  async hookDone(effect: number, result: Settled<unknown>): Promise<ReloadEnding | null> {
    if (this.#phase !== 'on-reload' || effect !== this.#effect) return null;
    this.#effect = null;
    if (!result.ok) return this.#fail('TSG_HOOK', `the onReload hook failed: ${result.error.message}`);
    return this.#proceed();
  }

  /** Applies live-only changes in place, or opens the new listeners and the next generation. */
  async #proceed(): Promise<ReloadEnding | null> {
    const next = this.#next!;
    const changed = this.#plan!.changes.map((c) => c.setting);
    if (!this.#plan!.newGeneration) {
      // Only live settings changed (a config-file save): apply them in place.
      this.#host.applyInPlace(next);
      const durationMs = this.#host.now() - this.startedAt;
      const generation = this.#host.fleet.current.number;
      this.#host.logger.info(
        { event: 'reload.committed', trigger: this.trigger, generation, durationMs, newGeneration: false, changed },
        `reload applied in place: ${changed.join(', ') || 'no setting changed'}`,
      );
      return { outcome: { ok: true, generation, durationMs, newGeneration: false } };
    }
    let listeners: BoundListener[];
    try {
      listeners = await this.#host.acquireListeners(next);
    } catch (error) {
      const { code, reason } = wireReason(error, this.#host.cwd);
      this.#host.fleet.retainListeners();
      return { outcome: { ok: false, generation: null, code, reason: `cannot open the new listeners; nothing changed.\n${reason}` }, error };
    }
    this.#generation = this.#host.fleet.open(next, listeners);
    this.#phase = 'booting';
    this.target = reloadTarget(this.#previous.settings.workers, next.settings.workers, this.#host.fleet.target);
    this.#host.logger.info({ event: 'reload.booting', generation: this.#generation.number, workers: this.target, batch: this.batch, changed }, `booting generation ${this.#generation.number}`);
    return null;
  }

  /** Every new worker is ready: the new generation serves, the old ones retire. */
  commit(): ReloadEnding {
    const generation = this.#generation!;
    const previous = this.#host.fleet.serve(generation, this.target);
    const durationMs = this.#host.now() - this.startedAt;
    this.#host.logger.info(
      { event: 'reload.committed', trigger: this.trigger, generation: generation.number, previous: previous.number, durationMs, newGeneration: true, workers: this.target },
      `generation ${generation.number} is serving (reload took ${durationMs} ms)`,
    );
    return { outcome: { ok: true, generation: generation.number, durationMs, newGeneration: true } };
  }

  /** A new worker reported its boot failed, or (with `exit`) exited unasked: the reload rolls back. */
  workerFailed(worker: WorkerHandle, exit?: { readonly code: number | null; readonly signal: NodeJS.Signals | null }): ReloadEnding {
    const why = whyBootFailed(worker, this.#generation?.config.settings.bootTimeout, exit);
    return this.rollback(`worker ${worker.id} of generation ${worker.generation} ${why}`, worker.bootError ?? undefined);
  }

  /** A new worker failed (its boot, a crash, bootTimeout): the new generation is destroyed, the serving one keeps serving. */
  rollback(reason: string, error?: WireError): ReloadEnding {
    if (this.#generation !== null) this.#host.fleet.destroy(this.#generation);
    const code = error?.code.startsWith('TSG_') ? error.code : 'TSG_RELOAD_FAILED';
    return { outcome: { ok: false, generation: this.#generation?.number ?? null, code, reason: `${reason}; generation ${this.#host.fleet.current.number} keeps serving` }, error };
  }

  /** A stop began: the reload is given up wherever it was (its effect's late result is ignored). */
  abandoned(): ReloadEnding {
    return { outcome: { ok: false, generation: this.#generation?.number ?? null, code: 'TSG_RELOAD_FAILED', reason: 'abandoned: tsgun began shutting down' } };
  }

  /** Logs a failure (`reload.rolled-back`) and answers everyone who asked. */
  finish({ outcome, error }: ReloadEnding): void {
    if (!outcome.ok) {
      const wire = error as Partial<WireError> | undefined;
      this.#host.logger.error(
        {
          event: 'reload.rolled-back',
          trigger: this.trigger,
          generation: outcome.generation,
          serving: this.#host.fleet.current.number,
          code: outcome.code,
          reason: outcome.reason,
          ...(wire?.reason === undefined ? {} : { failure: wire.reason }),
          ...(wire?.stack === undefined ? {} : { stack: wire.stack }),
        },
        `reload rolled back: ${outcome.reason}`,
      );
    }
    for (const reply of this.replies) reply(outcome);
  }

  #fail(code: string, reason: string): ReloadEnding {
    return { outcome: { ok: false, generation: null, code, reason } };
  }
}

/** The reload in progress, and the one more that follows it when reloads are asked for meanwhile. */
export class Reloads {
  readonly #host: ReloadHost;
  #active: ReloadTransaction | null = null;
  #queued: { trigger: ReloadTrigger; readonly replies: Reply[] } | null = null;

  constructor(host: ReloadHost) {
    this.#host = host;
  }

  get active(): ReloadTransaction | null {
    return this.#active;
  }

  /** Begins a reload, or queues one: any number of requests during a reload become one more after it. */
  request(trigger: ReloadTrigger, replies: Reply[]): void {
    if (this.#active === null) return this.#begin(trigger, replies);
    if (this.#queued === null) this.#queued = { trigger, replies };
    else {
      this.#queued.replies.push(...replies);
      if (trigger !== 'watch') this.#queued.trigger = trigger;
    }
    this.#host.logger.info({ event: 'reload.queued', trigger }, 'a reload is in progress; another will follow it');
  }

  /** The reload in progress is over, whichever way: everyone who asked is answered, and the queued one begins. */
  end(ending: ReloadEnding): void {
    const reload = this.#active;
    if (reload === null) return;
    this.#active = null;
    reload.finish(ending);
    this.#host.ended?.(ending.outcome);
    this.#host.fleet.forgetIdle(null);
    const queued = this.#queued;
    this.#queued = null;
    if (queued !== null) this.#begin(queued.trigger, queued.replies);
  }

  /** A stop began: the queued requests fail, and the reload in progress is given up wherever it was. */
  abandon(): void {
    for (const reply of this.#queued?.replies ?? []) reply({ ok: false, generation: null, code: 'TSG_RELOAD_FAILED', reason: 'tsgun began shutting down' });
    this.#queued = null;
    if (this.#active === null) return;
    if (this.#active.effect !== null) this.#host.abandon(this.#active.effect);
    this.end(this.#active.abandoned());
  }

  #begin(trigger: ReloadTrigger, replies: Reply[]): void {
    this.#active = new ReloadTransaction(this.#host, trigger, replies);
    this.#host.began?.();
    this.#active.begin();
  }
}
