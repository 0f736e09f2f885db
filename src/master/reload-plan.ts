// What a reload has to do, decided from the old and the new resolved config by each setting's
// reload class (schema x-tsgun.reload): `live` settings apply in place, `respawn` settings need a
// new generation of workers, `rebind` needs new listeners first, `restart` cannot be reloaded.

import type { ReloadClass } from '../config/registry.ts';
import { settings as registrySettings } from '../config/registry.ts';
import type { ResolvedConfig } from '../config/resolved-config.ts';

export type ReloadTrigger = 'signal' | 'control' | 'watch' | 'code-change';

export interface SettingChange {
  readonly setting: string;
  readonly reload: ReloadClass;
}

export interface ReloadPlan {
  readonly changes: readonly SettingChange[];
  /** `restart`-class settings that changed: the reload is refused. */
  readonly refused: readonly string[];
  readonly rebind: boolean;
  /** Whether a new generation of workers must boot. */
  readonly newGeneration: boolean;
}

/** Functions compare by source text: a re-imported config always has new function objects. */
function comparable(value: unknown): unknown {
  if (typeof value === 'function') return `function:${String(value)}`;
  if (Array.isArray(value)) return value.map(comparable);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, comparable((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/**
 * The form a setting's value is compared in: two values are the same setting iff their forms are
 * equal. `tsgun reload --dry-run` digests a hook's form, so that a hook crosses the control socket
 * as a string that compares as the function would.
 */
export function comparableForm(value: unknown): string | undefined {
  return JSON.stringify(comparable(value));
}

function same(a: unknown, b: unknown): boolean {
  return comparableForm(a) === comparableForm(b);
}

/**
 * A deploy (HUP, `tsgun reload`) always boots a new generation: the code on disk may have changed
 * even when no setting did. A config-file save that touched only `live` settings applies in place.
 */
export function planReload(previous: ResolvedConfig, next: ResolvedConfig, trigger: ReloadTrigger): ReloadPlan {
  return planSettings(previous.settings as unknown as Record<string, unknown>, next.settings as unknown as Record<string, unknown>, trigger);
}

/** planReload on the settings alone: `tsgun reload --dry-run` plans with the master's settings as it sent them. */
export function planSettings(before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>, trigger: ReloadTrigger): ReloadPlan {
  const changes: SettingChange[] = [];
  for (const setting of registrySettings) {
    if (setting.meta.meta === true) continue;
    if (!same(before[setting.name], after[setting.name])) changes.push({ setting: setting.name, reload: setting.reload });
  }
  const refused = changes.filter((c) => c.reload === 'restart').map((c) => c.setting);
  const rebind = changes.some((c) => c.reload === 'rebind');
  const needsWorkers = rebind || changes.some((c) => c.reload === 'respawn');
  return { changes, refused, rebind, newGeneration: trigger !== 'watch' || needsWorkers };
}

/** How many workers the new generation aims at: TTIN/TTOU adjustments survive a reload, unless the new config changes `workers` itself. */
export function reloadTarget(previousWorkers: number, nextWorkers: number, currentTarget: number): number {
  return nextWorkers !== previousWorkers ? nextWorkers : currentTarget;
}

/** How many new workers boot at a time: `reloadBatch`, where 0 (or less) is the whole generation at once. */
export function reloadBatchSize(reloadBatch: number, target: number): number {
  return reloadBatch <= 0 ? target : Math.min(reloadBatch, target);
}
