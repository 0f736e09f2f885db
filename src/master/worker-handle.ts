// The master's view of one worker process: identity, an explicit lifecycle state with its allowed
// transitions, the timers that belong to it, and the verbs the master acts on it with (Puma's
// WorkerHandle: boot, ping, term, kill). Nothing outside writes its fields: a verb does.

import type { WireError, WorkerMetrics } from '../ipc/messages.ts';
import type { ChildHandle } from './port.ts';

export type WorkerState = 'booting' | 'ready' | 'draining' | 'exited';

const ALLOWED: Readonly<Record<WorkerState, readonly WorkerState[]>> = {
  booting: ['ready', 'draining', 'exited'],
  ready: ['draining', 'exited'],
  draining: ['exited'],
  exited: [],
};

export class WorkerHandle {
  /** Unique for the master's life. */
  readonly key: number;
  /** The slot (1..workers): small, reused by a replacement; what hooks and logs call the worker id. */
  readonly id: number;
  readonly generation: number;
  readonly spawnedAt: number;
  readonly #child: ChildHandle;
  #state: WorkerState = 'booting';
  #readyAt: number | null = null;
  #exitReason: string | null = null;
  #replacing: string | null = null;
  #bootError: WireError | null = null;
  #bootTimedOut = false;
  #lastHeartbeat: number | null = null;
  #metrics: WorkerMetrics | null = null;
  readonly #timers = new Set<() => void>();

  constructor(key: number, id: number, generation: number, child: ChildHandle, spawnedAt: number) {
    this.key = key;
    this.id = id;
    this.generation = generation;
    this.#child = child;
    this.spawnedAt = spawnedAt;
  }

  get state(): WorkerState {
    return this.#state;
  }

  get pid(): number {
    return this.#child.pid;
  }

  /** When it reported ready, or null while it boots. */
  get readyAt(): number | null {
    return this.#readyAt;
  }

  /** Why it is going away, when that was decided by the master (retired, replaced, rolled back). */
  get exitReason(): string | null {
    return this.#exitReason;
  }

  /** Why a successor is booting for it (recycle): it serves until that one is ready, then drains. */
  get replacing(): string | null {
    return this.#replacing;
  }

  /** What the worker reported when its boot failed. */
  get bootError(): WireError | null {
    return this.#bootError;
  }

  /** Killed by the master for not reporting ready within bootTimeout. */
  get bootTimedOut(): boolean {
    return this.#bootTimedOut;
  }

  /** When the worker's event loop last reported (ready counts as the first heartbeat). */
  get lastHeartbeat(): number | null {
    return this.#lastHeartbeat;
  }

  /** The figures of its latest heartbeat. */
  get metrics(): WorkerMetrics | null {
    return this.#metrics;
  }

  /** Booting or serving, and nothing decided its end: it counts towards its generation's workers. */
  get isLive(): boolean {
    return (this.#state === 'booting' || this.#state === 'ready') && this.#exitReason === null;
  }

  /** What the `worker.exited` line says: the master's reason, or what happened to it. */
  get exitCause(): string {
    return this.#exitReason ?? (this.#bootTimedOut ? 'boot-timeout' : 'crashed');
  }

  /** The fields every master line about this worker carries. */
  get logFields(): { worker: number; pid: number; generation: number } {
    return { worker: this.id, pid: this.pid, generation: this.generation };
  }

  /** What hooks are given about it. */
  get info(): { id: number; pid: number; generation: number } {
    return { id: this.id, pid: this.pid, generation: this.generation };
  }

  /** Moves to `next`; returns false (and stays) when the move is not allowed from here. */
  transition(next: WorkerState): boolean {
    if (!ALLOWED[this.#state].includes(next)) return false;
    this.#state = next;
    if (next === 'exited') this.clearTimers();
    return true;
  }

  /** It reported ready: its boot timer goes, and ready counts as its first heartbeat. False for a duplicate. */
  markReady(now: number): boolean {
    if (!this.transition('ready')) return false;
    this.clearTimers();
    this.#readyAt = now;
    this.#lastHeartbeat = now;
    return true;
  }

  heartbeat(now: number, metrics: WorkerMetrics | null): void {
    this.#lastHeartbeat = now;
    if (metrics !== null) this.#metrics = metrics;
  }

  bootFailed(error: WireError): void {
    this.#bootError = error;
  }

  /** A successor boots for it; it keeps serving meanwhile. False when it is already on its way out. */
  markReplacing(reason: string): boolean {
    if (this.#state !== 'ready' || this.#exitReason !== null || this.#replacing !== null) return false;
    this.#replacing = reason;
    return true;
  }

  /** It is exiting by itself (it reported its boot failure): the master notes why and keeps SIGKILL in reserve. */
  markExiting(reason: string): void {
    this.#exitReason = reason;
    this.clearTimers();
  }

  /** Graceful retirement: it stops accepting and finishes what it has. False when it already drains or is gone. */
  drain(reason: string, timeoutMs: number): boolean {
    if (!this.transition('draining')) return false;
    this.#exitReason = reason;
    this.clearTimers();
    this.#child.send({ type: 'drain', timeoutMs });
    return true;
  }

  /** The master stops: every worker gets the same drain (or quit), whatever it was doing. */
  stop(fast: boolean, timeoutMs: number): void {
    this.clearTimers();
    this.transition('draining');
    this.#exitReason ??= 'shutdown';
    this.#child.send(fast ? { type: 'quit' } : { type: 'drain', timeoutMs });
  }

  /** Its loop is stuck: it is told to abort (running workerAbort if it still can) before SIGKILL. */
  abort(): void {
    this.transition('draining');
    this.#exitReason = 'timed-out';
    this.clearTimers();
    this.#child.send({ type: 'abort' });
  }

  /** SIGKILL. With a reason, the master decided its end here (unless it had decided it before). */
  kill(reason?: string): void {
    if (reason !== undefined) {
      this.#exitReason ??= reason;
      this.clearTimers();
    }
    this.#child.kill('SIGKILL');
  }

  /** SIGKILL for not reporting ready within bootTimeout: its exit counts as a boot failure. */
  killForBootTimeout(): void {
    this.#bootTimedOut = true;
    this.#child.kill('SIGKILL');
  }

  reopenLogs(): void {
    this.#child.send({ type: 'reopen-logs' });
  }

  setLogLevel(level: string): void {
    this.#child.send({ type: 'log-level', level });
  }

  addTimer(cancel: () => void): void {
    this.#timers.add(cancel);
  }

  clearTimers(): void {
    for (const cancel of this.#timers) cancel();
    this.#timers.clear();
  }
}
