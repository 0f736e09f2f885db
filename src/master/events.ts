// Everything that can happen to the master, as one union: the serial event queue hands these to
// the arbiter one at a time, so a signal in the middle of a restart is just the next event.

import type { ResolvedConfig } from '../config/resolved-config.ts';
import type { ReloadOutcome } from '../ipc/control-protocol.ts';
import type { WorkerMessage } from '../ipc/messages.ts';
import type { ReloadTrigger } from './reload-plan.ts';
import type { MasterSignal, SignalAction } from './signals.ts';
import type { UpgradeStep } from './upgrade.ts';

/** How a reload ended (ipc/control-protocol.ts: the control socket carries it to `tsgun reload`). */
export type { ReloadOutcome };

/** What a timer is for, with exactly the ids that kind needs: a worker's key, a slot or an effect. */
export type Timer =
  | { readonly kind: 'boot-timeout' | 'drain-deadline' | 'abort-grace'; readonly key: number }
  | { readonly kind: 'respawn'; readonly slot: number }
  | { readonly kind: 'effect-timeout'; readonly effect: number }
  | { readonly kind: 'liveness' | 'metrics' | 'stop-deadline' }
  /** Forks left for the next turn of the event loop (the arbiter's SPAWNS_PER_TURN). */
  | { readonly kind: 'reconcile' };

export type TimerKind = Timer['kind'];

export type TimerEvent = { readonly type: 'timer' } & Timer;

/** How user code run as an effect (src/master/effects.ts) ended. */
export type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: Error; readonly timedOut: boolean };

/** User code the master ran off its queue reports back: the config read, or a hook. */
export type EffectEvent =
  | { readonly type: 'config-read'; readonly effect: number; readonly result: Settled<ResolvedConfig> }
  | { readonly type: 'hook-done'; readonly effect: number; readonly name: string; readonly result: Settled<unknown> };

/** What the arbiter decided on a `scale` command: the new target, or why not. */
export type ScaleDecision = { readonly ok: true; readonly previous: number; readonly workers: number } | { readonly ok: false; readonly reason: string };

export type MasterEvent =
  | { readonly type: 'signal'; readonly signal: MasterSignal }
  /** `tsgun stop` and `tsgun reopen-logs` over the control socket: what the signal asks, without one. */
  | { readonly type: 'command'; readonly action: Extract<SignalAction, 'stop' | 'fast-stop' | 'reopen-logs'> }
  /** `tsgun scale`: a new target, or a signed change of it (`relative`), within 1..`max`. */
  | { readonly type: 'scale'; readonly workers: number; readonly relative: boolean; readonly max: number; readonly reply: (decision: ScaleDecision) => void }
  | { readonly type: 'reload'; readonly trigger: ReloadTrigger; readonly reply?: ((outcome: ReloadOutcome) => void) | undefined }
  | { readonly type: 'worker-message'; readonly key: number; readonly message: WorkerMessage }
  | { readonly type: 'worker-exit'; readonly key: number; readonly code: number | null; readonly signal: NodeJS.Signals | null }
  /** The new master of an upgrade said it is ready, exited, or ran out of time (upgrade.ts). */
  | { readonly type: 'upgrade'; readonly step: UpgradeStep }
  | TimerEvent
  | EffectEvent;

/** Serial queue: events are handled strictly one after another, each to completion. */
export class EventQueue<E> {
  readonly #items: E[] = [];
  readonly #handle: (event: E) => Promise<void>;
  readonly #onError: (error: unknown, event: E) => void;
  #running = false;

  constructor(handle: (event: E) => Promise<void>, onError: (error: unknown, event: E) => void) {
    this.#handle = handle;
    this.#onError = onError;
  }

  push(event: E): void {
    this.#items.push(event);
    if (!this.#running) void this.#run();
  }

  async #run(): Promise<void> {
    this.#running = true;
    while (this.#items.length > 0) {
      const event = this.#items.shift()!;
      try {
        await this.#handle(event);
      } catch (error) {
        this.#onError(error, event);
      }
    }
    this.#running = false;
  }
}
