// The hook functions of a config that was resolved in another process. Functions cannot cross a
// process boundary: the config reader (master/config-reader.ts) and the master (for a worker) send
// the resolved config as JSON with the names of the hooks it sets, and whoever runs those hooks
// imports the pinned config text to pick them. A config function runs again for that (docs/apps.md,
// "The config in the workers"); a config without hooks is never imported a second time.

import type { ResolvedConfig } from './resolved-config.ts';
import { TsgunError } from '../errors/tsgun-error.ts';
import { deepFreeze } from '../util/deep-freeze.ts';

/**
 * What a config function receives when it runs again to give its hooks: the argument of the
 * `serve` read it was resolved by, so that it returns the same hooks.
 */
const SERVE_CONTEXT = Object.freeze({ command: 'serve' as const });

export interface HookSource {
  /** The config file; null when the config came from flags and the environment only. */
  readonly file: string | null;
  /** The pinned text of each local file of the config (ResolvedConfig.texts). */
  readonly texts: Readonly<Record<string, string>>;
  /** The hooks to pick, all of which the resolved config set. */
  readonly names: readonly string[];
  /**
   * Pinned TypeScript files already stripped of their types (same offsets), so that the process
   * that picks the hooks never loads Node's type stripper (+17 MiB of RSS).
   */
  readonly runnable?: Readonly<Record<string, string>> | undefined;
  /** Who picks them: 'master' or 'worker', for the messages. */
  readonly who: string;
}

/** `config` (functions left out) with the hooks named in `source` put back, frozen. Throws TSG_CONFIG_LOAD. */
export async function withHooks(config: ResolvedConfig, source: HookSource): Promise<ResolvedConfig> {
  if (source.names.length === 0) return deepFreeze(config) as ResolvedConfig;
  const hooks = await pickHooks(source);
  return deepFreeze({ ...config, settings: { ...config.settings, ...hooks } }) as ResolvedConfig;
}

async function pickHooks({ file, texts, names, runnable, who }: HookSource): Promise<Record<string, unknown>> {
  if (file === null) throw loadError('(none)', `the resolved config names hooks (${names.join(', ')}) but no config file`, who);
  let exported: unknown;
  try {
    // Imported only here: a process whose config sets no hook never loads the loader.
    const { importFresh } = await import('./fresh-import.ts');
    const { namespace } = await importFresh(file, texts, runnable);
    exported = namespace['default'];
    if (typeof exported === 'function') exported = await (exported as (context: typeof SERVE_CONTEXT) => unknown)(SERVE_CONTEXT);
  } catch (error) {
    throw loadError(file, `importing it in the ${who} to pick its hooks failed: ${error instanceof Error ? error.message : String(error)}`, who, error);
  }
  const config = (typeof exported === 'object' && exported !== null ? exported : {}) as Record<string, unknown>;
  const hooks: Record<string, unknown> = {};
  for (const name of names) {
    if (typeof config[name] !== 'function') {
      throw loadError(file, `${name} is a function in the config as it was resolved, but not when the ${who} runs the config again; a config function must return the same hooks on every call`, who);
    }
    hooks[name] = config[name];
  }
  return hooks;
}

function loadError(file: string, message: string, who: string, cause?: unknown): TsgunError {
  return new TsgunError('TSG_CONFIG_LOAD', `cannot load the ${who}'s hooks from ${file}: ${message}`, { cause, file, problems: [] });
}
