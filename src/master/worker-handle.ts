// The master's view of one worker process: identity, an explicit lifecycle state with its allowed
// transitions, and the timers that belong to it.

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
  readonly child: ChildHandle;
  readonly spawnedAt: number;
  readyAt: number | null = null;
  /** Why it is going away, when that was decided by the master (retired, replaced, rolled back). */
  exitReason: string | null = null;
  /** The key of the worker booting to replace this one (recycle), which drains it once ready. */
  replacedBy: number | null = null;
  /** What the worker reported when its boot failed. */
  bootError: WireError | null = null;
  /** Killed by the master for not reporting ready within bootTimeout. */
  bootTimedOut = false;
  /** When the worker's event loop last reported (ready counts as the first heartbeat). */
  lastHeartbeat: number | null = null;
  /** The figures of its latest heartbeat. */
  metrics: WorkerMetrics | null = null;
  #state: WorkerState = 'booting';
  readonly #timers = new Set<() => void>();

  constructor(key: number, id: number, generation: number, child: ChildHandle, spawnedAt: number) {
    this.key = key;
    this.id = id;
    this.generation = generation;
    this.child = child;
    this.spawnedAt = spawnedAt;
  }

  get state(): WorkerState {
    return this.#state;
  }

  get pid(): number {
    return this.child.pid;
  }

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

  addTimer(cancel: () => void): void {
    this.#timers.add(cancel);
  }

  clearTimers(): void {
    for (const cancel of this.#timers) cancel();
    this.#timers.clear();
  }
}
