// What the arbiter's readers see of it (the control socket's status and scale, the metrics, the
// upgrade's timeouts, tests): one frozen snapshot, built when asked, so that they all read one shape
// and none reaches into the arbiter's parts. They read; only events change what the arbiter decides.

import type { ResolvedConfig } from '../config/resolved-config.ts';
import type { ArbiterState } from './arbiter-options.ts';
import type { Fleet } from './fleet.ts';
import type { WorkerHandle } from './worker-handle.ts';

export interface ArbiterView {
  readonly state: ArbiterState;
  /** The serving generation's config: master hooks and timeouts come from it. */
  readonly config: ResolvedConfig;
  /** The serving generation's number. */
  readonly generation: number;
  /** The worker count the serving generation aims at (its config's, or what TTIN/TTOU made it). */
  readonly target: number;
  /** The number the next generation will have (a rolled-back one keeps its number). */
  readonly nextGeneration: number;
  /** Whether a reload is in progress (another one asked for now follows it). */
  readonly reloading: boolean;
  /**
   * Every worker process of every generation, as of this snapshot. The array is the snapshot's own;
   * the handles are the live ones (their state moves on with the next event).
   */
  readonly workers: readonly WorkerHandle[];
}

export function arbiterView(state: ArbiterState, fleet: Fleet, reloading: boolean): ArbiterView {
  const { current } = fleet;
  return Object.freeze({
    state,
    config: current.config,
    generation: current.number,
    target: fleet.target,
    nextGeneration: fleet.nextNumber,
    reloading,
    workers: Object.freeze(fleet.workers),
  });
}
