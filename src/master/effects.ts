// User code in the master (the config read, master-side hooks) runs as an effect: started by the
// arbiter, run off the event queue, reporting back as an event. The queue never awaits it, so TERM,
// INT, worker exits and heartbeats are handled while a config function or a hook is still running
// (measured before: a config function awaiting 8 s held a TERM for 7.6 s).
//
// Each effect has its own timeout (a port timer, so fake time drives it in tests). One that times
// out, or whose purpose was abandoned (a reload given up for a shutdown), is forgotten here: its
// result, should it ever come, is ignored; a config read is also aborted then (its reader process
// is killed, master/config-reader.ts).

import type { ResolvedConfig } from '../config/resolved-config.ts';
import type { EffectEvent, Settled } from './events.ts';
import type { MasterPort } from './port.ts';

export type Effect =
  | { readonly kind: 'config-read'; readonly id: number; readonly run: () => Promise<ResolvedConfig> }
  | { readonly kind: 'hook'; readonly id: number; readonly name: string; readonly run: () => unknown };

function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}

/** Runs `effect.run` (a throw included) in a later microtask and emits how it settled. The port's runner. */
export function runEffect(effect: Effect, emit: (event: EffectEvent) => void): void {
  const report = (result: Settled<unknown>): void =>
    emit(effect.kind === 'config-read' ? { type: 'config-read', effect: effect.id, result: result as Settled<ResolvedConfig> } : { type: 'hook-done', effect: effect.id, name: effect.name, result });
  Promise.resolve()
    .then(effect.run)
    .then(
      (value: unknown) => report({ ok: true, value }),
      (thrown: unknown) => report({ ok: false, error: asError(thrown), timedOut: false }),
    );
}

interface Pending<P> {
  readonly kind: Effect['kind'];
  readonly name: string;
  readonly purpose: P;
  readonly timeoutMs: number;
  readonly cancelTimeout: () => void;
  /** Tells the effect it is no longer wanted (a config read kills its reader); a no-op for hooks. */
  readonly abort: () => void;
}

/** The effects in flight, each with the purpose its result serves (what the arbiter does next). */
export class Effects<P> {
  readonly #port: MasterPort;
  readonly #pending = new Map<number, Pending<P>>();
  #nextId = 1;

  constructor(port: MasterPort) {
    this.#port = port;
  }

  readConfig(run: (signal: AbortSignal) => Promise<ResolvedConfig>, timeoutMs: number, purpose: P): number {
    const id = this.#nextId++;
    const controller = new AbortController();
    this.#track(id, 'config-read', 'config', timeoutMs, purpose, () => controller.abort());
    this.#port.runEffect({ kind: 'config-read', id, run: () => run(controller.signal) });
    return id;
  }

  hook(name: string, run: () => unknown, timeoutMs: number, purpose: P): number {
    const id = this.#nextId++;
    this.#track(id, 'hook', name, timeoutMs, purpose);
    this.#port.runEffect({ kind: 'hook', id, name, run });
    return id;
  }

  /** The purpose of an effect that just settled; undefined for one timed out or abandoned before (its late result is ignored). */
  settled(id: number): P | undefined {
    const pending = this.#pending.get(id);
    if (pending === undefined) return undefined;
    this.#pending.delete(id);
    pending.cancelTimeout();
    return pending.purpose;
  }

  /** Its timeout fired: the event to handle as if it had settled with a timeout, or undefined when it settled first. */
  expired(id: number): { event: EffectEvent; purpose: P } | undefined {
    const pending = this.#pending.get(id);
    if (pending === undefined) return undefined;
    this.#pending.delete(id);
    pending.abort();
    const what = pending.kind === 'config-read' ? 'the config read' : `hook ${pending.name}`;
    const result: Settled<never> = { ok: false, error: new Error(`${what} did not settle within ${pending.timeoutMs} ms`), timedOut: true };
    const event: EffectEvent = pending.kind === 'config-read' ? { type: 'config-read', effect: id, result } : { type: 'hook-done', effect: id, name: pending.name, result };
    return { event, purpose: pending.purpose };
  }

  /** What it was for is gone (a reload abandoned, a fork cancelled): its result, whenever it comes, is ignored. */
  abandon(id: number | null): void {
    if (id === null) return;
    const pending = this.#pending.get(id);
    this.#pending.delete(id);
    pending?.cancelTimeout();
    pending?.abort();
  }

  /** How many are in flight for purposes that match. */
  count(match: (purpose: P) => boolean): number {
    let n = 0;
    for (const pending of this.#pending.values()) if (match(pending.purpose)) n++;
    return n;
  }

  #track(id: number, kind: Effect['kind'], name: string, timeoutMs: number, purpose: P, abort: () => void = () => {}): void {
    const cancelTimeout = this.#port.setTimer(timeoutMs, { kind: 'effect-timeout', effect: id });
    this.#pending.set(id, { kind, name, purpose, timeoutMs, cancelTimeout, abort });
  }
}
