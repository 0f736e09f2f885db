// The argument types of the hooks, referenced by the generated config types.

import type { ResolvedConfig } from './resolved-config.ts';

/** Identifies one worker process. `id` is a small stable slot number; `generation` counts reloads. */
export interface WorkerInfo {
  readonly id: number;
  readonly pid: number;
  readonly generation: number;
}

export interface WorkerExitInfo extends WorkerInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** What master-side hooks receive. */
export interface MasterHookContext {
  readonly config: ResolvedConfig;
}

export interface ReloadHookContext extends MasterHookContext {
  /** The config the running generation was started with. */
  readonly previous: ResolvedConfig;
  /** The number of the generation about to be booted. */
  readonly generation: number;
}
