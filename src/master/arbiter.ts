// The arbiter decides: how many workers, when to spawn, replace, retire or kill one, how a reload
// and a stop proceed. It sees the world only as MasterEvents, one at a time, and its parts keep
// their own books and act for it: each worker's state (worker-handle.ts), the generations and their
// workers (fleet.ts, generation.ts), the clocks on them (watchdog.ts), the reload in progress
// (reload-transaction.ts), user code in flight (effects.ts), and the one reconcile step that says
// what should change after each event (reconcile.ts).
//
// User code (the config read, master-side hooks) never runs inside the handling of an event. It is
// an effect, and its result comes back as an event of its own. Where its order matters, a state waits for it: a fork for its
// preFork, a reload for the config and onReload, the exit for onExit.

import type { ResolvedConfig } from '../config/resolved-config.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import { hookOf, logHookFailure } from '../hooks/run-hook.ts';
import type { WorkerMessage } from '../ipc/messages.ts';
import type { Logger } from '../log/logger.ts';
import type { ArbiterOptions, ArbiterState } from './arbiter-options.ts';
import { arbiterView, type ArbiterView } from './arbiter-view.ts';
import { assertNever } from '../util/assert-never.ts';
import { Effects } from './effects.ts';
import type { EffectEvent, MasterEvent } from './events.ts';
import { FirstBoot, type BootGiveUp } from './first-boot.ts';
import { Fleet } from './fleet.ts';
import { reconcile } from './reconcile.ts';
import { scaleTo, scaleWithin, type Scaling } from './scaling.ts';
import type { ReloadTrigger } from './reload-plan.ts';
import { Reloads, type Reply } from './reload-transaction.ts';
import { SIGNAL_ACTIONS, type MasterSignal, type SignalAction } from './signals.ts';
import { Watchdog } from './watchdog.ts';
import type { WorkerHandle } from './worker-handle.ts';

export type { ArbiterOptions, ArbiterState } from './arbiter-options.ts';

/** What an effect's result is for: the reload in progress, a fork, the exit, or nothing but a log line. */
type Purpose = { readonly kind: 'reload' } | { readonly kind: 'fork'; readonly generation: number; readonly key: number } | { readonly kind: 'exit' } | { readonly kind: 'notify' };

const NOTIFY: Purpose = { kind: 'notify' };

/**
 * Workers forked per turn of the master's event loop. Each spawn holds the master for a fork and an
 * exec (~10 ms on a quiet machine, 100 ms and more on a loaded one): `tsgun scale +24` forked all of
 * them in one turn and stalled the master for 2.8 s (signals, heartbeats, the control socket and
 * the metrics waited). The rest follow on the next turns, through a 'reconcile' timer.
 */
const SPAWNS_PER_TURN = 4;

export class Arbiter {
  #state: ArbiterState = 'starting';
  readonly #options: ArbiterOptions;
  readonly #log: Logger;
  readonly #watchdog: Watchdog;
  readonly #effects: Effects<Purpose>;
  readonly #fleet: Fleet;
  readonly #reloads: Reloads;
  readonly #scaling: Scaling;
  readonly #firstBoot = new FirstBoot();
  #announcedReady = false;
  /** A 'reconcile' timer is set: forks were left for the next turn. */
  #forksLeft = false;
  #fast = false;
  #exitCode: number = ExitCode.OK;

  constructor(options: ArbiterOptions) {
    this.#options = options;
    this.#log = options.logger;
    this.#watchdog = new Watchdog(options.port, options.logger);
    this.#effects = new Effects(options.port);
    const preFork = (key: number, id: number, generation: { number: number; config: ResolvedConfig }): number | null =>
      this.#hook('preFork', { kind: 'fork', generation: generation.number, key }, { id, pid: 0, generation: generation.number }, { config: generation.config });
    this.#fleet = new Fleet({ ...options, watchdog: this.#watchdog, preFork, abandon: (effect) => this.#effects.abandon(effect) }, options.config, options.listeners);
    this.#reloads = new Reloads({
      logger: options.logger,
      cwd: options.cwd,
      fleet: this.#fleet,
      now: () => options.port.now(),
      readConfig: (timeoutMs) => this.#effects.readConfig(options.readConfig, timeoutMs, { kind: 'reload' }),
      onReload: (context) => this.#hook('onReload', { kind: 'reload' }, context),
      abandon: (effect) => this.#effects.abandon(effect),
      began: () => options.onLifecycle?.({ kind: 'reloading', generation: this.#fleet.current.number, workers: this.#fleet.target }),
      ended: ({ ok, ...outcome }) =>
        options.onLifecycle?.({ kind: 'reloaded', ok, code: 'code' in outcome ? outcome.code : null, generation: this.#fleet.current.number, workers: this.#fleet.target }),
      acquireListeners: (config) => options.acquireListeners(config),
      applyInPlace: (config) => {
        const previous = this.#fleet.applyInPlace(config);
        options.onConfigChanged?.(config);
        if (config.settings.workers !== previous.settings.workers) scaleTo(this.#scaling, config.settings.workers);
      },
    });
    this.#scaling = {
      fleet: this.#fleet,
      reloads: this.#reloads,
      log: this.#log,
      running: () => this.#state === 'running',
      changed: (next, previous) => {
        options.onLifecycle?.({ kind: 'scaled', generation: this.#fleet.current.number, workers: next });
        this.#hook('nworkersChanged', NOTIFY, next, previous, { config: this.#fleet.current.config });
      },
    };
  }

  /** What the control socket, the metrics and tests read (arbiter-view.ts): a frozen snapshot of now. */
  view(): ArbiterView {
    return arbiterView(this.#state, this.#fleet, this.#reloads.active !== null);
  }

  async start(): Promise<void> {
    this.#state = 'running';
    this.#watchdog.start();
    this.#reconcile();
  }

  async handle(event: MasterEvent): Promise<void> {
    this.#watchdog.noticeStall(this.#state === 'running');
    switch (event.type) {
      case 'signal':
        this.#log.info({ event: 'signal.received', signal: event.signal }, `received ${event.signal}`);
        this.#act(SIGNAL_ACTIONS[event.signal], event.signal);
        break;
      case 'command':
        this.#log.info({ event: 'control.command', action: event.action }, `control: ${event.action}`);
        this.#act(event.action);
        break;
      case 'scale':
        event.reply(scaleWithin(this.#scaling, event.relative ? this.#fleet.target + event.workers : event.workers, event.max));
        break;
      case 'reload':
        this.#requestReload(event.trigger, event.reply);
        break;
      case 'worker-message':
        this.#onMessage(event.key, event.message);
        break;
      case 'worker-exit':
        this.#onExit(event.key, event.code, event.signal);
        break;
      case 'upgrade':
        // The new master serves: this one drains and exits, as on TERM.
        if (this.#options.upgrader?.handle(event.step) === true) this.#stop(false, 'upgraded');
        break;
      case 'config-read':
      case 'hook-done': {
        const purpose = this.#effects.settled(event.effect);
        if (purpose !== undefined) await this.#effectDone(event, purpose);
        break;
      }
      case 'timer':
        if (event.kind === 'effect-timeout') {
          const expired = this.#effects.expired(event.effect);
          if (expired !== undefined) await this.#effectDone(expired.event, expired.purpose);
        } else if (event.kind === 'reconcile') this.#forksLeft = false;
        else this.#watchdog.onTimer(event, (key) => this.#fleet.find(key), this.#fleet.workers, this.#fleet.current.config);
        break;
      default:
        assertNever(event);
    }
    this.#reconcile();
    this.#announce();
    await this.#finishStop();
  }

  /** Starts a master-side hook of the serving config as an effect; null when the config has none. */
  #hook(name: string, purpose: Purpose, ...args: unknown[]): number | null {
    const { config } = this.#fleet.current;
    const hook = hookOf(config.settings, name);
    if (hook === undefined) return null;
    return this.#effects.hook(name, () => (hook as (...a: unknown[]) => unknown)(...args), config.ms.hookTimeout, purpose);
  }

  async #effectDone(event: EffectEvent, purpose: Purpose): Promise<void> {
    if (event.type === 'hook-done' && !event.result.ok) logHookFailure(this.#log, event.name, event.result.error, event.result.timedOut);
    switch (purpose.kind) {
      case 'reload': {
        const reload = this.#reloads.active;
        if (reload === null) return;
        const ending = event.type === 'config-read' ? await reload.configRead(event.effect, event.result) : await reload.hookDone(event.effect, event.result);
        if (ending !== null) this.#reloads.end(ending);
        return;
      }
      case 'fork':
        return this.#fleet.spawn(purpose.generation, purpose.key);
      case 'exit':
        this.#state = 'stopped';
        return this.#options.onStopped(this.#exitCode);
      case 'notify':
        return;
      default:
        return assertNever(purpose);
    }
  }

  /** After every event, forks, respawns later, cancels or drains until the workers are what they should be. */
  #reconcile(): void {
    let forks = 0;
    // A commit makes another generation the serving one: the next round reconciles that one.
    for (let round = 0; round < 4 && this.#state === 'running'; round++) {
      const reload = this.#reloads.active;
      const next = reload?.generation ?? null;
      let committed = false;
      for (const step of reconcile(this.#fleet.view(this.#watchdog, reload === null || next === null ? null : { generation: next, target: reload.target, batch: reload.batch }))) {
        if (step.kind === 'spawn') {
          const generation = this.#fleet.generation(step.generation);
          if (generation === undefined) continue;
          if (forks === SPAWNS_PER_TURN) {
            // Reconcile asks for it again next turn: the slot is still empty.
            if (!this.#forksLeft) this.#options.port.setTimer(0, { kind: 'reconcile' });
            this.#forksLeft = true;
            continue;
          }
          this.#fleet.fork(step.id, generation);
          forks++;
        } else if (step.kind === 'respawn-later') this.#watchdog.respawnLater(step.id);
        else if (step.kind === 'cancel-respawn') this.#watchdog.cancelRespawn(step.id);
        else if (step.kind === 'drain') this.#fleet.drain(step.key, step.reason);
        else {
          committed = true;
          this.#commit();
        }
      }
      if (!committed) break;
    }
    this.#watchdog.settleOwed();
  }

  /** `server.ready` (and whenReady) once, when the first generation has all its workers ready. */
  #announce(): void {
    if (this.#announcedReady || this.#state !== 'running') return;
    const { current, target } = this.#fleet;
    if (current.live.filter((w) => w.state === 'ready').length < target) return;
    this.#announcedReady = true;
    this.#firstBoot.passed();
    this.#log.info({ event: 'server.ready', workers: target, generation: current.number }, 'all workers ready');
    this.#options.onLifecycle?.({ kind: 'ready', generation: current.number, workers: target });
    this.#hook('whenReady', NOTIFY, { config: current.config });
  }

  /** Replaces one worker new-before-old: reconcile boots its successor, which drains it once ready. */
  #replace(worker: WorkerHandle, reason: string): void {
    if (!worker.markReplacing(reason)) return;
    this.#log.info({ event: 'worker.replacing', worker: worker.id, pid: worker.pid, reason }, `replacing worker ${worker.id}`);
  }

  // ---- worker events --------------------------------------------------------------------------

  #onMessage(key: number, message: WorkerMessage): void {
    const worker = this.#fleet.find(key)?.worker;
    if (worker === undefined) return;
    if ((message.type === 'ready' || message.type === 'boot-failed') && message.modules !== undefined) this.#options.onModules?.(worker.generation, message.modules);
    switch (message.type) {
      case 'ready': {
        const now = this.#options.port.now();
        if (!worker.markReady(now)) return;
        this.#watchdog.alive(worker);
        this.#log.info({ event: 'worker.ready', ...worker.logFields, bootMs: now - worker.spawnedAt }, `worker ${worker.id} ready`);
        return;
      }
      case 'boot-failed': {
        this.#log.error(
          { event: 'worker.boot-failed', ...worker.logFields, code: message.error.code, reason: message.error.reason, stack: message.error.stack },
          `worker ${worker.id} failed to boot: ${message.error.message}`,
        );
        worker.bootFailed(message.error);
        const reload = this.#reloads.active;
        if (reload?.generation?.number === worker.generation) this.#reloads.end(reload.workerFailed(worker));
        return;
      }
      case 'heartbeat':
        worker.heartbeat(this.#options.port.now(), message.metrics);
        this.#watchdog.alive(worker);
        if (message.metrics !== null && this.#watchdog.overMemory(worker, this.#fleet.current.config.maxMemoryBytes)) this.#replace(worker, 'max-memory');
        return;
      case 'modules':
        return this.#options.onModules?.(worker.generation, message.files);
      case 'recycle':
        this.#log.warn({ event: 'worker.recycle-requested', worker: worker.id, pid: worker.pid, reason: message.reason }, `worker ${worker.id} asked to be replaced: ${message.reason}`);
        return this.#replace(worker, message.reason);
      case 'stats':
        // Counted by the metrics before the queue (run-master.ts): bookkeeping, never a decision.
        return;
      default:
        return assertNever(message);
    }
  }

  #onExit(key: number, code: number | null, signal: NodeJS.Signals | null): void {
    const found = this.#fleet.find(key);
    if (found === undefined) return;
    const { worker, generation } = found;
    const planned = worker.exitReason !== null;
    worker.transition('exited');
    generation.remove(key);
    this.#log[planned || this.#state !== 'running' ? 'info' : 'warn'](
      { event: 'worker.exited', ...worker.logFields, code, signal, reason: worker.exitCause },
      `worker ${worker.id} exited (${signal ?? `code ${code}`})`,
    );
    this.#hook('childExit', NOTIFY, { ...worker.info, code, signal });
    const reload = this.#reloads.active;
    this.#fleet.forgetIdle(reload?.generation ?? null);
    if (this.#state !== 'running' || planned) return;
    if (reload !== null && reload.generation === generation) this.#reloads.end(reload.workerFailed(worker, { code, signal }));
    else if (generation === this.#fleet.current) {
      const giveUp = this.#firstBoot.failed(worker, { code, signal }, generation.config.settings);
      if (giveUp === null) this.#watchdog.crashed(worker);
      else this.#giveUp(giveUp);
    }
  }

  // ---- signals and control commands -----------------------------------------------------------

  /** What a signal asks for (signals.ts), or the same asked over the control socket. */
  #act(action: SignalAction, signal?: MasterSignal): void {
    switch (action) {
      case 'stop':
        return this.#stop(false);
      case 'fast-stop':
        return this.#stop(true);
      case 'reload':
        return this.#requestReload('signal', this.#options.recordReload?.());
      case 'scale-up':
        return scaleTo(this.#scaling, this.#fleet.target + 1);
      case 'scale-down':
        return scaleTo(this.#scaling, this.#fleet.target - 1);
      case 'reopen-logs':
        // The master's file first: a worker that reopens the errorLog must find the new file there.
        this.#options.onReopenLogs();
        for (const worker of this.#fleet.workers) worker.reopenLogs();
        return this.#log.info({ event: 'logs.reopened' }, 'log files reopened');
      case 'upgrade':
        return this.#options.upgrader?.start(this.#state !== 'running' ? 'this master is stopping' : this.#reloads.active !== null ? 'a reload is in progress' : null);
      case 'ignore':
        return this.#log.debug({ event: 'signal.ignored', signal }, `ignored ${signal ?? action}`);
      default:
        return assertNever(action);
    }
  }

  // ---- reload ---------------------------------------------------------------------------------

  #requestReload(trigger: ReloadTrigger, reply: Reply | undefined): void {
    const replies = reply === undefined ? [] : [reply];
    if (this.#state === 'running') return this.#reloads.request(trigger, replies);
    for (const r of replies) r({ ok: false, generation: null, code: 'TSG_RELOAD_FAILED', reason: 'tsgun is shutting down' });
  }

  /** Every new worker is ready: the new generation serves, the old ones drain. */
  #commit(): void {
    const reload = this.#reloads.active;
    const generation = reload?.generation ?? null;
    if (reload === null || generation === null) return;
    const previousTarget = this.#fleet.target;
    const ending = reload.commit();
    this.#watchdog.resetBackoff();
    this.#announcedReady = true;
    this.#firstBoot.passed();
    this.#options.onConfigChanged?.(generation.config);
    this.#reloads.end(ending);
    const { target, current } = this.#fleet;
    if (previousTarget !== target) this.#hook('nworkersChanged', NOTIFY, target, previousTarget, { config: current.config });
  }

  // ---- stop -----------------------------------------------------------------------------------

  /**
   * TERM (graceful) or INT/QUIT (fast), handled at once whatever user code still runs. A reload in
   * progress is abandoned: its effect's late result is ignored, its forks dropped, its new workers
   * stopped with everyone else.
   */
  #stop(fast: boolean, status = fast ? 'fast shutdown' : 'graceful shutdown'): void {
    if (this.#state === 'stopping' ? !fast || this.#fast : this.#state !== 'running') return;
    this.#state = 'stopping';
    this.#fast = fast;
    this.#log.info({ event: 'shutdown.started', mode: fast ? 'fast' : 'graceful', workers: this.#fleet.workers.length }, fast ? 'fast shutdown' : 'graceful shutdown');
    this.#options.onLifecycle?.({ kind: 'stopping', status });
    const graceMs = this.#fleet.current.config.ms.gracefulTimeout;
    this.#watchdog.stop(fast, graceMs);
    this.#fleet.cancelForks();
    this.#reloads.abandon();
    this.#options.upgrader?.abandon();
    for (const worker of this.#fleet.workers) worker.stop(fast, graceMs);
  }

  /** The first generation cannot boot (first-boot.ts): the master says why, stops its workers and exits with BOOT_FAILED. */
  #giveUp(giveUp: BootGiveUp): void {
    this.#exitCode = ExitCode.BOOT_FAILED;
    this.#log.fatal({ event: 'server.boot-failed', ...giveUp, exitCode: this.#exitCode }, `the first generation never became ready: ${giveUp.reason}; exiting with code ${this.#exitCode}`);
    this.#stop(true, `failed: ${giveUp.reason}`);
  }

  /**
   * Once every worker is gone: onExit, the last hook (the ones still running, such as the last
   * workers' childExit, settle or time out first), then the master exits.
   */
  async #finishStop(): Promise<void> {
    if (this.#state !== 'stopping' || this.#fleet.workers.length > 0 || this.#effects.count((p) => p.kind === 'notify') > 0) return;
    this.#state = 'exiting';
    this.#watchdog.stopped();
    if (this.#hook('onExit', { kind: 'exit' }, { config: this.#fleet.current.config }) !== null) return;
    this.#state = 'stopped';
    await this.#options.onStopped(this.#exitCode);
  }
}
