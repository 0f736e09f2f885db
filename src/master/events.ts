// Everything that can happen to the master, as one union: the serial event queue hands these to
// the arbiter one at a time, so a signal in the middle of a restart is just the next event.

import type { ResolvedConfig } from '../config/resolved-config.ts';
import type { WorkerMessage } from '../ipc/messages.ts';
import type { ReloadTrigger } from './reload-plan.ts';
import type { MasterSignal } from './signals.ts';

/** How a reload ended, for whoever asked for it (`tsgun reload` waits for this). */
export type ReloadOutcome =
  | { readonly ok: true; readonly generation: number; readonly durationMs: number; readonly newGeneration: boolean }
  | { readonly ok: false; readonly generation: number | null; readonly code: string; readonly reason: string };

/** What a timer is for, with exactly the ids that kind needs: a worker's key, a slot or an effect. */
export type Timer =
  | { readonly kind: 'boot-timeout' | 'drain-deadline' | 'abort-grace'; readonly key: number }
  | { readonly kind: 'respawn'; readonly slot: number }
  | { readonly kind: 'effect-timeout'; readonly effect: number }
  | { readonly kind: 'liveness' | 'metrics' | 'stop-deadline' };

export type TimerKind = Timer['kind'];

export type TimerEvent = { readonly type: 'timer' } & Timer;

/** How user code run as an effect (src/master/effects.ts) ended. */
export type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: Error; readonly timedOut: boolean };

/** User code the master ran off its queue reports back: the config read, or a hook. */
export type EffectEvent =
  | { readonly type: 'config-read'; readonly effect: number; readonly result: Settled<ResolvedConfig> }
  | { readonly type: 'hook-done'; readonly effect: number; readonly name: string; readonly result: Settled<unknown> };

export type MasterEvent =
  | { readonly type: 'signal'; readonly signal: MasterSignal }
  | { readonly type: 'reload'; readonly trigger: ReloadTrigger; readonly reply?: ((outcome: ReloadOutcome) => void) | undefined }
  | { readonly type: 'worker-message'; readonly key: number; readonly message: WorkerMessage }
  | { readonly type: 'worker-exit'; readonly key: number; readonly code: number | null; readonly signal: NodeJS.Signals | null }
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
