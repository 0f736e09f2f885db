// The worker's config: the resolved config its master sent (ipc/wire-config.ts), plus the functions
// of the worker-side hooks it names. Those come from the generation's pinned config text, imported
// here only to pick them; a worker whose config sets none imports nothing of the config. No
// discovery, validation, rules or file checks run in a worker: the master did all of that.

import type { ResolvedConfig } from '../config/resolved-config.ts';
import { TsgunError } from '../errors/tsgun-error.ts';
import { deepFreeze } from '../util/deep-freeze.ts';
import type { WireConfig, WorkerHookName } from '../ipc/wire-config.ts';

/**
 * What a config function receives when a worker runs it again to pick its hooks: the argument of
 * the master's `serve` call, so that it returns the same hooks (docs/apps.md, "The config in the
 * workers").
 */
const WORKER_CONTEXT = Object.freeze({ command: 'serve' as const });

/** Throws TSG_CONFIG_LOAD when the pinned config cannot be imported or no longer sets a hook the master saw. */
export async function workerConfig(wire: WireConfig): Promise<ResolvedConfig> {
  const { workerHooks, ...resolved } = wire;
  if (workerHooks.length === 0) return deepFreeze(resolved) as ResolvedConfig;
  const hooks = await pickHooks(wire.configFile, wire.texts, workerHooks);
  return deepFreeze({ ...resolved, settings: { ...resolved.settings, ...hooks } }) as ResolvedConfig;
}

async function pickHooks(file: string | null, texts: Readonly<Record<string, string>>, names: readonly WorkerHookName[]): Promise<Record<string, unknown>> {
  if (file === null) throw loadError('(none)', `the master named worker-side hooks (${names.join(', ')}) but no config file`);
  let exported: unknown;
  try {
    // Imported only here: a worker whose config sets no worker-side hook never loads the loader.
    const { importFresh } = await import('../config/fresh-import.ts');
    const { namespace } = await importFresh(file, texts);
    exported = namespace['default'];
    if (typeof exported === 'function') exported = await (exported as (context: typeof WORKER_CONTEXT) => unknown)(WORKER_CONTEXT);
  } catch (error) {
    throw loadError(file, `importing it in the worker to pick its hooks failed: ${error instanceof Error ? error.message : String(error)}`, error);
  }
  const config = (typeof exported === 'object' && exported !== null ? exported : {}) as Record<string, unknown>;
  const hooks: Record<string, unknown> = {};
  for (const name of names) {
    if (typeof config[name] !== 'function') {
      throw loadError(file, `${name} is a function in the config the master resolved, but not when the worker runs the config again; a config function must return the same hooks on every call`);
    }
    hooks[name] = config[name];
  }
  return hooks;
}

function loadError(file: string, message: string, cause?: unknown): TsgunError {
  return new TsgunError('TSG_CONFIG_LOAD', `cannot load the worker-side hooks of ${file}: ${message}`, { cause, file, problems: [] });
}
