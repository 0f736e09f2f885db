// The worker's config: the resolved config its master sent (ipc/wire-config.ts), plus the functions
// of the worker-side hooks it names. Those come from the generation's pinned config text, imported
// (config/pick-hooks.ts) only to pick them; a worker whose config sets none imports nothing of the
// config. No discovery, validation, rules or file checks run in a worker: the master did all of that.

import { withHooks } from '../config/pick-hooks.ts';
import type { ResolvedConfig } from '../config/resolved-config.ts';
import type { WireConfig } from '../ipc/wire-config.ts';

/** Throws TSG_CONFIG_LOAD when the pinned config cannot be imported or no longer sets a hook the master saw. */
export async function workerConfig(wire: WireConfig): Promise<ResolvedConfig> {
  const { workerHooks, ...resolved } = wire;
  return withHooks(resolved as ResolvedConfig, { file: wire.configFile, texts: wire.texts, names: workerHooks, who: 'worker' });
}
