// What the master answers on the control socket (control.ts carries the requests): `status` read
// from the arbiter's view as it is (so it answers in the middle of a reload), and the commands
// that change something enqueued as events, like the signals they stand for. `scale` answers once
// the fleet has settled on the new target: settled() runs after every event the arbiter handled.

import { settingsByName } from '../config/registry.ts';
import type { Settings } from '../config/settings.generated.ts';
import { parseUmask } from '../config/units.ts';
import { TsgunError } from '../errors/tsgun-error.ts';
import type { ControlReply, LastReload, ReloadOutcome, StatusReport, StopProgress, WorkerStatus } from '../ipc/control-protocol.ts';
import type { AccountDatabase } from '../sys/privileges.ts';
import type { ArbiterView } from './arbiter-view.ts';
import type { MasterEvent } from './events.ts';
import type { ControlAccess, ControlHandlers } from './control.ts';
import type { WorkerHandle } from './worker-handle.ts';

export interface ControlContext {
  /** The arbiter's snapshot of now (Arbiter.view). */
  readonly view: () => ArbiterView;
  readonly push: (event: MasterEvent) => void;
  /** The clock worker times are counted in (port.now()). */
  readonly now: () => number;
  readonly reload: () => Promise<ReloadOutcome>;
  readonly config: (nonce: string) => unknown;
}

/** The control socket's mode and group, from `controlSocketMode` and `controlSocketGroup` (a name looked up in `accounts`). */
export function controlAccess(settings: Pick<Settings, 'controlSocketMode' | 'controlSocketGroup'>, accounts: AccountDatabase): ControlAccess {
  const group = settings.controlSocketGroup;
  let gid: number | null = null;
  if (typeof group === 'number' || (group !== null && /^\d+$/.test(group))) gid = Number(group);
  else if (group !== null) {
    gid = accounts.group(group)?.gid ?? null;
    if (gid === null) throw new TsgunError('TSG_CONTROL_SOCKET', `cannot give the control socket to controlSocketGroup "${group}": there is no such group on this host`);
  }
  return { mode: parseUmask(settings.controlSocketMode), gid };
}

/** The schema's upper bound on `workers`: `scale` stays within what a config could ask for. */
function maxWorkers(): number {
  const integer = settingsByName.get('workers')?.schema.anyOf?.find((s) => s.type === 'integer');
  return integer?.maximum ?? Number.MAX_SAFE_INTEGER;
}

function workerStatus(worker: WorkerHandle, now: number): WorkerStatus {
  const m = worker.metrics;
  return {
    id: worker.id,
    pid: worker.pid,
    generation: worker.generation,
    state: worker.state,
    leaving: worker.exitReason ?? worker.replacing,
    ageMs: now - worker.spawnedAt,
    requests: m?.requests ?? null,
    rssBytes: m?.rss ?? null,
    heapUsedBytes: m?.heapUsed ?? null,
    elu: m?.elu ?? null,
    delayP99Ms: m?.delayP99Ms ?? null,
    delayMaxMs: m?.delayMaxMs ?? null,
    heartbeatAgeMs: worker.lastHeartbeat === null ? null : now - worker.lastHeartbeat,
  };
}

interface ScaleWaiter {
  readonly startedAt: number;
  readonly previous: number;
  readonly resolve: (reply: ControlReply<'scale'>) => void;
}

export class MasterControl implements ControlHandlers {
  readonly #context: ControlContext;
  readonly #startedAt = Date.now() - Math.round(process.uptime() * 1000);
  #lastReload: LastReload | null = null;
  #waiters: ScaleWaiter[] = [];

  constructor(context: ControlContext) {
    this.#context = context;
  }

  /** Every reload's outcome, whoever asked for it: status shows the last one. */
  noteReload(trigger: string, startedAt: number, outcome: ReloadOutcome): void {
    this.#lastReload = {
      ok: outcome.ok,
      trigger,
      startedAt: new Date(startedAt).toISOString(),
      finishedAt: new Date().toISOString(),
      generation: outcome.generation,
      code: outcome.ok ? null : outcome.code,
      reason: outcome.ok ? null : outcome.reason,
    };
  }

  status(): StatusReport {
    const view = this.#context.view();
    const now = this.#context.now();
    const workers = [...view.workers].sort((a, b) => a.generation - b.generation || a.id - b.id).map((w) => workerStatus(w, now));
    return {
      master: { pid: process.pid, startedAt: new Date(this.#startedAt).toISOString(), uptimeMs: Date.now() - this.#startedAt, state: view.state },
      generation: view.generation,
      targetWorkers: view.target,
      reloading: view.reloading,
      workers,
      lastReload: this.#lastReload,
    };
  }

  reload(): Promise<ReloadOutcome> {
    return this.#context.reload();
  }

  config(nonce: string): unknown {
    return this.#context.config(nonce);
  }

  scale(workers: number, relative: boolean): Promise<ControlReply<'scale'>> {
    const startedAt = this.#context.now();
    return new Promise((resolve) => {
      this.#context.push({
        type: 'scale',
        workers,
        relative,
        max: maxWorkers(),
        reply: (decision) => {
          if (!decision.ok) return resolve({ ok: false, code: 'TSG_SCALE_REFUSED', error: decision.reason });
          this.#waiters.push({ startedAt, previous: decision.previous, resolve });
        },
      });
    });
  }

  stop(fast: boolean): StopProgress {
    this.#context.push({ type: 'command', action: fast ? 'fast-stop' : 'stop' });
    const { ms } = this.#context.view().config;
    return { pid: process.pid, mode: fast ? 'fast' : 'graceful', gracefulTimeoutMs: ms.gracefulTimeout, hookTimeoutMs: ms.hookTimeout };
  }

  reopenLogs(): void {
    this.#context.push({ type: 'command', action: 'reopen-logs' });
  }

  /**
   * Run after every handled event. A `scale` is answered once no reload is in progress, the serving generation
   * has exactly the target of live workers, all ready, and none of its workers still drains (the
   * surplus has exited). A stop answers every waiter with a refusal.
   */
  settled(): void {
    if (this.#waiters.length === 0) return;
    const view = this.#context.view();
    if (view.state !== 'running') {
      for (const waiter of this.#waiters) waiter.resolve({ ok: false, code: 'TSG_SCALE_REFUSED', error: 'the master began to stop before the workers settled' });
      this.#waiters = [];
      return;
    }
    if (view.reloading) return;
    const serving = view.workers.filter((w) => w.generation === view.generation);
    const live = serving.filter((w) => w.isLive);
    const ready = live.filter((w) => w.state === 'ready').length;
    if (live.length !== view.target || ready !== view.target || serving.some((w) => w.state === 'draining')) return;
    const now = this.#context.now();
    for (const waiter of this.#waiters) waiter.resolve({ ok: true, scale: { previous: waiter.previous, workers: view.target, ready, durationMs: now - waiter.startedAt } });
    this.#waiters = [];
  }
}
