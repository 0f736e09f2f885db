// A generation: one resolved config, the listeners it serves on, and the environment its workers
// get. Workers belong to exactly one generation for their whole life, so a crash respawn of an old
// worker in the middle of a deploy boots with the old generation's config, never a mix.

import type { ResolvedConfig } from '../config/resolved-config.ts';
import type { BoundListener } from '../ipc/messages.ts';

export interface Generation {
  readonly number: number;
  readonly config: ResolvedConfig;
  readonly listeners: readonly BoundListener[];
  readonly workerEnv: Readonly<Record<string, string>>;
}

/** The environment of a generation's workers: the master's, plus the config's `env`. */
export function workerEnvOf(base: Readonly<Record<string, string | undefined>>, config: ResolvedConfig): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  return Object.assign(env, config.settings.env);
}
