// Scaling the worker count: TTIN/TTOU, `tsgun scale` and a live `workers` change move the target;
// the arbiter's reconcile step then spawns or retires workers. During a reload both generations
// follow, so that the count after the commit is what was asked.

import type { Logger } from '../log/logger.ts';
import type { ScaleDecision } from './events.ts';
import type { Fleet } from './fleet.ts';
import type { Reloads } from './reload-transaction.ts';

export interface Scaling {
  readonly fleet: Fleet;
  readonly reloads: Reloads;
  readonly log: Logger;
  /** False once a stop began: the count no longer moves. */
  running(): boolean;
  /** The target moved (systemd's STATUS, the nworkersChanged hook). */
  changed(next: number, previous: number): void;
}

/** Moves the target to `next` (at least one worker). */
export function scaleTo(scaling: Scaling, next: number): void {
  const { fleet, log } = scaling;
  if (!scaling.running()) return;
  const previous = fleet.target;
  if (next < 1) return log.warn({ event: 'workers.scale-refused', workers: previous }, 'refusing to go below one worker');
  if (next === previous) return;
  fleet.target = next;
  const reload = scaling.reloads.active;
  if (reload !== null) reload.target = Math.max(1, reload.target + (next - previous));
  log.info({ event: 'workers.scaled', workers: next, previous }, `workers: ${previous} -> ${next}`);
  scaling.changed(next, previous);
}

/** `tsgun scale`: refused outside 1..max (the schema's bounds) and while not running; else as scaleTo. */
export function scaleWithin(scaling: Scaling, next: number, max: number): ScaleDecision {
  const previous = scaling.fleet.target;
  if (!scaling.running()) return { ok: false, reason: 'the master is stopping' };
  if (next < 1 || next > max) {
    scaling.log.warn({ event: 'workers.scale-refused', workers: previous, asked: next }, `refusing to scale to ${next} workers`);
    return { ok: false, reason: `workers must stay from 1 to ${max} (asked for ${next}, now ${previous})` };
  }
  scaleTo(scaling, next);
  return { ok: true, previous, workers: next };
}
